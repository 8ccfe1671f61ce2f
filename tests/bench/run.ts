/**
 * npm run bench [-- --json]
 * Ratios against baselines measured in the same process, so figures compare across machines.
 *  - pipeline: records/s through snapshot → parse → upsert (PGlite in memory) vs a raw cheerio parse of the same bytes
 *  - classifier: precision and recall per topic on the labelled real titles
 *  - start-up: time from starting the embedded server to its first served overview page
 */
import fs from "node:fs";
import path from "node:path";
import { load } from "cheerio";
import { sql } from "kysely";
import { source as legislationGovUk } from "../../sources/legislation-gov-uk";
import { evaluateClassifier } from "../../sources/topics/classify";
import { processStep } from "../../workers/pipeline";
import { saveSnapshot } from "../../db/repositories/snapshots";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { freshDatabase } from "../helpers/db";
import { startHarmonia } from "../helpers/harmonia-process";
import { loadLabelledTitles } from "../sources/labelled-titles";

interface Measure {
  name: string;
  value: number;
  unit: string;
  better: "higher" | "lower";
}

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

await benchPipeline();
benchClassifier();
await benchStartup();

if (process.argv.includes("--json")) {
  process.stdout.write(`${JSON.stringify(measures)}\n`);
} else {
  for (const m of measures) process.stdout.write(`${m.name.padEnd(44)} ${String(m.value).padStart(12)} ${m.unit} (${m.better} is better)\n`);
}
