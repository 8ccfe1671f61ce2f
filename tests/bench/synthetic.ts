/**
 * Labelled synthetic data for the scale bench (tests/bench/scale.ts). NOT REAL DATA.
 *
 * Fills a database this module creates itself — a fresh PGlite directory under os.tmpdir()
 * (`harmonia-bench-*`) or a fresh PostgreSQL database `harmonia_bench_<random>` on the test server — and
 * refuses any other: synthetic rows are never written to a user's database.
 *
 * What it writes, on top of the real reference data (every ISO jurisdiction) and the curated knowledge base:
 *  - a register `source` row `synthetic`, named "SYNTHETIC bench data — not real";
 *  - `size.subnational` sub-national units `ZZ-S0001` … (kind subnational, a real State as parent, names
 *    prefixed "SYNTHETIC");
 *  - for every jurisdiction × the first `size.indicators` real indicators without a curated answer: an
 *    assessment and its history over `size.months` months (a first answer, then each month a random
 *    `1 / size.changeEvery` of the cells change), rationale "SYNTHETIC …", citations to https://example.invalid/…;
 *  - `size.instruments` instruments with source_id "synthetic", titles "SYNTHETIC — …", official URLs on
 *    example.invalid, and instrument_topic tags on about a third of them.
 * Everything is generated inside the database with `insert … select … generate_series` (no round trip per
 * row), which is the fastest path on both dialects; pseudo-random choices come from hashtext(), so two runs
 * of one size give the same data. fillPgliteInChildProcess() runs the PGlite generation in a child process, so
 * that it can run beside a PostgreSQL one (PGlite holds its thread for a whole statement).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { INSTRUMENT_KINDS, INSTRUMENT_STAGES } from "../../sources/types";
import { runSourceNow } from "../../workers/pipeline";
import { loadReferenceData, TOPICS } from "../../workers/reference";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { adminPostgresUrl } from "../helpers/env";

export const SYNTHETIC_SOURCE_ID = "synthetic";
export const SYNTHETIC_SOURCE_NAME = "SYNTHETIC bench data — not real";
export const SYNTHETIC_NOTICE =
  "The scale bench runs on SYNTHETIC data (source id \"synthetic\", titles and names prefixed SYNTHETIC, citations to example.invalid) " +
  "in throw-away databases; none of it is a real legal fact.";

export interface SyntheticSize {
  /** Synthetic sub-national units ZZ-S0001 … */
  subnational: number;
  /** How many real indicators (in catalogue order) get an answer in every jurisdiction. */
  indicators: number;
  /** Months of history, the first being the first answer. */
  months: number;
  /** Each month one cell in `changeEvery` (picked at random) changes. */
  changeEvery: number;
  instruments: number;
}

export const FULL_SIZE: SyntheticSize = { subnational: 3000, indicators: 40, months: 120, changeEvery: 50, instruments: 1_000_000 };
export const QUICK_SIZE: SyntheticSize = { subnational: 300, indicators: 40, months: 120, changeEvery: 50, instruments: 100_000 };

/** The history's first month; 120 months end in November 2026. Fixed, so the data does not move with the clock. */
const FIRST_MONTH = "2016-12-01";
const RATIONALE = "SYNTHETIC — not a real legal assessment (scale bench data)";
const BATCH = 100_000;

export interface BenchDatabase {
  dialect: "pglite" | "postgres";
  handle: DatabaseHandle;
  /** PGlite: the data directory (HARMONIA_DATA_DIR for the server). */
  dataDir: string | null;
  /** PostgreSQL: the URL of the throw-away database (DATABASE_URL for the server). */
  url: string | null;
  /** Closes the handle (PGlite must be closed before a server opens the directory); safe to call twice. */
  close(): Promise<void>;
  /** Closes, then deletes the directory or drops the database; safe to call twice. */
  dispose(): Promise<void>;
}

const benchDatabases = new WeakSet<BenchDatabase>();
const PG_NAME = /^harmonia_bench_[0-9a-f]{12}$/;
const PGLITE_PREFIX = path.join(os.tmpdir(), "harmonia-bench-");

