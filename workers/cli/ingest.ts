/**
 * npm run ingest -- <source-id>                 run one source now and print what it did
 * npm run ingest -- <source-id> --file <path>   parse a saved payload (no network): normalized records as
 *                                               JSON lines on stdout, nothing else; they are stored too
 *
 * When an embedded Harmonia already holds the database, the work is handed to it through its queue
 * (PGlite allows one process); otherwise this process opens the database itself.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { QueueEvents } from "bullmq";
import { readLock } from "../../db/lock";
import { getSource, UnknownSourceError } from "../../sources/registry";
import { SourceParseError, type Source } from "../../sources/types";
import { ingestFile, runSourceNow } from "../pipeline";
import { FETCH_QUEUE, openQueues } from "../queues";
import { loadConfig, type Config } from "../runtime/config";
import { createLogger, type Logger } from "../runtime/logger";
import { bullConnection } from "../runtime/redis";
import { openReadyDatabase } from "../runtime/services";

const usage = "usage: npm run ingest -- <source-id> [--file <path>]";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function handToRunningInstance(
  redisUrl: string,
  config: Config,
  job: { name: "fetch"; data: { sourceId: string; trigger: "manual" } } | { name: "ingest-file"; data: { sourceId: string; path: string } },
) {
  const connection = bullConnection(redisUrl);
  const queues = openQueues(connection, config.HARMONIA_QUEUE_PREFIX);
  const events = new QueueEvents(FETCH_QUEUE, { connection, prefix: config.HARMONIA_QUEUE_PREFIX });
  try {
    await events.waitUntilReady();
    const added = await queues.fetch.add(job.name, job.data);
    return await added.waitUntilFinished(events, 10 * 60_000);
  } finally {
    await events.close();
    await queues.close();
  }
}

async function storeFile(config: Config, log: Logger, source: Source, file: string) {
  const holder = config.DATABASE_URL ? null : readLock(config.HARMONIA_DATA_DIR);
  if (holder?.redisUrl) {
    const result = await handToRunningInstance(holder.redisUrl, config, { name: "ingest-file", data: { sourceId: source.manifest.id, path: file } });
    process.stderr.write(`Stored by the running Harmonia (pid ${holder.pid}): ${JSON.stringify(result)}\n`);
    return;
  }
  const database = await openReadyDatabase(config, log);
  try {
    const { run } = await ingestFile({ db: database.db, config, log }, source, file);
    process.stderr.write(
      `Stored in ${database.describe}: run ${run.id} ${run.status}, ${run.records_inserted} new, ${run.records_updated} updated` +
        `${run.error ? ` (${run.error})` : ""}\n`,
    );
  } finally {
    await database.close();
  }
}

async function runNow(config: Config, log: Logger, source: Source) {
  const holder = config.DATABASE_URL ? null : readLock(config.HARMONIA_DATA_DIR);
  if (holder?.redisUrl) {
    const result = await handToRunningInstance(holder.redisUrl, config, { name: "fetch", data: { sourceId: source.manifest.id, trigger: "manual" } });
    process.stdout.write(`Queued on the running Harmonia (pid ${holder.pid}): ${JSON.stringify(result)}\nSee /sources for the outcome.\n`);
    return;
  }
  const database = await openReadyDatabase(config, log);
  try {
    const { run } = await runSourceNow({ db: database.db, config, log }, source, "cli");
    process.stdout.write(
      `${source.manifest.id}: run ${run.id} ${run.status}; ${run.payloads_fetched} payloads fetched (${run.payloads_unchanged} unchanged), ` +
        `${run.records_parsed} records parsed, ${run.records_inserted} new, ${run.records_updated} updated\n` +
        (run.error ? `problems:\n${run.error}\n` : ""),
    );
    if (run.status === "failed") process.exitCode = 1;
  } finally {
    await database.close();
  }
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { file: { type: "string" } } });
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  const [sourceId, ...rest] = parsed.positionals;
  if (!sourceId || rest.length > 0) fail(usage);
  let source: Source;
  try {
    source = getSource(sourceId);
  } catch (error) {
    if (error instanceof UnknownSourceError) fail(error.message);
    throw error;
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);

  if (parsed.values.file !== undefined) {
    const file = path.resolve(parsed.values.file);
    if (!fs.existsSync(file)) fail(`No such file: ${file}`);
    const body = new Uint8Array(fs.readFileSync(file));
    try {
      const records = source.parse({ url: `file://${file}`, body, contentType: null, fetchedAt: new Date().toISOString() });
      for (const record of records) process.stdout.write(`${JSON.stringify(record)}\n`);
    } catch (error) {
      if (error instanceof SourceParseError) fail(`${file}: ${error.code}: ${error.message}`);
      throw error;
    }
    await storeFile(config, log, source, file);
    return;
  }
  await runNow(config, log, source);
}

main().catch((error: unknown) => fail(`ingest failed: ${(error as Error).message}`));
