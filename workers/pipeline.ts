import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Database, IngestRun, Snapshot } from "../db/schema";
import { upsertAssessments } from "../db/repositories/assessments";
import { upsertInstruments } from "../db/repositories/instruments";
import { finishRun, startRun, type RunOutcome } from "../db/repositories/runs";
import { getSnapshot, latestSnapshot, previousRecordCount, saveSnapshot, setRecordCount } from "../db/repositories/snapshots";
import { SourceParseError, type Source, type SourceRecord } from "../sources/types";
import type { Config } from "./runtime/config";
import { FetchError, politeFetch } from "./fetcher";
import type { Logger } from "./runtime/logger";

/**
 * The ingestion steps, as plain functions: fetch → snapshot → parse → upsert. The BullMQ processors
 * (workers/processors.ts) and the command line (workers/cli/ingest.ts) both call these.
 */

export interface PipelineContext {
  db: Kysely<Database>;
  config: Config;
  log: Logger;
}

export function endpointUrls(source: Source, config: Config): string[] {
  const base = config.HARMONIA_SOURCE_URLS.get(source.manifest.id) ?? source.manifest.baseUrl;
  return source.manifest.endpoints.map((e) => new URL(e.path, base.endsWith("/") ? base : `${base}/`).toString());
}

/** Raised when a step fails; `retryable` tells the worker whether another attempt can help. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "StepError";
  }
}

export interface FetchStepResult {
  /** Snapshots fetched in this run that have not been parsed successfully yet. */
  toProcess: number[];
  fetched: number;
  unchanged: number;
  errors: string[];
}

/** Fetches every endpoint of a source and stores what came back. */
export async function fetchStep(ctx: PipelineContext, source: Source): Promise<FetchStepResult> {
  const m = source.manifest;
  const result: FetchStepResult = { toProcess: [], fetched: 0, unchanged: 0, errors: [] };
  let retryable = false;
  for (const url of endpointUrls(source, ctx.config)) {
    const previous = await latestSnapshot(ctx.db, m.id, url);
    try {
      const response = url.startsWith("file:")
        ? { status: null, headers: {}, contentType: null, body: new Uint8Array(await fs.readFile(fileURLToPath(url))), notModified: false }
        : await politeFetch(url, {
            userAgent: ctx.config.userAgent,
            timeoutMs: m.politeness.timeoutMs,
            maxBodyBytes: m.politeness.maxBodyBytes,
            minDelayMs: ctx.config.HARMONIA_REQUEST_GAP ?? m.politeness.minDelayMs,
            allowPrivateAddresses: ctx.config.HARMONIA_ALLOW_PRIVATE_FETCH,
            etag: previous?.headers.etag ?? null,
            lastModified: previous?.headers["last-modified"] ?? null,
          });
      result.fetched++;
      let snapshot: Snapshot;
      if (response.notModified && previous) {
        snapshot = previous;
      } else {
        snapshot = (
          await saveSnapshot(ctx.db, {
            sourceId: m.id,
            url,
            httpStatus: response.status,
            headers: response.headers,
            contentType: response.contentType,
            body: response.body,
          })
        ).snapshot;
      }
      if (snapshot.record_count === null) result.toProcess.push(snapshot.id);
      else result.unchanged++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.log.warn({ source: m.id, url, err: message }, "fetch failed");
      result.errors.push(message);
      if (!(error instanceof FetchError) || !error.permanent) retryable = true;
    }
  }
  if (result.fetched === 0 && result.errors.length > 0) {
    throw new StepError(`No endpoint of ${m.id} could be fetched: ${result.errors.join("; ")}`, retryable);
  }
  return result;
}

export interface ProcessStepResult {
  parsed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Why payloads were set aside (kept out of the database); empty when all went in. */
  suspect: string[];
  records: SourceRecord[];
}

async function knownJurisdictions(db: Kysely<Database>, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom("jurisdiction").select("code").where("code", "in", codes).execute();
  return new Set(rows.map((r) => r.code));
}

/**
 * Parses stored snapshots and writes their records, one transaction per payload. A payload that fails
 * to parse, yields nothing, or yields far fewer records than last time is suspect: it is set aside
 * and the data from the last good payload stays as it is.
 */
