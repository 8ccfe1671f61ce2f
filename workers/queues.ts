import { Queue, type ConnectionOptions, type DefaultJobOptions } from "bullmq";
import type { IngestRunTable } from "../db/schema";

/** Two queues, two steps: fetching is network-bound and rate-limited, processing is database-bound. */
export const FETCH_QUEUE = "fetch";
export const PROCESS_QUEUE = "process";

export interface FetchJobData {
  sourceId: string;
  trigger: IngestRunTable["trigger"];
}

export interface IngestFileJobData {
  sourceId: string;
  path: string;
}

export interface ProcessJobData {
  sourceId: string;
  runId: number;
  snapshotIds: number[];
  fetched: number;
  unchanged: number;
  fetchErrors: string[];
}

export const defaultJobOptions: DefaultJobOptions = {
  attempts: 4,
  // Exponential backoff with jitter, so retries of many sources do not arrive at a host together.
  backoff: { type: "exponential", delay: 30_000, jitter: 0.5 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 5000 },
};

export interface Queues {
  fetch: Queue<FetchJobData | IngestFileJobData>;
  process: Queue<ProcessJobData>;
  close(): Promise<void>;
}

export function openQueues(connection: ConnectionOptions, prefix: string): Queues {
  // Producers fail fast when Redis is down instead of queueing commands in memory.
  const producer = { ...(connection as object), enableOfflineQueue: false } as ConnectionOptions;
  const fetch = new Queue<FetchJobData | IngestFileJobData>(FETCH_QUEUE, { connection: producer, prefix, defaultJobOptions });
  const process = new Queue<ProcessJobData>(PROCESS_QUEUE, { connection: producer, prefix, defaultJobOptions });
  // Errors surface where queues are used (health page, enqueue calls); an unhandled 'error' event would crash the process.
  fetch.on("error", () => {});
  process.on("error", () => {});
  return {
    fetch,
    process,
    close: async () => {
      await Promise.allSettled([fetch.close(), process.close()]);
    },
  };
}

export function schedulerId(sourceId: string): string {
  return `source:${sourceId}`;
}
