import type { Kysely } from "kysely";
import type { Database, IngestRun, IngestRunStatus, IngestRunTable } from "../schema";

/**
 * Starts a run, or picks up the run of the same BullMQ job when the job is retried
 * (BullMQ delivers at least once; one job keeps one run row).
 */
export async function startRun(
  db: Kysely<Database>,
  input: { sourceId: string; jobId: string | null; trigger: IngestRunTable["trigger"] },
): Promise<IngestRun> {
  if (input.jobId) {
    return db
      .insertInto("ingest_run")
      .values({ source_id: input.sourceId, job_id: input.jobId, trigger: input.trigger, status: "running", attempts: 1 })
      .onConflict((oc) =>
        oc.column("job_id").doUpdateSet((eb) => ({
          status: "running",
          attempts: eb("ingest_run.attempts", "+", 1),
          error: null,
          finished_at: null,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return db
    .insertInto("ingest_run")
    .values({ source_id: input.sourceId, job_id: null, trigger: input.trigger, status: "running", attempts: 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface RunOutcome {
  status: Exclude<IngestRunStatus, "running">;
  error?: string | null;
  payloadsFetched?: number;
  payloadsUnchanged?: number;
  recordsParsed?: number;
  recordsInserted?: number;
  recordsUpdated?: number;
}

export async function finishRun(db: Kysely<Database>, runId: number, outcome: RunOutcome): Promise<IngestRun> {
  return db
    .updateTable("ingest_run")
    .set({
      status: outcome.status,
      error: outcome.error ?? null,
      finished_at: outcome.status === "retrying" ? null : new Date(),
      payloads_fetched: outcome.payloadsFetched ?? 0,
      payloads_unchanged: outcome.payloadsUnchanged ?? 0,
      records_parsed: outcome.recordsParsed ?? 0,
      records_inserted: outcome.recordsInserted ?? 0,
      records_updated: outcome.recordsUpdated ?? 0,
    })
    .where("id", "=", runId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function recentRuns(db: Kysely<Database>, sourceId: string, limit = 10): Promise<IngestRun[]> {
  return db
    .selectFrom("ingest_run")
    .selectAll()
    .where("source_id", "=", sourceId)
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
