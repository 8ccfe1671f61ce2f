import { Redis } from "ioredis";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { openQueues, type Queues } from "../queues";
import { loadReferenceData } from "../reference";
import { runSourceNow, type PipelineContext } from "../pipeline";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { bullConnection, obtainRedis, stopOrphanedRedis, type RedisHandle } from "./redis";

/** What a Harmonia process holds: handed to Remix loaders as load context and to the workers. */
export interface Services {
  config: Config;
  log: Logger;
  database: DatabaseHandle;
  redis: RedisHandle;
  queues: Queues;
  /** A plain Redis client for small shared state (login throttling); fails fast when Redis is down. */
  kv: Redis;
  startedAt: Date;
}

export function pipelineContext(services: Services): PipelineContext {
  return { db: services.database.db, config: services.config, log: services.log };
}

/**
 * Loads the curated knowledge base through the ingestion pipeline before anything is served, so a first
 * start shows the baseline. Unchanged files are recognised by their hash and not parsed again; a broken
 * file makes the run suspect (shown on /sources) and the last good data stays.
 */
export async function loadKnowledgeBase(services: Services): Promise<void> {
  const { run } = await runSourceNow(pipelineContext(services), curatedSource, "startup");
  const level = run.status === "ok" || run.status === "unchanged" ? "info" : "error";
  services.log[level]({ status: run.status, records: run.records_parsed, error: run.error }, "curated knowledge base loaded");
}

export class DistributedModeError extends Error {
  constructor(missing: string[]) {
    super(
      `Running web and workers as separate processes needs ${missing.join(" and ")}: ` +
        `PGlite cannot be shared between processes, each process must reach the same Redis, and web instances ` +
        `must share the secrets that sign session cookies. ` +
        `Use \`npm start\` for the single-process embedded mode.`,
    );
    this.name = "DistributedModeError";
  }
}

export function requireDistributedConfig(config: Config, role: "web" | "worker"): void {
  const missing = [
    !config.DATABASE_URL && "DATABASE_URL",
    !config.REDIS_URL && "REDIS_URL",
    // Every web instance must sign and verify the same session cookies.
    role === "web" && config.HARMONIA_SESSION_SECRETS.length === 0 && "HARMONIA_SESSION_SECRETS",
  ].filter(Boolean) as string[];
  if (missing.length > 0) throw new DistributedModeError(missing);
}

/** Opens the configured database, migrated and with reference data loaded. */
export async function openReadyDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  const database = await openDatabase(
    config.DATABASE_URL ? { kind: "postgres", url: config.DATABASE_URL } : { kind: "pglite", dataDir: config.HARMONIA_DATA_DIR },
  );
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log.info({ applied }, "migrations applied");
    const loaded = await loadReferenceData(database.db, allSources);
    log.info({ database: database.describe, ...loaded }, "database ready");
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Opens the database, Redis and the queues. */
export async function openServices(config: Config, log: Logger): Promise<Services> {
  const database = await openReadyDatabase(config, log);
  try {
    stopOrphanedRedis(database.lock?.stale?.redisPid, log);
    const redis = await obtainRedis(config.REDIS_URL, config.HARMONIA_DATA_DIR, log);
    database.lock?.update({ redisUrl: redis.url, redisPid: redis.pid ?? undefined });
    const queues = openQueues(bullConnection(redis.url), config.HARMONIA_QUEUE_PREFIX);
    const kv = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    kv.on("error", (error) => log.warn({ err: error.message }, "redis client error"));
    return { config, log, database, redis, queues, kv, startedAt: new Date() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function closeServices(services: Services): Promise<void> {
  services.kv.disconnect();
  await services.queues.close();
  await services.redis.stop();
  await services.database.close();
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits. A second signal exits at once.
 */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "shutting down");
    // Workers finish their active job first (a fetch may take a few seconds); say so, and how to skip it.
    process.stderr.write("Harmonia is stopping: finishing active jobs. Press Ctrl-C again to stop at once.\n");
    stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err: (err as Error).message }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
