import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Database, IngestRun, Snapshot } from "../db/schema";
import { upsertAssessments } from "../db/repositories/assessments";
import { upsertGroups, upsertIndicators, upsertRecommendations } from "../db/repositories/catalogue";
import { upsertInstruments } from "../db/repositories/instruments";
import { finishRun, startRun, type RunOutcome } from "../db/repositories/runs";
import { getSnapshot, latestSnapshot, previousRecordCount, saveSnapshot, setRecordCount } from "../db/repositories/snapshots";
import { isWebUrl, SourceParseError, type Source, type SourceRecord } from "../sources/types";
import type { Config } from "./runtime/config";
import { FetchError, politeFetch } from "./fetcher";
import type { Logger } from "./runtime/logger";

/**
 * The ingestion steps, as plain functions: fetch → snapshot → parse → upsert. The BullMQ processors
 * (workers/processors.ts) and the command line (workers/cli/ingest.ts) both call these.
 */

/** The one source allowed to define the catalogues; its assessments have origin `curated`. */
export const CURATED_SOURCE_ID = "curated";

export interface PipelineContext {
  db: Kysely<Database>;
  config: Config;
  log: Logger;
}

/** The source's base URL with a trailing slash: the manifest's, or the HARMONIA_SOURCE_URLS override. */
function sourceBase(source: Source, config: Config): string {
  const base = config.HARMONIA_SOURCE_URLS.get(source.manifest.id) ?? source.manifest.baseUrl;
  return base.endsWith("/") ? base : `${base}/`;
}

export function endpointUrls(source: Source, config: Config): string[] {
  const base = sourceBase(source, config);
  return source.manifest.endpoints.map((e) => new URL(e.path, base).toString());
}

/**
 * Where a follow record points: relative URLs resolve against the base; an absolute URL on the manifest's
 * own origin moves with an overridden base (a mirror, or a test's local server).
 */