export async function processStep(ctx: PipelineContext, source: Source, snapshotIds: number[]): Promise<ProcessStepResult> {
  const m = source.manifest;
  const result: ProcessStepResult = { parsed: 0, inserted: 0, updated: 0, unchanged: 0, suspect: [], records: [] };
  for (const id of snapshotIds) {
    const snapshot = await getSnapshot(ctx.db, id);
    if (!snapshot) throw new StepError(`Snapshot ${id} of ${m.id} is missing`, false);
    let records: SourceRecord[];
    try {
      records = source.parse({ url: snapshot.url, body: snapshot.body, contentType: snapshot.content_type });
    } catch (error) {
      if (error instanceof SourceParseError) {
        result.suspect.push(`${snapshot.url}: ${error.code}: ${error.message}`);
        continue;
      }
      throw error;
    }
    const previous = await previousRecordCount(ctx.db, m.id, snapshot.url, snapshot.id);
    if (previous !== null && records.length < previous * m.suspectDropRatio) {
      result.suspect.push(
        `${snapshot.url}: ${records.length} records where the last good payload had ${previous} (below ${Math.round(m.suspectDropRatio * 100)}%)`,
      );
      continue;
    }
    const codes = [...new Set(records.map((r) => r.jurisdictionCode))];
    const known = await knownJurisdictions(ctx.db, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      result.suspect.push(`${snapshot.url}: unknown jurisdiction codes ${unknown.join(", ")}`);
      continue;
    }
    const instruments = records.filter((r) => r.type === "instrument");
    const assessments = records.filter((r) => r.type === "assessment");
    const counts = await ctx.db.transaction().execute(async (trx) => {
      const a = await upsertInstruments(trx, m.id, instruments, snapshot.id);
      const b = await upsertAssessments(trx, m.id, m.id === "curated" ? "curated" : "ingested", assessments, snapshot.id);
      await setRecordCount(trx, snapshot.id, records.length);
      return { inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged + b.conflicts };
    });
    result.parsed += records.length;
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
    result.records.push(...records);
  }
  return result;
}

/** How a run ends, from what its two steps returned. */
export function runOutcome(fetch: FetchStepResult, processed: ProcessStepResult): RunOutcome {
  const status: RunOutcome["status"] =
    processed.suspect.length > 0 ? "suspect" : fetch.errors.length > 0 ? "failed" : fetch.toProcess.length === 0 ? "unchanged" : "ok";
  return {
    status,
    error: [...fetch.errors, ...processed.suspect].join("\n") || null,
    payloadsFetched: fetch.fetched,
    payloadsUnchanged: fetch.unchanged,
    recordsParsed: processed.parsed,
    recordsInserted: processed.inserted,
    recordsUpdated: processed.updated,
  };
}

/** Both steps in one go, for the command line and tests; workers split them over two queues. */
export async function runSourceNow(
  ctx: PipelineContext,
  source: Source,
  trigger: IngestRun["trigger"],
): Promise<{ run: IngestRun; fetch: FetchStepResult | null; processed: ProcessStepResult | null }> {
  const run = await startRun(ctx.db, { sourceId: source.manifest.id, jobId: null, trigger });
  try {
    const fetch = await fetchStep(ctx, source);
    const processed = await processStep(ctx, source, fetch.toProcess);
    const finished = await finishRun(ctx.db, run.id, runOutcome(fetch, processed));
    return { run: finished, fetch, processed };
  } catch (error) {
    const finished = await finishRun(ctx.db, run.id, { status: "failed", error: (error as Error).message });
    return { run: finished, fetch: null, processed: null };
  }
}

/** Parses a saved payload through the same path as a fetched one (snapshot, parse, upsert). */
export async function ingestFile(
  ctx: PipelineContext,
  source: Source,
  path: string,
): Promise<{ run: IngestRun; processed: ProcessStepResult }> {
  const body = new Uint8Array(await fs.readFile(path));
  const run = await startRun(ctx.db, { sourceId: source.manifest.id, jobId: null, trigger: "file" });
  const { snapshot } = await saveSnapshot(ctx.db, {
    sourceId: source.manifest.id,
    url: new URL(`file://${path.startsWith("/") ? "" : "/"}${path}`).toString(),
    httpStatus: null,
    headers: {},
    contentType: null,
    body,
  });
  const processed = await processStep(ctx, source, [snapshot.id]);
  const finished = await finishRun(ctx.db, run.id, {
    status: processed.suspect.length > 0 ? "suspect" : "ok",
    error: processed.suspect.join("\n") || null,
    payloadsFetched: 1,
    recordsParsed: processed.parsed,
    recordsInserted: processed.inserted,
    recordsUpdated: processed.updated,
  });
  return { run: finished, processed };
}
