/**
 * npm run bench [-- --json] [--quick] [--no-scale]
 * Ratios against baselines measured in the same process, so figures compare across machines.
 *  - pipeline: records/s through snapshot → parse → upsert (PGlite in memory) vs a raw cheerio parse of the same bytes
 *  - classifier: precision and recall per topic on the labelled real titles
 *  - all recorded payloads: every fixture every source parses, through the whole pipeline (file endpoints → snapshot →
 *    parse → upsert) vs a raw parse of the same bytes (cheerio / JSON.parse), then a second, unchanged run
 *  - start-up: time from starting the embedded server to its first served overview page
 *  - scale (tests/bench/scale.ts): pages, CSV export and JavaScript on a large SYNTHETIC instance, PGlite and
 *    PostgreSQL; `--quick` runs it at a tenth of the size, `--no-scale` leaves it out
 */
import fs from "node:fs";
import path from "node:path";
import { load } from "cheerio";
import { sql } from "kysely";
import { source as legislationGovUk } from "../../sources/legislation-gov-uk";
import { evaluateClassifier } from "../../sources/topics/classify";
import { pathToFileURL } from "node:url";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import type { Source } from "../../sources/types";
import { processStep, runSourceNow } from "../../workers/pipeline";
import { saveSnapshot } from "../../db/repositories/snapshots";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { freshDatabase } from "../helpers/db";
import { startHarmonia } from "../helpers/harmonia-process";
import { loadLabelledTitles } from "../sources/labelled-titles";
import { formatMeasures, runScaleBench, type Measure } from "./scale";

const measures: Measure[] = [];
const record = (name: string, value: number, unit: string, better: Measure["better"]) =>
  measures.push({ name, value: Number(value.toPrecision(4)), unit, better });

const feedPath = path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml");
const feed = new Uint8Array(fs.readFileSync(feedPath));
const ROUNDS = 30;

async function benchPipeline() {
  const entries = load(Buffer.from(feed).toString("utf8"), { xml: true })("entry").length;
  const rawStart = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const $ = load(Buffer.from(feed).toString("utf8"), { xml: true });
    $("entry").each((_, e) => void $(e).find("title").first().text());
  }
  const rawPerSecond = (entries * ROUNDS) / ((performance.now() - rawStart) / 1000);

  const t = await freshDatabase("pglite");
  const ctx = { db: t.handle.db, config: loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent" }), log: createLogger("silent") };
  let elapsed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    // Each round starts from an empty instrument table, so every record is written, as in a first ingest.
    await sql`delete from review_item`.execute(t.handle.db);
    await sql`delete from instrument`.execute(t.handle.db);
    const roundStart = performance.now();
    const { snapshot } = await saveSnapshot(t.handle.db, { sourceId: "legislation-gov-uk", url: "bench://feed", httpStatus: 200, headers: {}, contentType: null, body: feed });
    const result = await processStep(ctx, legislationGovUk, [snapshot.id]);
    elapsed += performance.now() - roundStart;
    if (result.inserted !== entries) throw new Error(`round ${i}: inserted ${result.inserted} of ${entries}`);
  }
  const pipelinePerSecond = (entries * ROUNDS) / (elapsed / 1000);
  await t.drop();
  record("pipeline.records_per_second", pipelinePerSecond, "records/s", "higher");
  record("raw_cheerio_parse.records_per_second", rawPerSecond, "records/s", "higher");
  record("pipeline_vs_raw_parse.ratio", pipelinePerSecond / rawPerSecond, "ratio", "higher");
}

