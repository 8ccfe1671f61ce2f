/**
 * Scale bench: Harmonia on a large, labelled SYNTHETIC data set (tests/bench/synthetic.ts), on both dialects.
 *
 *   npx tsx tests/bench/scale.ts [--quick] [--json] [--no-build] [--dialects=postgres,pglite]
 *
 *   --quick      100k instruments and 300 synthetic sub-national units instead of 1M and 3,000; fewer requests
 *   --json       measures as one JSON array on stdout (progress and notes go to stderr)
 *   --no-build   use the existing web build (default: `remix build` first, as `npm start` does)
 *   --dialects   which databases (default: both, or HARMONIA_TEST_DIALECTS)
 *
 * Needs the test services: a Redis at REDIS_URL (default redis://127.0.0.1:6379) and a PostgreSQL that can create
 * databases at HARMONIA_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), and psql for the
 * COPY baseline. Data goes into a fresh PGlite directory under the temp dir and a fresh `harmonia_bench_*` database,
 * both removed afterwards, with the servers this bench starts, even when it fails or is interrupted.
 *
 * Measures (ratios against baselines taken in the same run, so they compare across machines):
 *  - server time per page: the first request (before any cache), then 20 concurrent clients, N requests per page,
 *    median and p95 latency (request to last byte), and the median's ratio to /healthz measured the same way;
 *  - /instruments.csv (every instrument, streamed) rows/s, against PostgreSQL `COPY (same query) TO STDOUT` via psql;
 *  - the server's peak RSS (sampled every 50 ms from /proc) during that export, and its ratio to the RSS before it;
 *    and its RSS growth while a client stops reading the export for 15 s (flat if the export honours backpressure);
 *  - JavaScript shipped per page: the module scripts and modulepreloads of the HTML and their static imports, gzipped.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";
import getPort from "get-port";
import { Redis } from "ioredis";
import { pingRedis } from "../../workers/runtime/redis";
import { testDialects, testRedisUrl } from "../helpers/env";
import {
  FULL_SIZE,
  QUICK_SIZE,
  SYNTHETIC_NOTICE,
  checkPostgres,
  createBenchDatabase,
  fillPgliteInChildProcess,
  fillSynthetic,
  type SyntheticCounts,
} from "./synthetic";

export interface Measure {
  name: string;
  value: number;
  unit: string;
  better: "higher" | "lower";
}

export interface ScaleOptions {
  quick?: boolean;
  /** Run `remix build` first (default true). */
  build?: boolean;
  dialects?: Array<"postgres" | "pglite">;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface ScaleResult {
  measures: Measure[];
  /** Lines to print with the measures: the synthetic-data notice, counts, skipped pages, timings. */
  notes: string[];
  /** Legs that failed (their measures are missing); empty when all ran. */
  failures: string[];
}

type Dialect = "postgres" | "pglite";

export const PAGES = [
  { slug: "overview", path: "/" },
  { slug: "jurisdiction_gb", path: "/jurisdictions/GB" },
  { slug: "compare_gb_us_au", path: "/compare?j=GB,US,AU" },
  { slug: "indicator_csam_simple_possession", path: "/indicators/csam.simple-possession" },
  { slug: "recommendations", path: "/recommendations" },
  { slug: "recommendation_legislative_measures", path: "/recommendations/osce-bp.legislative-measures" },
  { slug: "map", path: "/map" },
  { slug: "instruments", path: "/instruments" },
  { slug: "instruments_page_500", path: "/instruments?page=500" },
] as const;

const CONCURRENCY = 20;
const SAMPLE_MS = 50;
const PAUSE_SECONDS = 15;

/**
 * The query behind /instruments.csv (db/repositories/instrument-list.ts selectRows, no filter, newest first), in the
 * export's column order, for the COPY baseline.
 */
