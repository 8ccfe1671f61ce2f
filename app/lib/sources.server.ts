import { sourceHealth } from "../../db/repositories/sources";
import { allSources } from "../../sources/registry";
import { missingKey, nextRuns } from "../../workers/scheduler";
import type { Services } from "../../workers/runtime/services";

/** What /sources and /api/v1/sources show: health from the database, next runs from the schedulers in Redis. */
export async function sourcesHealthData({ database, queues }: Services) {
  const health = await sourceHealth(database.db);
  let next = new Map<string, Date | null>();
  let schedulerError: string | null = null;
  try {
    next = await nextRuns(queues, health.map((h) => h.id));
  } catch (error) {
    schedulerError = `The queue (Redis) cannot be reached, so next runs are unknown: ${(error as Error).message}`;
  }
  return {
    schedulerError,
    sources: health.map((h) => {
      const source = allSources.find((s) => s.manifest.id === h.id);
      return {
        ...h,
        needsKey: source ? missingKey(source) : null,
        everyMs: source?.manifest.everyMs ?? null,
        nextRun: next.get(h.id)?.toISOString() ?? null,
      };
    }),
  };
}
