import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "../../db/lock";
import { upsertAssessments } from "../../db/repositories/assessments";
import { instrumentCountsByTopic, instrumentSummary, upsertInstruments } from "../../db/repositories/instruments";
import { finishRun, startRun } from "../../db/repositories/runs";
import { saveSnapshot } from "../../db/repositories/snapshots";
import { sourceHealth } from "../../db/repositories/sources";
import { source as legislationGovUk } from "../../sources/legislation-gov-uk";
import type { AssessmentRecord, InstrumentRecord } from "../../sources/types";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";

const feedPath = path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml");
const feed = new Uint8Array(fs.readFileSync(feedPath));
const records = legislationGovUk.parse({ url: feedPath, body: feed, contentType: "application/atom+xml", fetchedAt: "2015-12-16T00:00:00.000Z" }) as InstrumentRecord[];

const testIndicator = { id: "treaty.test", topic_id: "treaties", question: "Party?", definition: "d", answer_scale: "s", example_laws: "[]", is_offence: false, catalogue_version: "test", sort_order: 1 };

describe.each(dialects)("repositories on %s", (dialect) => {
  // The tests write: each gets a fresh database with the reference data, and builds the rows it reads.
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase(dialect);
  });
  afterEach(async () => {
    await t?.drop();
  });

  it("loads reference data idempotently: ISO countries, EU, US states and UK nations", async () => {
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from jurisdiction`.execute(t.handle.db)).rows[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThan(300);
    const codes = await t.handle.db.selectFrom("jurisdiction").select(["code", "kind", "parent_code"]).where("code", "in", ["GB", "EU", "US-CA", "GB-SCT"]).orderBy("code").execute();
    expect(codes).toEqual([
      { code: "EU", kind: "supranational", parent_code: null },
      { code: "GB", kind: "state", parent_code: null },
      { code: "GB-SCT", kind: "subnational", parent_code: "GB" },
      { code: "US-CA", kind: "subnational", parent_code: "US" },
    ]);
  });

  it("stores a snapshot once per content hash and keeps dates as ISO strings", async () => {
    const input = { sourceId: "legislation-gov-uk", url: "https://example.org/feed", httpStatus: 200, headers: { etag: '"x"' }, contentType: "application/atom+xml", body: feed };
    const first = await saveSnapshot(t.handle.db, input);
    const second = await saveSnapshot(t.handle.db, input);
    expect(first.isNew).toBe(true);
    expect(second.isNew).toBe(false);
    expect(second.snapshot.id).toBe(first.snapshot.id);
    expect(second.snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(second.snapshot.body).equals(Buffer.from(feed))).toBe(true);
    expect(second.snapshot.headers).toEqual({ etag: '"x"' });
  });

  it("upserts instruments: new ones inserted, the same records again change nothing", async () => {
    const first = await upsertInstruments(t.handle.db, "legislation-gov-uk", records, null);
    expect(first).toEqual({ inserted: records.length, updated: 0, unchanged: 0 });
    const again = await upsertInstruments(t.handle.db, "legislation-gov-uk", records, null);
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: records.length });
    const row = await t.handle.db.selectFrom("instrument").selectAll().where("external_id", "=", records[0]!.externalId).executeTakeFirstOrThrow();
    expect(row.enacted_on).toBe(records[0]!.enactedOn);
    expect(row.identifiers).toEqual(records[0]!.identifiers);
  });

  it("rewrites a changed instrument and counts topics from the classifier", async () => {
    await upsertInstruments(t.handle.db, "legislation-gov-uk", records, null);
    const changed = { ...records[0]!, title: `${records[0]!.title} (corrected)` };
    const result = await upsertInstruments(t.handle.db, "legislation-gov-uk", [changed], null);
    expect(result).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const tagged = records.filter((r) => r.topics.length > 0);
    const counts = await instrumentCountsByTopic(t.handle.db);
    const total = counts.filter((c) => c.topic_id !== "none").reduce((sum, c) => sum + c.instruments, 0);
    expect(total).toBe(tagged.reduce((sum, r) => sum + r.topics.length, 0));
    expect(counts.find((c) => c.topic_id === "none")?.instruments).toBe(records.length - tagged.length);
    const reviews = await t.handle.db.selectFrom("review_item").select(sql<number>`count(*)::int`.as("n")).where("kind", "=", "new_instrument").executeTakeFirstOrThrow();
    expect(reviews.n).toBe(tagged.length);
  });

  it("the cached instrument summary follows every change and is reused while nothing changes", async () => {
    const db = t.handle.db;
    const changes = async () => (await db.selectFrom("instrument_change").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n;
    // The recorded payload, as the feed gives it.
    await upsertInstruments(db, "legislation-gov-uk", records, null);
    const before = await instrumentSummary(db);
    expect(before.total).toBe(records.length);
    expect(await instrumentSummary(db)).toBe(before);
    // Unchanged records log nothing and keep the cache.
    const logged = await changes();
    await upsertInstruments(db, "legislation-gov-uk", records, null);
    expect(await changes()).toBe(logged);
    expect(await instrumentSummary(db)).toBe(before);
    // A new instrument is counted at once.
    const added = { ...records[0]!, externalId: `${records[0]!.externalId}/summary-test`, topics: [] };
    expect(await upsertInstruments(db, "legislation-gov-uk", [added], null)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await changes()).toBe(logged + 1);
    const after = await instrumentSummary(db);
    expect(after.total).toBe(records.length + 1);
    expect(after.byTopic.find((c) => c.topic_id === "none")!.instruments).toBe(before.byTopic.find((c) => c.topic_id === "none")!.instruments + 1);
    await db.deleteFrom("instrument").where("external_id", "=", added.externalId).execute();
  });

  it("appends assessment history and never overwrites an analyst's value", async () => {
    const cell: AssessmentRecord = {
      type: "assessment",
      jurisdictionCode: "GB",
      indicatorId: "treaty.test",
      value: "met",
      rationale: "Ratified.",
      citations: [{ instrumentTitle: "Test treaty", provision: "Status", url: "https://example.org/status" }],
      effectiveFrom: "2025-01-01", effectiveTo: null, effectiveBasis: "In force 2025-01-01 (test record).", verifiedOn: "2025-01-01",
      confidence: "high",
    };
    await t.handle.db.insertInto("indicator").values(testIndicator).execute();
    expect(await upsertAssessments(t.handle.db, "legislation-gov-uk", "ingested", [cell], null)).toMatchObject({ inserted: 1 });
    expect(await upsertAssessments(t.handle.db, "legislation-gov-uk", "ingested", [cell], null)).toMatchObject({ unchanged: 1 });
    await t.handle.db.updateTable("assessment").set({ origin: "analyst", reviewed_by: "analyst@example.org", reviewed_at: new Date() }).where("indicator_id", "=", "treaty.test").execute();
    const contradicting = { ...cell, value: "not_met" as const, rationale: "Withdrew." };
    expect(await upsertAssessments(t.handle.db, "legislation-gov-uk", "ingested", [contradicting], null)).toMatchObject({ conflicts: 1 });
    const current = await t.handle.db.selectFrom("assessment").selectAll().where("indicator_id", "=", "treaty.test").executeTakeFirstOrThrow();
    expect(current.value).toBe("met");
    const conflicts = await t.handle.db.selectFrom("review_item").selectAll().where("kind", "=", "conflict").execute();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.reason).toContain("not_met");
    const history = await t.handle.db.selectFrom("assessment_history").selectAll().where("indicator_id", "=", "treaty.test").execute();
    expect(history).toHaveLength(1);
  });

  it("refuses a known answer without a citation at the database level", async () => {
    await t.handle.db.insertInto("indicator").values(testIndicator).execute();
    await expect(
      t.handle.db.insertInto("assessment").values({ jurisdiction_code: "FR", indicator_id: "treaty.test", value: "met", rationale: "x", citations: "[]", verified_on: "2025-01-01", origin: "curated", confidence: "high", source_id: null }).execute(),
    ).rejects.toThrow(/assessment_cited/);
  });

  it("keeps one run per BullMQ job across retries and reports source health", async () => {
    await upsertInstruments(t.handle.db, "legislation-gov-uk", records, null);
    const run = await startRun(t.handle.db, { sourceId: "legislation-gov-uk", jobId: "fetch-42", trigger: "schedule" });
    await finishRun(t.handle.db, run.id, { status: "retrying", error: "attempt 1 failed" });
    const retried = await startRun(t.handle.db, { sourceId: "legislation-gov-uk", jobId: "fetch-42", trigger: "schedule" });
    expect(retried.id).toBe(run.id);
    expect(retried.attempts).toBe(2);
    await finishRun(t.handle.db, run.id, { status: "ok", recordsParsed: 20 });
    const health = await sourceHealth(t.handle.db);
    const uk = health.find((h) => h.id === "legislation-gov-uk")!;
    expect(uk.lastRun?.status).toBe("ok");
    expect(uk.lastGoodRunAt).not.toBeNull();
    expect(uk.instruments).toBe(records.length);
  });
});

describe("PGlite data directory lock", () => {
  it("refuses a second holder with a message that says what to do, and frees the directory on release", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-lock-"));
    const lock = acquireDataDirLock(dir);
    // Simulate another live process holding the lock: our parent's pid is alive and is not us.
    fs.writeFileSync(path.join(dir, "harmonia.lock"), JSON.stringify({ pid: process.ppid, startedAt: "2026-01-01T00:00:00Z" }));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/DATABASE_URL/);
    // A lock whose process is gone is stale and is taken over.
    fs.writeFileSync(path.join(dir, "harmonia.lock"), JSON.stringify({ pid: 2 ** 22 + 1, startedAt: "2026-01-01T00:00:00Z" }));
    const second = acquireDataDirLock(dir);
    expect(second.stale?.pid).toBe(2 ** 22 + 1);
    second.release();
    lock.release();
    expect(fs.existsSync(path.join(dir, "harmonia.lock"))).toBe(false);
  });
});
