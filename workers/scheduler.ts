import type { Source } from "../sources/types";
import type { Config } from "./runtime/config";
import type { Logger } from "./runtime/logger";
import { schedulerId, type Queues } from "./queues";

export interface ScheduleDecision {
  sourceId: string;
  everyMs: number | null;
  /** Why the source is not scheduled, e.g. "needs API key". */
  skipped: string | null;
}

/** A source needing a key it does not have is never scheduled; /sources says so. */
export function missingKey(source: Source, env: NodeJS.ProcessEnv = process.env): string | null {
  const key = source.manifest.apiKey;
  return key && !env[key.env] ? `needs API key (set ${key.env})` : null;
}

/**
 * One job scheduler per enabled source (BullMQ v6 job schedulers; upsert is idempotent, so every
 * process may call this at start-up). The interval comes from the manifest unless HARMONIA_SCHEDULES overrides it.
 */
export async function scheduleSources(queues: Queues, sources: Source[], config: Config, log: Logger): Promise<ScheduleDecision[]> {
  const decisions: ScheduleDecision[] = [];
  for (const source of sources) {
    const id = source.manifest.id;
    const skipped = missingKey(source);
    if (skipped) {
      await queues.fetch.removeJobScheduler(schedulerId(id));
      decisions.push({ sourceId: id, everyMs: null, skipped });
      continue;
    }
    const everyMs = config.HARMONIA_SCHEDULES.get(id) ?? source.manifest.everyMs;
    await queues.fetch.upsertJobScheduler(schedulerId(id), { every: everyMs }, { name: "fetch", data: { sourceId: id, trigger: "schedule" } });
    decisions.push({ sourceId: id, everyMs, skipped: null });
  }
  log.info({ decisions }, "source schedules set");
  return decisions;
}

/** When each source runs next, from the schedulers in Redis. Null values: not scheduled or Redis unreachable. */
export async function nextRuns(queues: Queues, sourceIds: string[]): Promise<Map<string, Date | null>> {
  const next = new Map<string, Date | null>();
  for (const id of sourceIds) {
    const scheduler = await queues.fetch.getJobScheduler(schedulerId(id));
    next.set(id, scheduler?.next ? new Date(scheduler.next) : null);
  }
  return next;
}