/** Checks the admin PostgreSQL answers, with a message saying what to set when it does not. */
export async function checkPostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: adminPostgresUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    throw new Error(
      `The scale bench needs a PostgreSQL it can create databases in at ${adminPostgresUrl()} (set HARMONIA_TEST_POSTGRES_URL, ` +
        `or --dialects=pglite to run the PGlite leg only): ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminPostgresUrl() });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated, empty bench database: a PGlite directory under the temp dir, or a new PostgreSQL database. */
export async function createBenchDatabase(dialect: "pglite" | "postgres"): Promise<BenchDatabase> {
  // Promises, not flags: a second caller waits for the first close or drop to finish.
  let closing: Promise<void> | null = null;
  let disposing: Promise<void> | null = null;
  if (dialect === "pglite") {
    const dataDir = fs.mkdtempSync(PGLITE_PREFIX);
    let handle: DatabaseHandle;
    try {
      handle = await openDatabase({ kind: "pglite", dataDir });
    } catch (error) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    const bench: BenchDatabase = {
      dialect,
      handle,
      dataDir,
      url: null,
      close: () => (closing ??= handle.close()),
      dispose: () =>
        (disposing ??= (async () => {
          await bench.close().catch(() => {});
          fs.rmSync(dataDir, { recursive: true, force: true });
        })()),
    };
    benchDatabases.add(bench);
    return bench;
  }
  const name = `harmonia_bench_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(adminPostgresUrl());
  url.pathname = `/${name}`;
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ kind: "postgres", url: url.toString() });
  } catch (error) {
    await adminQuery(`drop database if exists ${name} with (force)`);
    throw error;
  }
  const bench: BenchDatabase = {
    dialect,
    handle,
    dataDir: null,
    url: url.toString(),
    close: () => (closing ??= handle.close()),
    dispose: () =>
      (disposing ??= (async () => {
        await bench.close().catch(() => {});
        await adminQuery(`drop database if exists ${name} with (force)`);
      })()),
  };
  benchDatabases.add(bench);
  return bench;
}

/** Refuses anything but a database createBenchDatabase made: synthetic rows never reach a user's database. */
async function assertBenchDatabase(bench: BenchDatabase): Promise<void> {
  if (!benchDatabases.has(bench)) throw new Error("Synthetic data is written only to a database made by createBenchDatabase()");
  if (bench.dialect === "postgres") {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(bench.handle.db);
    if (!PG_NAME.test(rows[0]?.name ?? "")) throw new Error(`Refusing to write synthetic data into database "${rows[0]?.name}"`);
  } else if (!bench.dataDir?.startsWith(PGLITE_PREFIX)) {
    throw new Error(`Refusing to write synthetic data into ${bench.dataDir}`);
  }
}

export interface SyntheticCounts {
  jurisdictions: number;
  syntheticJurisdictions: number;
  indicators: number;
  curatedAssessments: number;
  syntheticAssessments: number;
  historyRows: number;
  syntheticHistoryRows: number;
  instruments: number;
  syntheticInstruments: number;
  instrumentTopics: number;
  /** Seconds per phase. */
  seconds: Record<string, number>;
}

const sqlList = (values: readonly string[]) => sql.raw(`(array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}])`);