const EXPORT_SQL = `select i.id, i.jurisdiction_code, i.title, i.kind, i.stage, i.introduced_on, i.enacted_on, i.in_force_on, i.official_url,
  i.identifiers, coalesce((select array_agg(it.topic_id order by it.topic_id) from instrument_topic it where it.instrument_id = i.id), '{}') as topics,
  i.source_id, i.first_seen_at, i.last_seen_at, i.summary
  from instrument i order by i.id desc`;

// ---------------------------------------------------------------------------------------------------------------
// Clean-up: everything this bench creates is registered here and undone in reverse order, on success, failure or signal.

const cleanups: Array<{ name: string; run: () => Promise<void> }> = [];
const children = new Set<ChildProcess>();

/**
 * Registers a clean-up; returns it, to be run early. It runs once: a second caller (the signal handler and the main
 * flow racing) waits for the same run instead of returning before it has finished.
 */
function onCleanup(name: string, run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  const entry = {
    name,
    run: () =>
      (running ??= (async () => {
        const i = cleanups.indexOf(entry);
        if (i >= 0) cleanups.splice(i, 1);
        await run();
      })()),
  };
  cleanups.push(entry);
  return entry.run;
}

let cleaning: Promise<void> | null = null;

/** Set on SIGINT/SIGTERM: no new request, server or step starts while the clean-up runs. */
let aborted = false;
function checkAborted(): void {
  if (aborted) throw new Error("interrupted");
}

/** Runs every registered clean-up, newest first; concurrent callers share one pass. */
function cleanUpAll(log: (line: string) => void): Promise<void> {
  return (cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups[cleanups.length - 1]!;
      try {
        await entry.run();
      } catch (error) {
        log(`clean-up of ${entry.name} failed: ${(error as Error).message}`);
      }
    }
    cleaning = null;
  })());
}

/** Last resort when the bench process exits without its clean-up (uncaught error): no server outlives it. */
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

// ---------------------------------------------------------------------------------------------------------------
// HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Fetched {
  status: number;
  ms: number;
  /** Bytes on the wire. */
  bytes: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer | null;
}

/**
 * One GET to the last byte. Browsers' Accept-Encoding by default; the body is kept only when asked for. A reused
 * keep-alive socket the server closed just before the request fails with ECONNRESET before any response: that one
 * is retried once on a fresh socket (the timing restarts).
 */
