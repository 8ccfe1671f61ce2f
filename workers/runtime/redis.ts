import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import getPort from "get-port";
import type { ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "./logger";

export class RedisUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `Harmonia needs Redis and could not get one: ${detail}\n` +
        `Either set REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379), or install Redis so that ` +
        `\`redis-server\` is on the PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) ` +
        `and Harmonia will start its own.`,
    );
    this.name = "RedisUnavailableError";
  }
}

/** Stops a redis-server left running by a Harmonia process that was killed (its pid is in the stale lock). */
export function stopOrphanedRedis(pid: number | undefined, log: Logger): void {
  if (!pid) return;
  try {
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("redis-server")) return;
    process.kill(pid, "SIGTERM");
    log.warn({ pid }, "stopped a redis-server left behind by an earlier Harmonia process");
  } catch {
    // gone already, or not Linux
  }
}

export interface RedisHandle {
  /** Process id of a redis-server Harmonia started. */
  pid: number | null;
  url: string;
  /** True when Harmonia started this redis-server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

/** Connection options for BullMQ: workers block forever on Redis, so no per-request retry cap. */
export function bullConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** One round trip with a short timeout: used by /healthz and at start-up. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

function findOnPath(binary: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

async function waitForPing(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode}`);
    try {
      if ((await pingRedis(url, 500)) === "PONG") return;
    } catch {
      if (Date.now() > deadline) throw new RedisUnavailableError(`redis-server did not answer on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * REDIS_URL when given; otherwise a private redis-server on a free loopback port, with AOF persistence
 * under the data directory and the `noeviction` policy BullMQ requires.
 */
export async function obtainRedis(redisUrl: string | undefined, dataDir: string, log: Logger): Promise<RedisHandle> {
  if (redisUrl) {
    try {
      await pingRedis(redisUrl);
    } catch (error) {
      throw new RedisUnavailableError(`REDIS_URL=${redisUrl} does not answer (${(error as Error).message})`);
    }
    return { url: redisUrl, owned: false, pid: null, stop: async () => {} };
  }
  const binary = findOnPath("redis-server");
  if (!binary) throw new RedisUnavailableError("REDIS_URL is not set and redis-server is not on the PATH");
  const redisDir = path.join(dataDir, "redis");
  fs.mkdirSync(redisDir, { recursive: true });
  const port = await getPort({ host: "127.0.0.1" });
  const child = spawn(
    binary,
    [
      "--port", String(port),
      "--bind", "127.0.0.1",
      "--dir", redisDir,
      "--appendonly", "yes",
      "--appendfsync", "everysec",
      "--save", "",
      "--maxmemory-policy", "noeviction",
      "--logfile", path.join(redisDir, "redis.log"),
    ],
    // Detached: Ctrl-C in the terminal reaches only Harmonia, which then stops Redis in order, after the workers.
    { stdio: "ignore", detached: true },
  );
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  // A crash of Harmonia must not leave redis-server behind.
  process.once("exit", () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  try {
    await waitForPing(url, child, 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ url, dir: redisDir }, "started private redis-server");
  return { url, owned: true, pid: child.pid ?? null, stop };
}
