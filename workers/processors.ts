import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from "bullmq";
import { finishRun, startRun } from "../db/repositories/runs";
import { getSource } from "../sources/registry";
import { fetchStep, ingestFile, processStep, runOutcome, StepError, type PipelineContext } from "./pipeline";
import { FETCH_QUEUE, PROCESS_QUEUE, type FetchJobData, type IngestFileJobData, type ProcessJobData, type Queues } from "./queues";
import { missingKey } from "./scheduler";

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

async function handleFetch(ctx: PipelineContext, queues: Queues, job: Job<FetchJobData | IngestFileJobData>) {
  if (job.name === "ingest-file") {
    const data = job.data as IngestFileJobData;
    const { run } = await ingestFile(ctx, getSource(data.sourceId), data.path);
    return { runId: run.id, status: run.status, records: run.records_parsed };
  }
  const data = job.data as FetchJobData;
  const source = getSource(data.sourceId);
  const run = await startRun(ctx.db, { sourceId: source.manifest.id, jobId: `fetch-${job.id}`, trigger: data.trigger });
  const skipped = missingKey(source);
  if (skipped) {
    await finishRun(ctx.db, run.id, { status: "skipped", error: skipped });
    return { runId: run.id, status: "skipped" };
  }
  try {
    const fetched = await fetchStep(ctx, source);
    if (fetched.toProcess.length === 0) {
      const finished = await finishRun(ctx.db, run.id, {
        status: fetched.errors.length > 0 ? "failed" : "unchanged",
        error: fetched.errors.join("\n") || null,
        payloadsFetched: fetched.fetched,
        payloadsUnchanged: fetched.unchanged,
      });
      return { runId: run.id, status: finished.status };
    }
    const processData: ProcessJobData = {
      sourceId: source.manifest.id,
      runId: run.id,
      snapshotIds: fetched.toProcess,
      fetched: fetched.fetched,
      unchanged: fetched.unchanged,
      fetchErrors: fetched.errors,
    };
    // The job id makes a repeated fetch job (at-least-once delivery) enqueue processing only once.
    await queues.process.add("process", processData, { jobId: `run-${run.id}` });
    return { runId: run.id, status: "fetched", snapshots: fetched.toProcess.length };
  } catch (error) {
    const message = (error as Error).message;
    const retryable = !(error instanceof StepError) || error.retryable;
    if (retryable && !isLastAttempt(job)) {
      await finishRun(ctx.db, run.id, { status: "retrying", error: `attempt ${job.attemptsMade + 1} failed: ${message}` });
      throw error;
    }
    await finishRun(ctx.db, run.id, { status: "failed", error: message });
    throw new UnrecoverableError(message);
  }
}

async function handleProcess(ctx: PipelineContext, job: Job<ProcessJobData>) {
  const data = job.data;
  const source = getSource(data.sourceId);
  try {
    const processed = await processStep(ctx, source, data.snapshotIds);
    const fetchSummary = { toProcess: data.snapshotIds, fetched: data.fetched, unchanged: data.unchanged, errors: data.fetchErrors };
    const run = await finishRun(ctx.db, data.runId, runOutcome(fetchSummary, processed));
    return { runId: run.id, status: run.status, inserted: processed.inserted, updated: processed.updated };
  } catch (error) {
    if (isLastAttempt(job)) await finishRun(ctx.db, data.runId, { status: "failed", error: (error as Error).message });
    throw error;
  }
}

export interface RunningWorkers {
  close(): Promise<void>;
}

/** Starts the fetch and process workers. Call `close()` on shutdown: it lets active jobs finish. */
export function startWorkers(ctx: PipelineContext, queues: Queues, connection: ConnectionOptions): RunningWorkers {
  const prefix = ctx.config.HARMONIA_QUEUE_PREFIX;
  const concurrency = ctx.config.HARMONIA_WORKER_CONCURRENCY;
  const fetchWorker = new Worker<FetchJobData | IngestFileJobData>(FETCH_QUEUE, (job) => handleFetch(ctx, queues, job), {
    connection,
    prefix,
    concurrency,
    // A cluster-wide ceiling on fetches; per-host spacing is in the fetcher.
    limiter: { max: 10, duration: 1000 },
  });
  const processWorker = new Worker<ProcessJobData>(PROCESS_QUEUE, (job) => handleProcess(ctx, job), { connection, prefix, concurrency });
  for (const worker of [fetchWorker, processWorker]) {
    worker.on("error", (err) => ctx.log.error({ err: err.message, queue: worker.name }, "worker error"));
    worker.on("failed", (job, err) =>
      ctx.log.warn({ queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"),
    );
    worker.on("completed", (job, result) => ctx.log.info({ queue: worker.name, jobId: job.id, result }, "job completed"));
  }
  return {
    close: async () => {
      await Promise.all([fetchWorker.close(), processWorker.close()]);
    },
  };
}