/** Each source's fixtures that its parse() accepts (error-case fixtures are left out), as a file-endpoint source. */
function recordedSources(): { source: Source; files: string[] }[] {
  const out: { source: Source; files: string[] }[] = [];
  for (const source of allSources.filter((s) => s !== curatedSource)) {
    const dir = path.resolve("tests/fixtures", source.manifest.id);
    if (!fs.existsSync(dir)) continue;
    const files = fs.readdirSync(dir).filter((f) => !f.endsWith(".md") && !f.endsWith(".headers.json") && fs.statSync(path.join(dir, f)).isFile());
    const accepted = files.filter((f) => {
      try {
        const body = new Uint8Array(fs.readFileSync(path.join(dir, f)));
        return source.parse({ url: pathToFileURL(path.join(dir, f)).href, body, contentType: null, fetchedAt: new Date().toISOString() }).length > 0;
      } catch {
        return false;
      }
    });
    if (accepted.length === 0) continue;
    out.push({
      files: accepted.map((f) => path.join(dir, f)),
      source: {
        ...source,
        manifest: { ...source.manifest, baseUrl: `${pathToFileURL(dir).href}/`, endpoints: accepted.map((f) => ({ name: f, path: encodeURIComponent(f) })), maxFollows: 0 },
      },
    });
  }
  return out;
}

async function benchAllRecorded() {
  const sources = recordedSources();
  const payloads = sources.flatMap((s) => s.files.map((f) => fs.readFileSync(f)));
  const rawStart = performance.now();
  for (const body of payloads) {
    const text = body.toString("utf8");
    if (/^\s*[[{]/.test(text)) JSON.parse(text);
    else load(text, { xml: true }).root().children().length;
  }
  const rawMs = performance.now() - rawStart;

  const t = await freshDatabase("pglite");
  const ctx = { db: t.handle.db, config: loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent" }), log: createLogger("silent") };
  await runSourceNow(ctx, curatedSource, "cli");
  const runAll = async () => {
    const started = performance.now();
    let parsed = 0;
    let reparsed = 0;
    for (const { source } of sources) {
      const { run, fetch } = await runSourceNow(ctx, source, "cli");
      if (run.status === "failed" || run.status === "suspect") throw new Error(`${source.manifest.id}: ${run.status}: ${run.error}`);
      parsed += run.records_parsed;
      reparsed += fetch?.toProcess.length ?? 0;
    }
    return { ms: performance.now() - started, parsed, reparsed };
  };
  const first = await runAll();
  const second = await runAll();
  await t.drop();
  record("recorded.sources", sources.length, "sources", "higher");
  record("recorded.payloads", payloads.length, "payloads", "higher");
  record("recorded.records", first.parsed, "records", "higher");
  record("recorded.pipeline.records_per_second", first.parsed / (first.ms / 1000), "records/s", "higher");
  record("recorded.raw_parse.records_per_second", first.parsed / (rawMs / 1000), "records/s", "higher");
  record("recorded.pipeline_vs_raw_parse.ratio", rawMs / first.ms, "ratio", "higher");
  record("recorded.second_run.payloads_parsed_again", second.reparsed, "payloads", "lower");
  record("recorded.second_run_vs_first.time_ratio", second.ms / first.ms, "ratio", "lower");
}

function benchClassifier() {
  const scores = evaluateClassifier(loadLabelledTitles());
  for (const [topic, s] of Object.entries(scores)) {
    record(`classifier.${topic}.precision`, s.precision, "ratio", "higher");
    record(`classifier.${topic}.recall`, s.recall, "ratio", "higher");
  }
}

async function benchStartup() {
  const started = performance.now();
  const harmonia = await startHarmonia({ HARMONIA_SCHEDULER: "false" });
  const res = await fetch(`${harmonia.url}/`);
  if (res.status !== 200) throw new Error(`overview answered ${res.status}`);
  await res.text();
  record("startup_to_first_page.ms", performance.now() - started, "ms", "lower");
  await harmonia.stop();
}

const args = process.argv.slice(2);
await benchPipeline();
await benchAllRecorded();
benchClassifier();
await benchStartup();
const notes: string[] = [];
if (!args.includes("--no-scale")) {
  const scale = await runScaleBench({ quick: args.includes("--quick") });
  measures.push(...scale.measures);
  notes.push(...scale.notes);
  if (scale.failures.length > 0) process.exitCode = 1;
}

if (args.includes("--json")) {
  for (const n of notes) process.stderr.write(`${n}\n`);
  process.stdout.write(`${JSON.stringify(measures)}\n`);
} else {
  for (const n of notes) process.stdout.write(`${n}\n`);
  process.stdout.write(formatMeasures(measures));
}
