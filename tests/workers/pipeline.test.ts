import { randomBytes } from "node:crypto";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { source as legislationGovUk } from "../../sources/legislation-gov-uk";
import { ingestFile, runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { startWorkers } from "../../workers/processors";
import { openQueues, schedulerId } from "../../workers/queues";
import { scheduleSources } from "../../workers/scheduler";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { bullConnection } from "../../workers/runtime/redis";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";
import { testRedisUrl } from "../helpers/env";
import { startFeedServer } from "../helpers/feed-server";

const ENTRIES_IN_RECORDED_FEED = 20;

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(dialects)("legislation.gov.uk pipeline on %s with real Redis", (dialect) => {
  let t: TestDatabase;
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  let ctx: PipelineContext;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    server = await startFeedServer();
    const config = loadConfig({
      NODE_ENV: "test",
      REDIS_URL: testRedisUrl(),
      HARMONIA_QUEUE_PREFIX: `test-${randomBytes(4).toString("hex")}`,
      HARMONIA_SOURCE_URLS: `legislation-gov-uk=${server.url}`,
      HARMONIA_ALLOW_PRIVATE_FETCH: server.url,
      HARMONIA_REQUEST_GAP: "0ms",
      HARMONIA_SCHEDULES: "legislation-gov-uk=1500ms",
      LOG_LEVEL: "silent",
    });
    ctx = { db: t.handle.db, config, log: createLogger("silent") };
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  const instrumentCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from instrument`.execute(t.handle.db)).rows[0]!.n;
  const runs = () => t.handle.db.selectFrom("ingest_run").selectAll().orderBy("id").execute();

  it("scheduler → fetch from the local server → parse → rows; the next scheduled run changes nothing", async () => {
    const connection = bullConnection(ctx.config.REDIS_URL!);
    const queues = openQueues(connection, ctx.config.HARMONIA_QUEUE_PREFIX);
    const workers = startWorkers(ctx, queues, connection);
    try {
      const decisions = await scheduleSources(queues, [legislationGovUk], ctx.config, ctx.log);
      expect(decisions).toEqual([{ sourceId: "legislation-gov-uk", everyMs: 1500, skipped: null }]);
      const first = await waitFor(async () => (await runs()).find((r) => r.status === "ok"), "a successful run");
      expect(first.trigger).toBe("schedule");
      expect(first.records_inserted).toBe(ENTRIES_IN_RECORDED_FEED);
      expect(await instrumentCount()).toBe(ENTRIES_IN_RECORDED_FEED);

      // BullMQ runs the scheduler again; the payloads are byte-identical, so nothing is parsed or written.
      const second = await waitFor(async () => (await runs()).find((r) => r.id > first.id && r.status === "unchanged"), "an unchanged run");
      expect(second.payloads_unchanged).toBe(legislationGovUk.manifest.endpoints.length);
      expect(second.records_parsed).toBe(0);
      expect(await instrumentCount()).toBe(ENTRIES_IN_RECORDED_FEED);
      const snapshots = await sql<{ n: number }>`select count(*)::int as n from snapshot`.execute(t.handle.db);
      expect(snapshots.rows[0]!.n).toBe(legislationGovUk.manifest.endpoints.length);
    } finally {
      await queues.fetch.removeJobScheduler(schedulerId("legislation-gov-uk"));
      await workers.close();
      await queues.fetch.obliterate({ force: true });
      await queues.process.obliterate({ force: true });
      await queues.close();
    }
  });

  // One endpoint and a 1 s timeout keep the failure cases quick; the source is otherwise the real one.
  const quickSource = {
    ...legislationGovUk,
    manifest: {
      ...legislationGovUk.manifest,
      endpoints: legislationGovUk.manifest.endpoints.slice(-1),
      politeness: { ...legislationGovUk.manifest.politeness, timeoutMs: 1000 },
    },
  };

  describe("when the source misbehaves after a good run", () => {
    // Their own database with the feed stored once: each case checks that a bad response loses none of it.
    let good: TestDatabase;
    let goodCtx: PipelineContext;
    beforeAll(async () => {
      good = await freshDatabase(dialect);
      goodCtx = { ...ctx, db: good.handle.db };
      // The last good data: the recorded feed the local server serves, stored from its file (no fetch timing involved).
      const feed = path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml");
      const { run } = await ingestFile(goodCtx, legislationGovUk, feed);
      expect([run.status, run.error]).toEqual(["ok", null]);
    });
    afterAll(async () => {
      await good?.drop();
    });
    const goodCount = async () => (await sql<{ n: number }>`select count(*)::int as n from instrument`.execute(good.handle.db)).rows[0]!.n;

    it.each([
      ["maintenance", "suspect", /maintenance/i],
      ["truncated", "suspect", /unexpected_format/],
      ["error500", "failed", /HTTP 500/],
      ["timeout", "failed", /did not answer within 1000 ms/],
      ["redirect-loopback", "failed", /refused to fetch 127\.0\.0\.1/i],
      ["redirect-metadata", "failed", /refused to fetch 169\.254\.169\.254/i],
      ["redirect-private", "failed", /refused to fetch 10\.0\.0\.1/i],
    ] as const)("a %s response is recorded as %s and loses no data", async (behaviour, status, message) => {
      expect(await goodCount()).toBe(ENTRIES_IN_RECORDED_FEED);
      server.setBehaviour(behaviour);
      try {
        const { run } = await runSourceNow(goodCtx, quickSource, "manual");
        expect(run.status).toBe(status);
        expect(run.error).toMatch(message);
        expect(await goodCount()).toBe(ENTRIES_IN_RECORDED_FEED);
      } finally {
        server.setBehaviour("feed");
      }
    });
  });
});