function followUrl(source: Source, config: Config, url: string): string {
  const base = sourceBase(source, config);
  const resolved = new URL(url, base);
  const manifestOrigin = new URL(source.manifest.baseUrl).origin;
  if (resolved.origin === manifestOrigin && new URL(base).origin !== manifestOrigin) {
    return new URL(`${resolved.pathname.replace(/^\//, "")}${resolved.search}`, new URL(base).origin + "/").toString();
  }
  return resolved.toString();
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

/** Where the API key goes on a request; the stored URL stays without it. */
export function keyedRequest(source: Source, url: string, env: NodeJS.ProcessEnv): { url: string; headers: Record<string, string>; secret: string | null } {
  const key = source.manifest.apiKey;
  const secret = key ? (env[key.env] ?? null) : null;
  if (!key || !secret) return { url, headers: {}, secret: null };
  if (key.in === "header") return { url, headers: { [key.name.toLowerCase()]: secret }, secret };
  const keyed = new URL(url);
  keyed.searchParams.set(key.name, secret);
  return { url: keyed.toString(), headers: {}, secret };
}

/** Fetches one URL politely and stores what came back (or reuses the last snapshot on 304). */
async function fetchToSnapshot(ctx: PipelineContext, source: Source, url: string): Promise<Snapshot> {
  const m = source.manifest;
  const previous = await latestSnapshot(ctx.db, m.id, url);
  const request = keyedRequest(source, url, process.env);
  let response;
  try {
    response = url.startsWith("file:")
      ? { status: null, headers: {}, contentType: null, body: new Uint8Array(await fs.readFile(fileURLToPath(url))), notModified: false }
      : await politeFetch(request.url, {
          userAgent: ctx.config.userAgent,
          timeoutMs: m.politeness.timeoutMs,
          maxBodyBytes: m.politeness.maxBodyBytes,
          minDelayMs: ctx.config.HARMONIA_REQUEST_GAP ?? m.politeness.minDelayMs,
          allowPrivateOrigins: ctx.config.HARMONIA_ALLOW_PRIVATE_FETCH,
          etag: previous?.headers.etag ?? null,
          lastModified: previous?.headers["last-modified"] ?? null,
          headers: request.headers,
        });
  } catch (error) {
    // Error messages carry the URL; a query-string key must not end up in the run log or on /sources.
    if (request.secret && error instanceof Error) error.message = error.message.split(request.secret).join("***");
    throw error;
  }
  if (response.notModified && previous) return previous;
  const { snapshot } = await saveSnapshot(ctx.db, {
    sourceId: m.id,
    url,
    httpStatus: response.status,
    headers: response.headers,
    contentType: response.contentType,
    body: response.body,
  });
  return snapshot;
}

/** Fetches every endpoint of a source and stores what came back. */
export async function fetchStep(ctx: PipelineContext, source: Source): Promise<FetchStepResult> {
  const m = source.manifest;
  const result: FetchStepResult = { toProcess: [], fetched: 0, unchanged: 0, errors: [] };
  let retryable = false;
  for (const url of endpointUrls(source, ctx.config)) {
    try {
      const snapshot = await fetchToSnapshot(ctx, source, url);
      result.fetched++;
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
  /** Follow-up URLs that could not be fetched. */
  errors: string[];
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
  const result: ProcessStepResult = { parsed: 0, inserted: 0, updated: 0, unchanged: 0, suspect: [], errors: [], records: [] };
  const queue = snapshotIds.map((id) => ({ id, followed: false }));
  const followed = new Set<string>();
  for (let next = queue.shift(); next; next = queue.shift()) {
    const id = next.id;
    const snapshot = await getSnapshot(ctx.db, id);
    if (!snapshot) throw new StepError(`Snapshot ${id} of ${m.id} is missing`, false);
    let records: SourceRecord[];
    try {
      records = source.parse({
        url: snapshot.url,
        body: snapshot.body,
        contentType: snapshot.content_type,
        fetchedAt: new Date(snapshot.first_fetched_at).toISOString(),
      });
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
    const follows = records.filter((r) => r.type === "follow");
    const data = records.filter((r) => r.type !== "follow");
    const indicators = data.filter((r) => r.type === "indicator");
    const recommendations = data.filter((r) => r.type === "recommendation");
    const groups = data.filter((r) => r.type === "group");
    if (m.id !== CURATED_SOURCE_ID && indicators.length + recommendations.length + groups.length > 0) {
      result.suspect.push(`${snapshot.url}: only the curated source may define indicators, recommendations or groups`);
      continue;
    }
    const codes = [
      ...new Set(data.flatMap((r) => (r.type === "group" ? r.members : r.type === "instrument" || r.type === "assessment" ? [r.jurisdictionCode] : []))),
    ];
    const known = await knownJurisdictions(ctx.db, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      result.suspect.push(`${snapshot.url}: unknown jurisdiction codes ${unknown.join(", ")}`);
      continue;
    }
    // Links from a source end up in href attributes: only web addresses get in (no javascript:, data:, file:).
    const badUrls = data.flatMap((r) =>
      r.type === "instrument" ? [r.officialUrl] : r.type === "assessment" ? r.citations.map((c) => c.url) : [],
    ).filter((u) => !isWebUrl(u));
    if (badUrls.length > 0) {
      result.suspect.push(`${snapshot.url}: links that are not http(s) web addresses: ${[...new Set(badUrls)].slice(0, 3).join(", ")}`);
      continue;
    }
    const instruments = data.filter((r) => r.type === "instrument");
    const assessments = data.filter((r) => r.type === "assessment");
    const counts = await ctx.db.transaction().execute(async (trx) => {
      // Catalogues before assessments: an assessment's indicator must exist when it is written.
      const all = [
        await upsertIndicators(trx, indicators),
        await upsertRecommendations(trx, recommendations),
        await upsertGroups(trx, groups),
        await upsertInstruments(trx, m.id, instruments, snapshot.id, m.id !== CURATED_SOURCE_ID),
      ];
      const b = await upsertAssessments(trx, m.id, m.id === CURATED_SOURCE_ID ? "curated" : "ingested", assessments, snapshot.id);
      await setRecordCount(trx, snapshot.id, records.length);
      return {
        inserted: all.reduce((n, c) => n + c.inserted, b.inserted),
        updated: all.reduce((n, c) => n + c.updated, b.updated),
        unchanged: all.reduce((n, c) => n + c.unchanged, b.unchanged + b.conflicts),
      };
    });
    result.parsed += records.length;
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
    result.records.push(...data);
    // One level deep: a followed page's own follow records are not fetched.
    if (next.followed) continue;
    for (const follow of follows) {
      const url = followUrl(source, ctx.config, follow.url);
      if (followed.has(url)) continue;
      if (followed.size >= (m.maxFollows ?? 0)) {
        ctx.log.warn({ source: m.id, url, limit: m.maxFollows ?? 0 }, "follow limit reached; the rest waits for the next run");
        break;
      }
      followed.add(url);
      try {
        const snapshot = await fetchToSnapshot(ctx, source, url);
        if (snapshot.record_count === null) queue.push({ id: snapshot.id, followed: true });
      } catch (error) {
        result.errors.push(`${url} (${follow.reason}): ${(error as Error).message}`);
      }
    }
  }
  return result;
}

/** How a run ends, from what its two steps returned. */
export function runOutcome(fetch: FetchStepResult, processed: ProcessStepResult): RunOutcome {
  const status: RunOutcome["status"] =
    processed.suspect.length > 0
      ? "suspect"
      : fetch.errors.length + processed.errors.length > 0
        ? "failed"
        : fetch.toProcess.length === 0
          ? "unchanged"
          : "ok";
  return {
    status,
    error: [...fetch.errors, ...processed.errors, ...processed.suspect].join("\n") || null,
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