async function count(db: Kysely<Database>, query: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`${sql.raw(query)}`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * A turn of the event loop after each statement. PGlite runs on this thread and its promise chain never reaches the
 * I/O phase by itself: without this, a PostgreSQL generation running beside it would wait for the whole PGlite one.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

const realDataSeconds = new WeakMap<BenchDatabase, number>();

/**
 * Migrates and loads the real data: reference data (every ISO jurisdiction) and the curated knowledge base through
 * the pipeline. Many small statements: run it before starting other heavy work in this process (PGlite's WASM
 * runs on this thread and would starve a concurrent PostgreSQL load's round trips).
 */
export async function loadRealData(bench: BenchDatabase, progress: (line: string) => void = () => {}): Promise<void> {
  await assertBenchDatabase(bench);
  if (realDataSeconds.has(bench)) return;
  const started = performance.now();
  const db = bench.handle.db;
  await migrateToLatest(db);
  await loadReferenceData(db, allSources);
  const ctx = { db, config: loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent" }), log: createLogger("silent") };
  const { run } = await runSourceNow(ctx, curatedSource, "cli");
  if (run.status !== "ok" && run.status !== "unchanged") throw new Error(`the curated knowledge base did not load: ${run.status}: ${run.error}`);
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  realDataSeconds.set(bench, seconds);
  progress(`${bench.dialect}: reference data and curated knowledge base ${seconds} s`);
}

/**
 * Loads the real data (loadRealData, when not done yet), then writes the labelled synthetic rows. `progress` gets
 * one line per phase.
 */
export async function fillSynthetic(bench: BenchDatabase, size: SyntheticSize, progress: (line: string) => void = () => {}): Promise<SyntheticCounts> {
  await loadRealData(bench, progress);
  const db = bench.handle.db;
  const seconds: Record<string, number> = { "reference data and curated knowledge base": realDataSeconds.get(bench)! };
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    seconds[name] = Number(((performance.now() - started) / 1000).toFixed(1));
    progress(`${bench.dialect}: ${name} ${seconds[name]} s`);
    return result;
  };

  await phase("jurisdictions", async () => {
    await sql`insert into source (id, name, homepage, enabled)
      values (${SYNTHETIC_SOURCE_ID}, ${SYNTHETIC_SOURCE_NAME}, 'https://example.invalid/synthetic', false)`.execute(db).then(breathe);
    // Parents: the real States, in code order, round robin.
    await sql`insert into jurisdiction (code, name, kind, parent_code)
      select 'ZZ-S' || lpad(g::text, 4, '0'), 'SYNTHETIC sub-national unit ' || g, 'subnational', s.codes[1 + (g - 1) % array_length(s.codes, 1)]
      from generate_series(1, ${size.subnational}::int) g,
           (select array_agg(code order by code) as codes from jurisdiction where kind = 'state') s`.execute(db).then(breathe);
  });

  // Temporary tables live on one connection: pin one (PostgreSQL has a pool).
  await db.connection().execute(async (conn) => {
    await phase("assessments and history", async () => {
      await sql`create temp table syn_indicator as
        select id, k from (select id, (row_number() over (order by sort_order, id))::int - 1 as k from indicator) i where k < ${size.indicators}::int`.execute(conn).then(breathe);
      // Every jurisdiction × indicator without a curated answer, numbered 0 … C-1.
      await sql`create temp table syn_cell as
        select (row_number() over (order by j.code, i.k))::int - 1 as n, j.code as jurisdiction_code, i.id as indicator_id
        from jurisdiction j cross join syn_indicator i
        where not exists (select 1 from assessment a where a.jurisdiction_code = j.code and a.indicator_id = i.id)`.execute(conn).then(breathe);
      await sql`create unique index on syn_cell (n)`.execute(conn).then(breathe);
      const cells = await count(conn, "select count(*)::int as n from syn_cell");
      const every = size.changeEvery;
      const blocks = Math.ceil(cells / every);
      // Month 0: every cell's first answer. Months 1 …: in each block of `every` cells, one picked at random changes.
      await sql`create temp table syn_change as
        select n, 0 as m from syn_cell
        union all
        select p.n, p.m from (
          select (b * ${every}::int + abs(hashtext('pick:' || m || ':' || b)) % ${every}::int) as n, m
          from generate_series(1, ${size.months - 1}::int) m, generate_series(0, ${blocks - 1}::int) b
        ) p where p.n < ${cells}::int`.execute(conn).then(breathe);
      // Each change moves the value 1–4 steps round the five values, so consecutive answers always differ.
      await sql`create temp table syn_event as
        select n, m, (array['unknown','met','partial','not_met','pending'])[1 + ((abs(hashtext('v:' || n)) % 5) +
          sum(case when m = 0 then 0 else 1 + abs(hashtext('s:' || n || ':' || m)) % 4 end) over (partition by n order by m))::int % 5] as value,
          (${FIRST_MONTH}::date + make_interval(months => m) + make_interval(days => n % 28))::date as as_of
        from syn_change`.execute(conn).then(breathe);
      const citation = (value: string) =>
        sql`case when ${sql.ref(value)} = 'unknown' then '[]'::jsonb else jsonb_build_array(jsonb_build_object(
          'instrumentTitle', 'SYNTHETIC — Act ' || c.n, 'provision', 's. ' || (1 + c.n % 40),
          'url', 'https://example.invalid/synthetic/' || c.jurisdiction_code || '/' || c.indicator_id)) end`;
      // The cell's current answer is its last event (assessments first: history refers to them).
      await sql`insert into assessment (jurisdiction_code, indicator_id, value, rationale, citations, as_of, origin, confidence, source_id, updated_at)
        select c.jurisdiction_code, c.indicator_id, e.value, ${RATIONALE}, ${citation("e.value")}, e.as_of, 'ingested',
          case when e.value = 'unknown' then null else 'low' end, ${SYNTHETIC_SOURCE_ID}, e.as_of + interval '9 hours'
        from (select distinct on (n) n, value, as_of from syn_event order by n, m desc) e join syn_cell c on c.n = e.n`.execute(conn).then(breathe);
      // In time order, so ids follow the order the changes happened (the views read history by id).
      await sql`insert into assessment_history (jurisdiction_code, indicator_id, value, rationale, citations, as_of, origin, confidence, source_id, changed_at, changed_by, change_reason)
        select c.jurisdiction_code, c.indicator_id, e.value, ${RATIONALE}, ${citation("e.value")}, e.as_of, 'ingested',
          case when e.value = 'unknown' then null else 'low' end, ${SYNTHETIC_SOURCE_ID}, e.as_of + interval '9 hours', 'source:synthetic',
          case when e.m = 0 then 'synthetic first answer' else 'synthetic monthly change' end
        from syn_event e join syn_cell c on c.n = e.n
        order by e.m, e.n`.execute(conn).then(breathe);
      for (const t of ["syn_event", "syn_change", "syn_cell", "syn_indicator"]) await sql`drop table ${sql.raw(t)}`.execute(conn).then(breathe);
    });
  });

  await phase("instruments", async () => {
    const total = size.instruments;
    for (let lo = 1; lo <= total; lo += BATCH) {
      const hi = Math.min(total, lo + BATCH - 1);
      // Dates spread over ten years; enacted (and in force) for the stages that have passed; first seen rises with the id.
      await sql`insert into instrument (source_id, external_id, jurisdiction_code, title, kind, stage, introduced_on, enacted_on, in_force_on,
          identifiers, official_url, summary, record_hash, first_seen_at, last_seen_at)
        select ${SYNTHETIC_SOURCE_ID}, x.ext, x.code,
          'SYNTHETIC — ' || x.kind || ' ' || x.g || ' on ' || (array['synthetic imagery','online platforms','grooming','sextortion','trafficking','livestreamed abuse'])[1 + x.g % 6],
          x.kind, x.stage, x.introduced,
          case when x.stage in ('enacted','in_force','repealed','ratified','acceded') then x.introduced + 30 + x.g % 300 end,
          case when x.stage in ('in_force','repealed') then x.introduced + 120 + x.g % 400 end,
          jsonb_build_object('synthetic', x.ext),
          'https://example.invalid/synthetic/instrument/' || x.g,
          case when x.g % 4 = 0 then 'SYNTHETIC summary — not a real instrument' end,
          md5('synthetic:' || x.g),
          timestamptz '2016-12-01 00:00:00+00' + make_interval(secs => x.g * ${Math.floor((3650 * 86400) / total)}::int),
          timestamptz '2016-12-01 00:00:00+00' + make_interval(secs => x.g * ${Math.floor((3650 * 86400) / total)}::int + (x.g % 90) * 86400)
        from (
          select g, 'SYN-' || lpad(g::text, 7, '0') as ext,
            s.codes[1 + abs(hashtext('j:' || g)) % array_length(s.codes, 1)] as code,
            ${sqlList(INSTRUMENT_KINDS)}[1 + g % ${INSTRUMENT_KINDS.length}::int] as kind,
            ${sqlList(INSTRUMENT_STAGES)}[1 + (g / 7) % ${INSTRUMENT_STAGES.length}::int] as stage,
            ${FIRST_MONTH}::date + abs(hashtext('d:' || g)) % 3650 as introduced
          from generate_series(${lo}::int, ${hi}::int) g, (select array_agg(code order by code) as codes from jurisdiction) s
        ) x`.execute(db).then(breathe);
      if (hi < total) progress(`${bench.dialect}: instruments ${hi.toLocaleString("en")} / ${total.toLocaleString("en")}`);
    }
    // About a third tagged with one topic, one in twenty with a second.
    const topics = TOPICS.map((t) => t.id);
    await sql`insert into instrument_topic (instrument_id, topic_id, reason)
      select id, ${sqlList(topics)}[1 + id % ${topics.length}::int], 'SYNTHETIC tag (scale bench data)'
      from instrument where source_id = ${SYNTHETIC_SOURCE_ID} and id % 10 < 3
      union all
      select id, ${sqlList(topics)}[1 + (id + 2) % ${topics.length}::int], 'SYNTHETIC tag (scale bench data)'
      from instrument where source_id = ${SYNTHETIC_SOURCE_ID} and id % 20 = 0`.execute(db).then(breathe);
  });

  // Statistics and the visibility map, as autovacuum would leave them on a database in use.
  await phase("vacuum analyze", async () => {
    await sql`vacuum analyze`.execute(db).then(breathe);
  });

  const c = (q: string) => count(db, q);
  return {
    jurisdictions: await c("select count(*)::int as n from jurisdiction"),
    syntheticJurisdictions: await c("select count(*)::int as n from jurisdiction where code like 'ZZ-S%'"),
    indicators: size.indicators,
    curatedAssessments: await c("select count(*)::int as n from assessment where source_id is distinct from 'synthetic'"),
    syntheticAssessments: await c("select count(*)::int as n from assessment where source_id = 'synthetic'"),
    historyRows: await c("select count(*)::int as n from assessment_history"),
    syntheticHistoryRows: await c("select count(*)::int as n from assessment_history where source_id = 'synthetic'"),
    instruments: await c("select count(*)::int as n from instrument"),
    syntheticInstruments: await c("select count(*)::int as n from instrument where source_id = 'synthetic'"),
    instrumentTopics: await c("select count(*)::int as n from instrument_topic"),
    seconds,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// PGlite in a child process. PGlite's WASM runs on the thread that opened it and holds it for a whole statement
// (tens of seconds for a bulk insert), so a PostgreSQL generation in the same process would wait; in a child process
// both run at once, one core each.

export interface GeneratedPglite {
  dataDir: string;
  counts: SyntheticCounts;
  /** Deletes the directory. */
  dispose(): Promise<void>;
}

type ChildMessage =
  | { type: "created"; dataDir: string }
  | { type: "progress"; line: string }
  | { type: "done"; counts: SyntheticCounts }
  | { type: "error"; message: string };

/**
 * Creates and fills a PGlite bench directory in a child process (this file, run with --pglite-child), closed when it
 * resolves. `track` gets a clean-up as soon as there is something to clean (the child, then the directory).
 */
export function fillPgliteInChildProcess(
  size: SyntheticSize,
  progress: (line: string) => void,
  track: (cleanup: () => Promise<void>) => void,
): Promise<GeneratedPglite> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--pglite-child"], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let dataDir: string | null = null;
    let settled = false;
    const removeDir = async () => {
      if (dataDir?.startsWith(PGLITE_PREFIX)) fs.rmSync(dataDir, { recursive: true, force: true });
    };
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    track(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
      await removeDir();
    });
    child.on("message", (message: ChildMessage) => {
      if (message.type === "created") dataDir = message.dataDir;
      else if (message.type === "progress") progress(message.line);
      else if (message.type === "error") {
        settled = true;
        reject(new Error(`PGlite generation failed: ${message.message}`));
      } else if (message.type === "done") {
        settled = true;
        const dir = dataDir!;
        // The child has closed the database; let it exit before the directory is handed on.
        void exited.then(() => resolve({ dataDir: dir, counts: message.counts, dispose: removeDir }));
      }
    });
    child.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    child.on("exit", (code, signal) => {
      if (!settled) reject(new Error(`the PGlite generation process exited (${signal ?? code}) before it finished`));
      settled = true;
    });
    child.send({ size });
  });
}

async function runAsChild(): Promise<void> {
  const send = (m: ChildMessage) => process.send!(m);
  const { size } = await new Promise<{ size: SyntheticSize }>((resolve) => process.once("message", (m) => resolve(m as { size: SyntheticSize })));
  let bench: BenchDatabase | null = null;
  // The bench process went away (killed without clean-up): remove what was made and stop.
  process.once("disconnect", () => {
    if (bench?.dataDir) fs.rmSync(bench.dataDir, { recursive: true, force: true });
    process.exit(1);
  });
  try {
    bench = await createBenchDatabase("pglite");
    send({ type: "created", dataDir: bench.dataDir! });
    const counts = await fillSynthetic(bench, size, (line) => send({ type: "progress", line }));
    await bench.close();
    send({ type: "done", counts });
  } catch (error) {
    await bench?.close().catch(() => {});
    send({ type: "error", message: (error as Error).stack ?? String(error) });
  }
  process.removeAllListeners("disconnect");
  process.disconnect();
}

if (process.argv.includes("--pglite-child") && process.send && process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await runAsChild();
}