function get(url: string, opts: { keep?: boolean; encoding?: string } = {}, retried = false): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answered = false;
    const req = http.get(url, { agent, headers: { "accept-encoding": opts.encoding ?? "gzip, deflate, br", accept: "text/html,*/*" } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (c: Buffer) => {
        bytes += c.length;
        if (opts.keep) chunks.push(c);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes, headers: res.headers, body: opts.keep ? Buffer.concat(chunks) : null }),
      );
      res.on("error", (e) => reject(new Error(`GET ${url}: ${e.message}`)));
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (!answered && !retried && (e.code === "ECONNRESET" || e.code === "EPIPE") && req.reusedSocket) resolve(get(url, opts, true));
      else reject(new Error(`GET ${url}: ${e.message}`));
    });
    req.setTimeout(600_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

interface LoadResult {
  median: number;
  p95: number;
  requests: number;
  failures: number;
  capped: boolean;
}

/** `total` requests from `clients` concurrent clients; no new request starts after `capMs`. */
async function load(url: string, total: number, capMs: number, clients = CONCURRENCY): Promise<LoadResult> {
  const times: number[] = [];
  let issued = 0;
  let failures = 0;
  const started = performance.now();
  const client = async () => {
    while (issued < total && performance.now() - started < capMs && !aborted) {
      issued++;
      const r = await get(url);
      if (r.status !== 200) failures++;
      times.push(r.ms);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), requests: times.length, failures, capped: times.length < total };
}

// ---------------------------------------------------------------------------------------------------------------
// The server under test

interface Server {
  url: string;
  pid: number;
  startupMs: number;
  /** What the server printed, for errors. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/** A generated database: a PGlite directory or a PostgreSQL URL. */
interface Generated {
  dataDir: string | null;
  url: string | null;
  counts: SyntheticCounts;
  seconds: number;
  dispose(): Promise<void>;
}

async function startServer(dialect: Dialect, bench: Generated, log: (line: string) => void): Promise<Server> {
  checkAborted();
  const port = await getPort({ host: "127.0.0.1" });
  const prefix = `bench-${randomBytes(4).toString("hex")}`;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-bench-web-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    REDIS_URL: testRedisUrl(),
    HARMONIA_QUEUE_PREFIX: prefix,
    HARMONIA_SCHEDULER: "false",
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    // The distributed web process needs session secrets; the embedded one would otherwise write one into the data dir.
    HARMONIA_SESSION_SECRETS: randomBytes(32).toString("hex"),
  };
  let entry: string;
  let ready: string;
  if (dialect === "pglite") {
    // `npm start`'s entry point: the embedded mode on the generated directory.
    delete env.DATABASE_URL;
    env.HARMONIA_DATA_DIR = bench.dataDir!;
    entry = "app/server/start.ts";
    ready = "Harmonia is running at";
  } else {
    // `npm run web`: the distributed mode's web process.
    env.DATABASE_URL = bench.url!;
    env.HARMONIA_DATA_DIR = scratch;
    entry = "app/server/web.ts";
    ready = "Harmonia web is running at";
  }
  const started = performance.now();
  // node itself (not an npx wrapper): its pid is the server's, for /proc sampling and signals.
  const child = spawn(process.execPath, ["--import", "tsx", entry], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = onCleanup(`${dialect} server`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    children.delete(child);
    fs.rmSync(scratch, { recursive: true, force: true });
    await deleteQueueKeys(prefix).catch((error: Error) => log(`could not delete Redis keys ${prefix}:*: ${error.message}`));
  });
  const deadline = Date.now() + 180_000;
  while (!output.includes(ready)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`The ${dialect} server exited during start-up:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The ${dialect} server did not start within 180 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    startupMs: performance.now() - started,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop,
  };
}

/** The BullMQ keys the server made under its own prefix in the shared test Redis. */
async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Memory

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, hwm: kb("VmHWM") / 1024 };
}

function sampleRss(pid: number): () => number {
  let peak = memoryOf(pid).rss;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memoryOf(pid).rss);
    } catch {
      // the process ended
    }
  }, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Export and COPY

function countNewlines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

interface ExportResult {
  rows: number;
  ms: number;
  ttfbMs: number;
  wireBytes: number;
  csvBytes: number;
  peakRss: number;
  status: number;
}

/** GET /instruments.csv to the end, counting lines (synthetic cells hold no newlines), sampling the server's RSS. */
function measureExport(base: string, pid: number, encoding: "identity" | "gzip"): Promise<ExportResult> {
  return new Promise((resolve, reject) => {
    const stopSampling = sampleRss(pid);
    const started = performance.now();
    const req = http.get(`${base}/instruments.csv`, { headers: { "accept-encoding": encoding } }, (res) => {
      const ttfbMs = performance.now() - started;
      let wireBytes = 0;
      let csvBytes = 0;
      let lines = 0;
      res.on("data", (c: Buffer) => (wireBytes += c.length));
      const decoded = res.headers["content-encoding"] === "gzip" ? res.pipe(zlib.createGunzip()) : res;
      decoded.on("data", (c: Buffer) => {
        csvBytes += c.length;
        lines += countNewlines(c);
      });
      decoded.on("end", () =>
        resolve({ rows: Math.max(0, lines - 1), ms: performance.now() - started, ttfbMs, wireBytes, csvBytes, peakRss: stopSampling(), status: res.statusCode ?? 0 }),
      );
      decoded.on("error", (e) => {
        stopSampling();
        reject(e);
      });
    });
    req.on("error", (e) => {
      stopSampling();
      reject(e);
    });
  });
}

/**
 * A client that reads the first chunk of /instruments.csv and then stops reading for `seconds` (a slow link, a
 * stalled download). With backpressure the server stops pulling rows once the socket buffers are full and its RSS
 * stays flat; without it the server keeps producing rows into memory. Returns the RSS growth, then hangs up.
 */
function measurePausedClient(base: string, pid: number, seconds: number): Promise<{ growthMb: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    const before = memoryOf(pid).rss;
    const stopSampling = sampleRss(pid);
    const req = http.get(`${base}/instruments.csv`, { headers: { "accept-encoding": "identity" } }, (res) => {
      res.once("data", () => res.pause());
      setTimeout(() => {
        const peakRss = stopSampling();
        res.destroy();
        req.destroy();
        resolve({ growthMb: peakRss - before, peakRss });
      }, seconds * 1000);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNRESET" || req.destroyed) return;
      stopSampling();
      reject(e);
    });
  });
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
}

/** Waits until the process uses under 5% of a core for a second; returns how long that took. */
async function waitForIdle(pid: number, maxMs: number): Promise<number> {
  const started = performance.now();
  let last = cpuSecondsOf(pid);
  let quiet = 0;
  while (performance.now() - started < maxMs && !aborted) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuSecondsOf(pid);
    quiet = now - last < 0.025 ? quiet + 1 : 0;
    last = now;
    if (quiet >= 2) break;
  }
  return performance.now() - started;
}

/** PostgreSQL's own CSV writer on the same query: `psql -c "COPY (…) TO STDOUT (FORMAT csv, HEADER)"`. */
function measureCopy(url: string): Promise<{ rows: number; ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", `COPY (${EXPORT_SQL}) TO STDOUT (FORMAT csv, HEADER)`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let lines = 0;
    let bytes = 0;
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      bytes += c.length;
      lines += countNewlines(c);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => {
      children.delete(child);
      reject(e);
    });
    child.on("close", (code) => {
      children.delete(child);
      if (code !== 0) reject(new Error(`psql COPY exited with ${code}: ${stderr}`));
      else resolve({ rows: Math.max(0, lines - 1), ms: performance.now() - started, bytes });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// JavaScript per page

/** The module URLs an HTML page loads at once: modulepreload links, script src, and imports in inline module scripts. */
function moduleUrlsOf(html: string, base: string): string[] {
  const urls = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    if (!/\brel=["']?modulepreload/i.test(tag)) continue;
    const href = /\bhref=["']([^"']+)["']/i.exec(tag)?.[1];
    if (href) urls.add(new URL(href, base).href);
  }
  for (const [tag, , inline] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc=["']([^"']+)["']/i.exec(tag)?.[1];
    if (src) urls.add(new URL(src, base).href);
    if (/type=["']?module/i.test(tag)) for (const spec of staticImports(inline ?? "")) urls.add(new URL(spec, base).href);
  }
  return [...urls];
}

/** Static `import … from "x"`, `import "x"`, `export … from "x"` specifiers (not dynamic import(): loaded later, if ever). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** Gzipped bytes of every module a page loads at once (its module graph, same origin), cached per URL. */
async function javascriptOf(html: string, base: string, cache: Map<string, { gzip: number; raw: number; imports: string[] }>) {
  const origin = new URL(base).origin;
  const queue = moduleUrlsOf(html, base).filter((u) => new URL(u).origin === origin);
  const seen = new Set<string>();
  let gzip = 0;
  let raw = 0;
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    let entry = cache.get(url);
    if (!entry) {
      const r = await get(url, { keep: true, encoding: "identity" });
      if (r.status !== 200) throw new Error(`GET ${url} answered ${r.status}`);
      const code = r.body!.toString("utf8");
      entry = { gzip: zlib.gzipSync(r.body!).length, raw: r.body!.length, imports: staticImports(code).map((s) => new URL(s, url).href) };
      cache.set(url, entry);
    }
    gzip += entry.gzip;
    raw += entry.raw;
    for (const next of entry.imports) if (new URL(next).origin === origin && !seen.has(next)) queue.push(next);
  }
  return { files: seen.size, gzip, raw };
}

// ---------------------------------------------------------------------------------------------------------------


interface LegState {
  copyRowsPerSecond: number | null;
  jsCache: Map<string, { gzip: number; raw: number; imports: string[] }>;
  javascriptMeasured: boolean;
}

interface LegContext {
  requestsPerPage: number;
  capMs: number;
  psql: boolean;
  log: (line: string) => void;
  record: (name: string, value: number, unit: string, better: Measure["better"]) => void;
  notes: string[];
  measures: Measure[];
  state: LegState;
}

/** One dialect: its server, the pages, the JavaScript (once), the export and, on PostgreSQL, COPY. */
async function benchDialect(dialect: Dialect, bench: Generated, ctx: LegContext): Promise<void> {
  const { requestsPerPage, capMs, log, record, notes, state } = ctx;
  const { counts } = bench;
  log(`${dialect}: starting the server…`);
  const server = await startServer(dialect, bench, log);
  try {
    record(`${dialect}.startup.ms`, server.startupMs, "ms", "lower");

    // Pages: three sequential requests (the first pays for cold caches), then the load.
    const available: Array<{ slug: string; path: string; html: string }> = [];
    const warm = await get(`${server.url}/healthz`);
    if (warm.status !== 200) throw new Error(`/healthz answered ${warm.status}`);
    const healthz = await load(`${server.url}/healthz`, requestsPerPage, capMs);
    record(`${dialect}.page.healthz.median_ms`, healthz.median, "ms", "lower");
    record(`${dialect}.page.healthz.p95_ms`, healthz.p95, "ms", "lower");
    for (const page of PAGES) {
      checkAborted();
      const first = await get(`${server.url}${page.path}`, { keep: true, encoding: "identity" });
      if (first.status === 404) {
        notes.push(`${dialect}: ${page.path} answered 404 — skipped (the page does not exist yet).`);
        continue;
      }
      if (first.status !== 200) {
        notes.push(`${dialect}: ${page.path} answered ${first.status} — skipped.`);
        continue;
      }
      // Pages cache whole-table figures until the data changes: the first request shows the uncached cost.
      record(`${dialect}.page.${page.slug}.first_request_ms`, first.ms, "ms", "lower");
      await get(`${server.url}${page.path}`);
      const third = await get(`${server.url}${page.path}`);
      // 20 clients on a page that takes seconds would queue for minutes (PGlite serves one query at a time):
      // fewer clients then, so that one round fits in the time cap. Said in the notes.
      const clients = Math.max(1, Math.min(CONCURRENCY, Math.floor(capMs / Math.max(1, third.ms))));
      log(`${dialect}: ${page.path} (first request ${first.ms.toFixed(0)} ms, third ${third.ms.toFixed(0)} ms; ${clients} clients)…`);
      const r = await load(`${server.url}${page.path}`, requestsPerPage, capMs, clients);
      record(`${dialect}.page.${page.slug}.median_ms`, r.median, "ms", "lower");
      record(`${dialect}.page.${page.slug}.p95_ms`, r.p95, "ms", "lower");
      record(`${dialect}.page.${page.slug}.median_vs_healthz.ratio`, r.median / healthz.median, "ratio", "lower");
      if (clients < CONCURRENCY) {
        notes.push(`${dialect}: ${page.path} took ${(third.ms / 1000).toFixed(1)} s for one request alone: measured with ${clients} concurrent client${clients === 1 ? "" : "s"}, not ${CONCURRENCY}.`);
      }
      if (r.capped) notes.push(`${dialect}: ${page.path}: ${r.requests} of ${requestsPerPage} requests within the ${capMs / 1000} s cap.`);
      if (r.failures > 0) notes.push(`${dialect}: ${page.path}: ${r.failures} of ${r.requests} requests did not answer 200.`);
      available.push({ ...page, html: first.body!.toString("utf8") });
    }

    // JavaScript and HTML weight: the same build on both dialects, so measured once.
    if (!state.javascriptMeasured) {
      state.javascriptMeasured = true;
      for (const page of available) {
        const js = await javascriptOf(page.html, server.url, state.jsCache);
        record(`js.${page.slug}.gzip_kb`, js.gzip / 1024, "KB", "lower");
        record(`html.${page.slug}.gzip_kb`, zlib.gzipSync(page.html).length / 1024, "KB", "lower");
        notes.push(`JavaScript of ${page.path}: ${js.files} files, ${(js.raw / 1024).toFixed(0)} KB raw, ${(js.gzip / 1024).toFixed(0)} KB gzipped.`);
      }
    }

    checkAborted();
    // A stalled download first, while the heap is still small (later exports leave it grown), then the whole-table
    // export as a script (no compression) and as a browser (gzip) downloads it.
    log(`${dialect}: /instruments.csv, a client that stops reading…`);
    const paused = await measurePausedClient(server.url, server.pid, PAUSE_SECONDS);
    record(`${dialect}.export_csv_paused_client.rss_growth_mb`, paused.growthMb, "MB", "lower");
    notes.push(
      `${dialect}: a client that stops reading /instruments.csv after its first chunk: server RSS grows ${paused.growthMb.toFixed(0)} MB in ${PAUSE_SECONDS} s ` +
        `(to ${paused.peakRss.toFixed(0)} MB)${paused.growthMb > 50 ? " — the export does not wait for the client: memory is not constant" : ""}.`,
    );
    // The server may go on producing the abandoned download after the hang-up: wait until it is idle.
    const idleAfterMs = await waitForIdle(server.pid, 240_000);
    if (idleAfterMs > 1000) notes.push(`${dialect}: the server went on working ${(idleAfterMs / 1000).toFixed(0)} s after the stalled client hung up.`);
    checkAborted();
    const idle = memoryOf(server.pid).rss;
    log(`${dialect}: /instruments.csv (${counts.instruments.toLocaleString("en")} rows)…`);
    const plain = await measureExport(server.url, server.pid, "identity");
    if (plain.status !== 200) {
      notes.push(`${dialect}: /instruments.csv answered ${plain.status} — export not measured.`);
    } else {
      record(`${dialect}.export_csv.rows_per_second`, plain.rows / (plain.ms / 1000), "rows/s", "higher");
      record(`${dialect}.export_csv.mb_per_second`, plain.csvBytes / 1048576 / (plain.ms / 1000), "MB/s", "higher");
      record(`${dialect}.export_csv.first_byte_ms`, plain.ttfbMs, "ms", "lower");
      record(`${dialect}.export_csv.idle_rss_mb`, idle, "MB", "lower");
      record(`${dialect}.export_csv.peak_rss_mb`, plain.peakRss, "MB", "lower");
      record(`${dialect}.export_csv.peak_vs_idle_rss.ratio`, plain.peakRss / idle, "ratio", "lower");
      if (plain.rows !== counts.instruments) notes.push(`${dialect}: /instruments.csv gave ${plain.rows} rows, the table holds ${counts.instruments}.`);
      const gz = await measureExport(server.url, server.pid, "gzip");
      record(`${dialect}.export_csv_gzip.rows_per_second`, gz.rows / (gz.ms / 1000), "rows/s", "higher");
      record(`${dialect}.export_csv_gzip.peak_rss_mb`, gz.peakRss, "MB", "lower");
      notes.push(
        `${dialect}: /instruments.csv ${plain.rows} rows, ${(plain.csvBytes / 1048576).toFixed(0)} MB in ${(plain.ms / 1000).toFixed(1)} s (first byte after ${plain.ttfbMs.toFixed(0)} ms); ` +
          `gzipped ${(gz.wireBytes / 1048576).toFixed(0)} MB on the wire in ${(gz.ms / 1000).toFixed(1)} s; server RSS ${idle.toFixed(0)} MB before, ` +
          `peaks ${plain.peakRss.toFixed(0)} / ${gz.peakRss.toFixed(0)} MB; VmHWM ${memoryOf(server.pid).hwm.toFixed(0)} MB since start.`,
      );
    }
  } catch (error) {
    const tail = server.output().slice(-3000);
    throw new Error(`${(error as Error).message}${server.alive() ? "" : " (the server process has exited)"}${tail ? `\nserver output:\n${tail}` : ""}`);
  } finally {
    await server.stop();
  }

  checkAborted();
  if (dialect === "postgres" && ctx.psql) {
    log("postgres: COPY … TO STDOUT via psql…");
    const copy = await measureCopy(bench.url!);
    state.copyRowsPerSecond = copy.rows / (copy.ms / 1000);
    record("postgres.copy_csv.rows_per_second", state.copyRowsPerSecond, "rows/s", "higher");
    notes.push(`postgres: COPY ${copy.rows} rows, ${(copy.bytes / 1048576).toFixed(0)} MB in ${(copy.ms / 1000).toFixed(1)} s (psql, same query).`);
  }
  const exportRate = ctx.measures.find((m) => m.name === `scale.${dialect}.export_csv.rows_per_second`)?.value;
  if (state.copyRowsPerSecond && exportRate) record(`${dialect}.export_vs_postgres_copy.ratio`, exportRate / state.copyRowsPerSecond, "ratio", "higher");
}

export async function runScaleBench(options: ScaleOptions = {}): Promise<ScaleResult> {
  const quick = options.quick ?? false;
  const dialects = options.dialects ?? testDialects();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const size = quick ? QUICK_SIZE : FULL_SIZE;
  const requestsPerPage = quick ? 60 : 200;
  const capMs = quick ? 10_000 : 30_000;
  const measures: Measure[] = [];
  const notes: string[] = [SYNTHETIC_NOTICE];
  const failures: string[] = [];
  const record = (name: string, value: number, unit: string, better: Measure["better"]) =>
    measures.push({ name: `scale.${name}`, value: Number(value.toPrecision(4)), unit, better });
  const benchStarted = performance.now();

  const signalled = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    aborted = true;
    // Keep-alive connections would hold the servers' graceful shutdown open.
    agent.destroy();
    void cleanUpAll(log).finally(() => process.exit(130));
  };
  process.once("SIGINT", signalled);
  process.once("SIGTERM", signalled);

  try {
    // Services first, with a clear message when one is missing.
    try {
      await pingRedis(testRedisUrl());
    } catch (error) {
      throw new Error(`The scale bench needs a Redis at ${testRedisUrl()} (set REDIS_URL): ${(error as Error).message}`);
    }
    if (dialects.includes("postgres")) await checkPostgres();
    let psql = dialects.includes("postgres");
    if (psql) {
      try {
        execFileSync("psql", ["--version"], { stdio: "ignore" });
      } catch {
        psql = false;
        notes.push("psql is not on the PATH: no COPY baseline (install postgresql-client).");
      }
    }
    if (options.build ?? true) {
      log("building the web app (remix build)…");
      try {
        execFileSync("npx", ["remix", "build"], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
      } catch (error) {
        const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
        throw new Error(`remix build failed: ${e.stderr?.toString() || e.stdout?.toString() || e.message}`);
      }
    }

    // Both databases at once: PostgreSQL works in its own server, PGlite in a child process (one core each).
    log(`generating ${quick ? "quick" : "full"}-size synthetic data (${size.instruments.toLocaleString("en")} instruments, ${size.subnational} sub-national units) on ${dialects.join(" and ")}…`);
    const generationStarted = performance.now();
    const benches = new Map<Dialect, Generated>();
    const results = await Promise.allSettled(
      dialects.map(async (dialect) => {
        const started = performance.now();
        if (dialect === "pglite") {
          const g = await fillPgliteInChildProcess(size, log, (cleanup) => onCleanup("pglite bench directory", cleanup));
          benches.set(dialect, { dataDir: g.dataDir, url: null, counts: g.counts, seconds: (performance.now() - started) / 1000, dispose: g.dispose });
        } else {
          const bench = await createBenchDatabase(dialect);
          onCleanup("postgres bench database", () => bench.dispose());
          const counts = await fillSynthetic(bench, size, log);
          await bench.close();
          benches.set(dialect, { dataDir: null, url: bench.url, counts, seconds: (performance.now() - started) / 1000, dispose: () => bench.dispose() });
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    notes.push(`Synthetic data generated in ${generationSeconds.toFixed(0)} s for ${dialects.join(" and ")} together (wall clock, in parallel).`);
    record("generate.wall_seconds", generationSeconds, "s", "lower");
    for (const [dialect, { counts, seconds }] of benches) {
      notes.push(
        `${dialect}: ${counts.jurisdictions} jurisdictions (${counts.syntheticJurisdictions} synthetic), ${counts.indicators} indicators; ` +
          `assessments ${counts.curatedAssessments} curated + ${counts.syntheticAssessments} synthetic; ` +
          `history rows ${counts.historyRows} (${counts.syntheticHistoryRows} synthetic); ` +
          `instruments ${counts.instruments} (${counts.syntheticInstruments} synthetic), ${counts.instrumentTopics} topic tags; ` +
          `generated in ${seconds.toFixed(0)} s (${Object.entries(counts.seconds).map(([k, v]) => `${k} ${v} s`).join(", ")}).`,
      );
      record(`${dialect}.generate.seconds`, seconds, "s", "lower");
    }

    const state: LegState = { copyRowsPerSecond: null, jsCache: new Map(), javascriptMeasured: false };
    // PostgreSQL first: its COPY is the baseline of both exports. A failed leg is reported and the next one still runs.
    for (const dialect of (["postgres", "pglite"] as const).filter((d) => benches.has(d))) {
      const bench = benches.get(dialect)!;
      try {
        await benchDialect(dialect, bench, { requestsPerPage, capMs, psql, log, record, notes, measures, state });
      } catch (error) {
        failures.push(`${dialect}: ${(error as Error).message}`);
        notes.push(`${dialect} leg FAILED: ${(error as Error).message}`);
      }
      // Free the space before the next dialect.
      await bench.dispose();
    }
    notes.push(`Scale bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`);
    return { measures, notes, failures };
  } finally {
    await cleanUpAll(log);
    agent.destroy();
    process.off("SIGINT", signalled);
    process.off("SIGTERM", signalled);
  }
}

export function formatMeasures(measures: Measure[]): string {
  return measures.map((m) => `${m.name.padEnd(64)} ${String(m.value).padStart(12)} ${m.unit} (${m.better} is better)\n`).join("");
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = process.argv.slice(2);
  const dialectArg = args.find((a) => a.startsWith("--dialects="));
  const dialects = dialectArg
    ? dialectArg
        .slice("--dialects=".length)
        .split(",")
        .map((d) => d.trim())
        .filter((d): d is Dialect => d === "postgres" || d === "pglite")
    : undefined;
  try {
    const { measures, notes, failures } = await runScaleBench({ quick: args.includes("--quick"), build: !args.includes("--no-build"), dialects });
    if (failures.length > 0) process.exitCode = 1;
    if (args.includes("--json")) {
      for (const n of notes) process.stderr.write(`${n}\n`);
      process.stdout.write(`${JSON.stringify(measures)}\n`);
    } else {
      for (const n of notes) process.stdout.write(`${n}\n`);
      process.stdout.write(formatMeasures(measures));
    }
  } catch (error) {
    process.stderr.write(`scale bench failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
