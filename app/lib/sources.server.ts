import { sourceHealth } from "../../db/repositories/sources";
import { allSources } from "../../sources/registry";
import { missingKey, nextRuns } from "../../workers/scheduler";
import type { Services } from "../../workers/runtime/services";
import { exportResponse, type ExportFormat } from "./export.server";

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

export const SOURCE_COLUMNS = [
  { name: "id", description: "Source id (a folder under sources/)." },
  { name: "name", description: "Source name." },
  { name: "homepage", description: "The source's public home page." },
  { name: "status", description: "How the last run ended: ok, unchanged, suspect, failed, running, retrying; or needs_api_key when the scheduler skips it." },
  { name: "last_run_at", description: "When the last run started (ISO 8601)." },
  { name: "last_run_trigger", description: "schedule, manual, cli or startup." },
  { name: "last_error", description: "Why the last run failed or was set aside; empty when it went through." },
  { name: "last_good_run_at", description: "When a run last ended ok or unchanged; the data shown dates from then." },
  { name: "next_run_at", description: "When the scheduler runs it next; empty when not scheduled." },
  { name: "every", description: "Interval between scheduled runs, in minutes." },
  { name: "needs_api_key", description: "The environment variable to set when the source needs a key that is missing." },
  { name: "instruments", description: "Instruments this source holds." },
  { name: "assessments", description: "Assessments this source wrote." },
  { name: "payloads_stored", description: "Distinct payloads (snapshots) stored." },
] as const;

/** `/api/v1/sources` (JSON, or CSV with .csv): the rows of the /sources page. */
export async function sourcesExport(services: Services, format: ExportFormat): Promise<Response> {
  const { sources, schedulerError } = await sourcesHealthData(services);
  const rows = sources.map((s) => ({
    id: s.id,
    name: s.name,
    homepage: s.homepage,
    status: s.needsKey ? "needs_api_key" : (s.lastRun?.status ?? ""),
    last_run_at: s.lastRun?.started_at ?? null,
    last_run_trigger: s.lastRun?.trigger ?? null,
    last_error: s.lastRun?.error ?? null,
    last_good_run_at: s.lastGoodRunAt,
    next_run_at: s.nextRun,
    every: s.everyMs === null ? null : Math.round(s.everyMs / 60_000),
    needs_api_key: s.needsKey ? s.needsKey.replace(/^needs API key \(set (.*)\)$/, "$1") : null,
    instruments: s.instruments,
    assessments: s.assessments,
    payloads_stored: s.snapshots,
  }));
  return exportResponse(format, "sources", SOURCE_COLUMNS.map((c) => c.name), rows, { scheduler_error: schedulerError });
}
