import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NOTE_COLUMNS, notesExport } from "../../app/lib/notes.server";
import { BadQueryError } from "../../app/lib/overview.server";
import { readReviewQuery } from "../../app/lib/review.server";
import { addFollowUpNote, listFollowUpNotes, setAnalystAssessment } from "../../db/repositories/analyst";
import { upsertAssessments } from "../../db/repositories/assessments";
import { upsertInstruments } from "../../db/repositories/instruments";
import {
  acceptReviewItem,
  bulkAccept,
  bulkDismiss,
  dismissReviewItem,
  getReviewItem,
  listReviewItems,
  ReviewDecidedError,
  ReviewNotFoundError,
} from "../../db/repositories/review";
import { getSource } from "../../sources/registry";
import type { InstrumentRecord } from "../../sources/types";
import { ingestFile, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { curatedDatabase, dialects, type TestDatabase } from "../helpers/db";

/**
 * The analyst workflow at the repository boundary (issue 6), on both dialects: the review queue's evidence,
 * accept / dismiss / bulk decisions written atomically with history and audit, validated direct edits,
 * ingestion that never overwrites an analyst's answer, and follow-up notes with their export.
 */

const billsFixture = path.resolve("tests/fixtures/uk-parliament-bills/bills-list.from-docs.json");
const ANALYST = "analyst@example.org";
const OSA_URL = "https://bills.parliament.uk/bills/3137";
const CELL = { jurisdictionCode: "GB", indicatorId: "platform.notice-takedown-deadline" };

function contextFor(t: TestDatabase): PipelineContext {
  return { db: t.handle.db, config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), log: createLogger("silent") };
}

const acceptInput = (itemId: number, overrides: Record<string, unknown> = {}) => ({
  itemId,
  actor: ANALYST,
  reason: "Online Safety Act 2023 read: no fixed deadline",
  assessment: {
    ...CELL,
    value: "partial",
    rationale: "Services must swiftly take down illegal content once aware of it, but no fixed deadline is set.",
    citation: { instrumentTitle: "Online Safety Act 2023", provision: "s.10(3)(b)", url: "https://www.legislation.gov.uk/ukpga/2023/50/section/10", quote: "" },
    verifiedOn: "2023-10-26",
    effectiveFrom: "",
    effectiveBasis: "Test record: the date it took effect is not established.",
    confidence: "medium",
    ...overrides,
  },
});

/** A synthetic on-topic bill (not from a source): enough to make a review item. */
const bill = (n: number, jurisdictionCode: string): InstrumentRecord => ({
  type: "instrument",
  externalId: `test-bill-${n}`,
  jurisdictionCode,
  title: `Test Online Safety Bill ${n}`,
  kind: "bill",
  stage: "introduced",
  introducedOn: "2026-01-15",
  enactedOn: null,
  inForceOn: null,
  identifiers: { billNumber: String(n) },
  officialUrl: `https://example.org/bills/${n}`,
  sourceUpdatedAt: null,
  summary: null,
  topics: [{ topic: "platform-duties", reason: "test: synthetic bill" }],
});

/** A fresh database with what every test here starts from: the curated data, then the bills fixture (one detected bill). */
async function loadedDatabase(dialect: "pglite" | "postgres"): Promise<TestDatabase> {
  const t = await curatedDatabase(dialect);
  const { run } = await ingestFile(contextFor(t), getSource("uk-parliament-bills"), billsFixture);
  expect(run.status).toBe("ok");
  return t;
}

/** The review item opened for the detected bill (the Online Safety Act 2023), looked up in the database the test uses. */
async function billItemId(t: TestDatabase): Promise<number> {
  const { items } = await listReviewItems(t.handle.db, { kind: "new_instrument", status: "all" });
  const item = items.find((i) => i.instrument?.official_url === OSA_URL);
  if (!item) throw new Error("the detected bill has no review item");
  return item.id;
}

/** Prior state: the analyst has accepted the detected bill with acceptInput. Returns the item's id. */
async function acceptTheBill(t: TestDatabase): Promise<number> {
  const itemId = await billItemId(t);
  expect((await acceptReviewItem(t.handle.db, acceptInput(itemId))).ok).toBe(true);
  return itemId;
}

/** A source's ingested value contradicting the analyst's answer for CELL. */
const sourceSaysMet = {
  type: "assessment" as const,
  ...CELL,
  value: "met" as const,
  rationale: "A source says met.",
  citations: [{ instrumentTitle: "X", provision: "s.1", url: "https://example.org/x" }],
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
  effectiveBasis: "In force 2026-01-01 (test record).",
  verifiedOn: "2026-01-01",
  confidence: "low" as const,
};

/** Prior state (after acceptTheBill): ingestion contradicted the analyst, and the analyst dismissed that conflict. */
async function dismissedConflict(t: TestDatabase): Promise<void> {
  const db = t.handle.db;
  expect((await upsertAssessments(db, "uk-parliament-bills", "ingested", [sourceSaysMet], null)).conflicts).toBe(1);
  const conflict = (await listReviewItems(db, { kind: "conflict" })).items[0]!;
  expect((await dismissReviewItem(db, { itemId: conflict.id, actor: ANALYST, reason: "The source reads the Act too broadly" })).ok).toBe(true);
}

async function counts(t: TestDatabase) {
  const db = t.handle.db;
  const n = async (table: "assessment" | "assessment_history" | "audit_log" | "follow_up_note") =>
    Number((await db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow()).n);
  return { assessment: await n("assessment"), history: await n("assessment_history"), audit: await n("audit_log"), notes: await n("follow_up_note") };
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe.each(dialects)("analyst workflow: review queue, edits and notes on %s", (dialect) => {
  /**
   * Shared by the tests that leave the review queue and the bill's cell as they found them (they read, write
   * nothing, or write only rows no other test reads). Tests that need the bill decided first, or exact
   * totals, build their own database with ownDatabase().
   */
  let t: TestDatabase;
  const own: TestDatabase[] = [];
  const ownDatabase = async () => {
    const d = await loadedDatabase(dialect);
    own.push(d);
    return d;
  };

  beforeAll(async () => {
    t = await loadedDatabase(dialect);
  });
  afterEach(async () => {
    await Promise.all(own.splice(0).map((d) => d.drop()));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("the detected bill is an open review item with its evidence: instrument, classifier reason, snapshot, source", async () => {
    const page = await listReviewItems(t.handle.db, {});
    expect(page.total).toBe(1);
    const item = page.items[0]!;
    expect(item).toMatchObject({ kind: "new_instrument", status: "open", jurisdiction: { code: "GB", name: "United Kingdom" } });
    expect(item.instrument).toMatchObject({ title: "Online Safety Act 2023", official_url: OSA_URL, stage: "enacted", jurisdiction_code: "GB" });
    expect(item.topics).toEqual([{ topic_id: "platform-duties", topic_name: expect.any(String), reason: 'title: online safety regime: "Online Safety"' }]);
    expect(item.snapshot?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(item.snapshot?.url).toBeTruthy();
    expect(item.source.id).toBe("uk-parliament-bills");
    expect(item.source.name).toMatch(/Parliament/);
    expect(item.current).toBeNull();
    // Filters.
    expect((await listReviewItems(t.handle.db, { kind: "conflict" })).total).toBe(0);
    expect((await listReviewItems(t.handle.db, { status: "accepted" })).total).toBe(0);
    expect((await listReviewItems(t.handle.db, { source: "legislation-gov-uk" })).total).toBe(0);
    expect((await listReviewItems(t.handle.db, { source: "uk-parliament-bills", kind: "new_instrument" })).total).toBe(1);
  });

  it("an accept that fails validation writes nothing and names each field", async () => {
    const itemId = await billItemId(t);
    const before = await counts(t);
    const result = await acceptReviewItem(
      t.handle.db,
      acceptInput(itemId, { citation: { instrumentTitle: "Online Safety Act 2023", provision: " ", url: "http://www.legislation.gov.uk/x" }, verifiedOn: "2023-02-30" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["provision", "url", "verifiedOn"]);
    expect(result.errors.url).toContain("not an https URL");
    const mismatch = await acceptReviewItem(t.handle.db, acceptInput(itemId, { jurisdictionCode: "FR" }));
    expect(mismatch.ok).toBe(false);
    if (!mismatch.ok) expect(mismatch.errors.jurisdictionCode).toContain("GB");
    const noReason = await acceptReviewItem(t.handle.db, { ...acceptInput(itemId), reason: "  " });
    expect(noReason.ok === false && noReason.errors.reason).toBeTruthy();
    expect(await counts(t)).toEqual(before);
    expect((await getReviewItem(t.handle.db, itemId))?.status).toBe("open");
  });

  it("accept is atomic: when the audit write fails, no assessment, history or decision stays", async () => {
    const db = t.handle.db;
    const itemId = await billItemId(t);
    const before = await counts(t);
    await sql`create function harmonia_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'audit refused (test)'; end $$`.execute(db);
    await sql`create trigger harmonia_test_refuse before insert on audit_log for each row execute function harmonia_test_refuse()`.execute(db);
    try {
      const error = await thrown(acceptReviewItem(db, acceptInput(itemId)));
      expect(String(error)).toContain("audit refused (test)");
    } finally {
      await sql`drop trigger harmonia_test_refuse on audit_log`.execute(db);
      await sql`drop function harmonia_test_refuse()`.execute(db);
    }
    expect(await counts(t)).toEqual(before);
    expect((await getReviewItem(db, itemId))?.status).toBe("open");
    expect(await db.selectFrom("assessment").selectAll().where("jurisdiction_code", "=", "GB").where("indicator_id", "=", CELL.indicatorId).executeTakeFirst()).toBeUndefined();
  });

  it("accept writes the analyst assessment citing the instrument, its history, the decision and the audit in one go", async () => {
    // Its own database: the audit below must hold this accept's entries only.
    const fresh = await ownDatabase();
    const db = fresh.handle.db;
    const itemId = await billItemId(fresh);
    const before = await counts(fresh);
    const result = await acceptReviewItem(db, acceptInput(itemId));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.previous).toBeNull();
    const row = await db.selectFrom("assessment").selectAll().where("jurisdiction_code", "=", "GB").where("indicator_id", "=", CELL.indicatorId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value: "partial", origin: "analyst", reviewed_by: ANALYST, verified_on: "2023-10-26", confidence: "medium", source_id: "uk-parliament-bills" });
    expect(row.reviewed_at).not.toBeNull();
    const citations = typeof row.citations === "string" ? JSON.parse(row.citations) : row.citations;
    // The analyst's citation first; the instrument's own record is kept because the analyst cited another URL.
    expect(citations).toEqual([
      { instrumentTitle: "Online Safety Act 2023", provision: "s.10(3)(b)", url: "https://www.legislation.gov.uk/ukpga/2023/50/section/10" },
      { instrumentTitle: "Online Safety Act 2023", provision: "Official record of the instrument", url: OSA_URL },
    ]);
    const history = await db.selectFrom("assessment_history").selectAll().where("jurisdiction_code", "=", "GB").where("indicator_id", "=", CELL.indicatorId).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ value: "partial", origin: "analyst", changed_by: ANALYST, change_reason: "Online Safety Act 2023 read: no fixed deadline" });
    const item = await getReviewItem(db, itemId);
    expect(item).toMatchObject({ status: "accepted", decided_by: ANALYST, decision_reason: "Online Safety Act 2023 read: no fixed deadline" });
    expect(item?.decided_at).toBeInstanceOf(Date);
    const audit = await db.selectFrom("audit_log").selectAll().where("actor", "=", ANALYST).orderBy("id").execute();
    expect(audit.map((a) => [a.action, a.target])).toEqual([
      ["assessment.set", "assessment:GB/platform.notice-takedown-deadline"],
      ["review.accept", `review_item:${itemId}`],
    ]);
    const detail = typeof audit[0]!.detail === "string" ? JSON.parse(audit[0]!.detail) : audit[0]!.detail;
    expect(detail).toMatchObject({ old: null, new: { value: "partial" }, review_item: itemId });
    expect(await counts(fresh)).toEqual({ ...before, assessment: before.assessment + 1, history: before.history + 1, audit: before.audit + 2 });
    // Decided once: a second accept or dismiss changes nothing.
    expect(await thrown(acceptReviewItem(db, acceptInput(itemId)))).toBeInstanceOf(ReviewDecidedError);
    expect(await thrown(dismissReviewItem(db, { itemId, actor: ANALYST, reason: "late" }))).toBeInstanceOf(ReviewDecidedError);
    expect(await thrown(dismissReviewItem(db, { itemId: 999_999, actor: ANALYST, reason: "x" }))).toBeInstanceOf(ReviewNotFoundError);
  });

  it("ingestion afterwards does not overwrite the analyst's answer: it opens a conflict item instead", async () => {
    const fresh = await ownDatabase();
    await acceptTheBill(fresh);
    const db = fresh.handle.db;
    const result = await upsertAssessments(db, "uk-parliament-bills", "ingested", [sourceSaysMet], null);
    expect(result.conflicts).toBe(1);
    const row = await db.selectFrom("assessment").selectAll().where("jurisdiction_code", "=", "GB").where("indicator_id", "=", CELL.indicatorId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value: "partial", origin: "analyst", reviewed_by: ANALYST });
    const conflicts = await listReviewItems(db, { kind: "conflict" });
    expect(conflicts.total).toBe(1);
    const conflict = conflicts.items[0]!;
    expect(conflict).toMatchObject({ status: "open", jurisdiction: { code: "GB" }, indicator: { id: CELL.indicatorId } });
    expect(conflict.reason).toContain("uk-parliament-bills says met");
    expect(conflict.current).toMatchObject({ value: "partial", origin: "analyst", reviewed_by: ANALYST });

    // A conflict is decided for its own cell only.
    const wrongCell = await acceptReviewItem(db, { ...acceptInput(conflict.id), assessment: { ...acceptInput(conflict.id).assessment, indicatorId: "platform.preservation" } });
    expect(wrongCell.ok === false && wrongCell.errors.indicatorId).toContain(CELL.indicatorId);
    // Dismissing keeps the analyst's answer and records why.
    const empty = await dismissReviewItem(db, { itemId: conflict.id, actor: ANALYST, reason: "" });
    expect(empty.ok === false && empty.errors.reason).toBeTruthy();
    expect((await dismissReviewItem(db, { itemId: conflict.id, actor: ANALYST, reason: "The source reads the Act too broadly" })).ok).toBe(true);
    expect(await getReviewItem(db, conflict.id)).toMatchObject({ status: "dismissed", decided_by: ANALYST, decision_reason: "The source reads the Act too broadly" });
    const audit = await db.selectFrom("audit_log").select(["action", "target"]).where("target", "=", `review_item:${conflict.id}`).execute();
    expect(audit).toEqual([{ action: "review.dismiss", target: `review_item:${conflict.id}` }]);
    expect((await db.selectFrom("assessment").select("value").where("jurisdiction_code", "=", "GB").where("indicator_id", "=", CELL.indicatorId).executeTakeFirstOrThrow()).value).toBe("partial");
  });

  it("a direct edit is validated field by field and writes nothing when invalid", async () => {
    const db = t.handle.db;
    const before = await counts(t);
    const base = {
      jurisdictionCode: "GB",
      indicatorId: "csam.isp-reporting",
      value: "met",
      rationale: "r",
      citation: { instrumentTitle: "", provision: "", url: "" },
      verifiedOn: "2026-01-01",
      effectiveFrom: "",
      effectiveBasis: "Test record: the date it took effect is not established.",
      confidence: "high",
      actor: ANALYST,
      reason: "",
    };
    const missing = await setAnalystAssessment(db, base);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(Object.keys(missing.errors).sort()).toEqual(["instrumentTitle", "provision", "reason", "url"]);
      expect(missing.errors.instrumentTitle).toContain("needs a citation");
    }
    const bad = await setAnalystAssessment(db, {
      ...base,
      jurisdictionCode: "XX",
      indicatorId: "no.such",
      value: "maybe",
      verifiedOn: "31/01/2026",
      confidence: "certain",
      reason: "x",
    });
    expect(bad.ok === false && Object.keys(bad.errors).sort()).toEqual(["confidence", "indicatorId", "instrumentTitle", "jurisdictionCode", "provision", "url", "value", "verifiedOn"]);
    const future = await setAnalystAssessment(db, { ...base, citation: { instrumentTitle: "A", provision: "s.1", url: "https://example.org" }, verifiedOn: "2999-01-01", reason: "x" });
    expect(future.ok === false && future.errors.verifiedOn).toContain("future");
    const noConfidence = await setAnalystAssessment(db, { ...base, citation: { instrumentTitle: "A", provision: "s.1", url: "https://example.org" }, confidence: null, reason: "x" });
    expect(noConfidence.ok === false && Object.keys(noConfidence.errors)).toEqual(["confidence"]);
    // Unknown needs no citation, but a half-filled one is an error.
    const halfUnknown = await setAnalystAssessment(db, { ...base, value: "unknown", rationale: "", citation: { instrumentTitle: "A", provision: "", url: "" }, confidence: null, reason: "x" });
    expect(halfUnknown.ok === false && Object.keys(halfUnknown.errors).sort()).toEqual(["provision", "url"]);
    expect(await counts(t)).toEqual(before);
  });

  it("a valid edit replaces the curated answer, keeps the old value in the history and audits it", async () => {
    const db = t.handle.db;
    const curated = await db.selectFrom("assessment").selectAll().where("jurisdiction_code", "=", "GB").where("indicator_id", "=", "csam.isp-reporting").executeTakeFirstOrThrow();
    expect(curated).toMatchObject({ value: "partial", origin: "curated" });
    const curatedCitations = typeof curated.citations === "string" ? JSON.parse(curated.citations) : curated.citations;
    const result = await setAnalystAssessment(db, {
      jurisdictionCode: "gb",
      indicatorId: "csam.isp-reporting",
      value: "met",
      rationale: "  Test record: the duty read as in force for every provider type.  ",
      citation: { instrumentTitle: "Online Safety Act 2023", provision: "s.66", url: "https://www.legislation.gov.uk/ukpga/2023/50/section/66", quote: "must report" },
      furtherCitations: curatedCitations,
      verifiedOn: "2026-01-02",
      effectiveFrom: "",
      effectiveBasis: "Test record: the date it took effect is not established.",
      confidence: "high",
      actor: ANALYST,
      reason: "Test record: a different reading",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.previous).toMatchObject({ value: "partial", origin: "curated" });
    const row = await db.selectFrom("assessment").selectAll().where("jurisdiction_code", "=", "GB").where("indicator_id", "=", "csam.isp-reporting").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value: "met", origin: "analyst", rationale: "Test record: the duty read as in force for every provider type.", source_id: null, reviewed_by: ANALYST });
    const citations = typeof row.citations === "string" ? JSON.parse(row.citations) : row.citations;
    expect(citations[0]).toEqual({ instrumentTitle: "Online Safety Act 2023", provision: "s.66", url: "https://www.legislation.gov.uk/ukpga/2023/50/section/66", quote: "must report" });
    // The curated citation is kept (an empty quote is left out).
    expect(citations.slice(1)).toEqual(
      (curatedCitations as { quote?: string | null }[]).map(({ quote, ...c }) => (quote ? { ...c, quote } : c)),
    );
    expect(citations).toHaveLength(1 + curatedCitations.length);
    const history = await db
      .selectFrom("assessment_history")
      .select(["value", "origin", "changed_by", "change_reason"])
      .where("jurisdiction_code", "=", "GB")
      .where("indicator_id", "=", "csam.isp-reporting")
      .orderBy("id")
      .execute();
    expect(history.map((h) => h.value)).toEqual(["partial", "met"]);
    expect(history[1]).toEqual({ value: "met", origin: "analyst", changed_by: ANALYST, change_reason: "Test record: a different reading" });
    const audit = await db.selectFrom("audit_log").selectAll().where("target", "=", "assessment:GB/csam.isp-reporting").executeTakeFirstOrThrow();
    const detail = typeof audit.detail === "string" ? JSON.parse(audit.detail) : audit.detail;
    expect(detail).toMatchObject({ old: { value: "partial", origin: "curated" }, new: { value: "met" }, reason: "Test record: a different reading" });
    // An unknown without a citation is an honest answer: no confidence, no citations.
    const unknown = await setAnalystAssessment(db, {
      jurisdictionCode: "FR",
      indicatorId: "platform.ai-labelling",
      value: "unknown",
      rationale: "",
      citation: null,
      verifiedOn: "2026-01-02",
      effectiveFrom: "",
      effectiveBasis: "Test record: the date it took effect is not established.",
      confidence: "medium",
      actor: ANALYST,
      reason: "Not yet researched",
    });
    expect(unknown.ok && unknown.value.assessment).toMatchObject({ value: "unknown", citations: [], confidence: null });
  });

  it("bulk dismiss is all or nothing; bulk accept answers each new instrument in its own jurisdiction", async () => {
    // Its own database, where the bill was accepted and a conflict dismissed before: one decided item, exact totals.
    const fresh = await ownDatabase();
    const itemId = await acceptTheBill(fresh);
    await dismissedConflict(fresh);
    const db = fresh.handle.db;
    await upsertInstruments(db, "uk-parliament-bills", [bill(1, "DE"), bill(2, "FR"), bill(3, "FR"), bill(4, "IT")], null);
    const open = (await listReviewItems(db, { kind: "new_instrument" })).items;
    const id = (title: string) => open.find((i) => i.instrument?.title === title)!.id;
    const [b1, b2, b3, b4] = [id("Test Online Safety Bill 1"), id("Test Online Safety Bill 2"), id("Test Online Safety Bill 3"), id("Test Online Safety Bill 4")];

    // One already decided item in the selection: nothing is dismissed.
    expect(await thrown(bulkDismiss(db, { itemIds: [b4, itemId], actor: ANALYST, reason: "Not relevant" }))).toBeInstanceOf(ReviewDecidedError);
    expect((await getReviewItem(db, b4))?.status).toBe("open");
    const noReason = await bulkDismiss(db, { itemIds: [b4], actor: ANALYST, reason: " " });
    expect(noReason.ok === false && noReason.errors.reason).toBeTruthy();
    const none = await bulkDismiss(db, { itemIds: [], actor: ANALYST, reason: "x" });
    expect(none.ok === false && none.errors.items).toBeTruthy();

    const answer = { indicatorId: "platform.risk-assessment", value: "pending", rationale: "A bill would add a risk-assessment duty.", provision: "Bill as introduced", effectiveFrom: "2026-01-15", effectiveBasis: "Bill introduced 2026-01-15 (test record).", verifiedOn: "2026-01-15", confidence: "medium" };
    // Two items of France would overwrite each other: refused, nothing written.
    const before = await counts(fresh);
    const clash = await bulkAccept(db, { itemIds: [b2, b3], actor: ANALYST, reason: "Bills in progress", answer });
    expect(clash.ok === false && clash.errors.items).toContain("FR");
    // An invalid answer for the batch: nothing written either.
    const invalid = await bulkAccept(db, { itemIds: [b1, b2], actor: ANALYST, reason: "Bills in progress", answer: { ...answer, provision: "" } });
    expect(invalid.ok === false && invalid.errors.provision).toBeTruthy();
    expect(await counts(fresh)).toEqual(before);

    const accepted = await bulkAccept(db, { itemIds: [b1, b2], actor: ANALYST, reason: "Bills in progress", answer });
    expect(accepted).toEqual({ ok: true, value: { accepted: 2 } });
    for (const [code, n] of [["DE", 1], ["FR", 2]] as const) {
      const row = await db.selectFrom("assessment").selectAll().where("jurisdiction_code", "=", code).where("indicator_id", "=", "platform.risk-assessment").executeTakeFirstOrThrow();
      expect(row).toMatchObject({ value: "pending", origin: "analyst", reviewed_by: ANALYST });
      const citations = typeof row.citations === "string" ? JSON.parse(row.citations) : row.citations;
      expect(citations).toEqual([{ instrumentTitle: `Test Online Safety Bill ${n}`, provision: "Bill as introduced", url: `https://example.org/bills/${n}` }]);
    }
    const dismissed = await bulkDismiss(db, { itemIds: [b3, b4], actor: ANALYST, reason: "Duplicates of bill 2" });
    expect(dismissed).toEqual({ ok: true, value: { dismissed: 2 } });
    expect((await listReviewItems(db, { status: "open" })).total).toBe(0);
    const bulkAudit = await db.selectFrom("audit_log").select(["action", "target"]).where("action", "in", ["review.accept", "review.dismiss"]).where("target", "in", [b1, b2, b3, b4].map((b) => `review_item:${b}`)).orderBy("id").execute();
    expect(bulkAudit.map((a) => a.action)).toEqual(["review.accept", "review.accept", "review.dismiss", "review.dismiss"]);
    expect((await listReviewItems(db, { status: "dismissed" })).total).toBe(3);
    expect((await listReviewItems(db, { status: "all" })).total).toBe(6);
  });

  it("review filters in the URL are checked: a bad one is a 400 naming it", async () => {
    const db = t.handle.db;
    const url = (q: string) => new URL(`http://harmonia.test/review${q}`);
    expect(await readReviewQuery(db, url(""))).toEqual({ status: "open", kind: "all", source: null, page: 1 });
    expect(await readReviewQuery(db, url("?status=all&kind=conflict&source=uk-parliament-bills&page=2"))).toEqual({ status: "all", kind: "conflict", source: "uk-parliament-bills", page: 2 });
    for (const [q, parameter] of [["?status=closed", "status"], ["?kind=bill", "kind"], ["?source=nowhere", "source"], ["?page=0", "page"], ["?page=x", "page"]] as const) {
      const error = await thrown(readReviewQuery(db, url(q)));
      expect(error).toBeInstanceOf(BadQueryError);
      expect((error as BadQueryError).parameter).toBe(parameter);
    }
  });

  it("follow-up notes: validated, audited, listed by recommendation and jurisdiction, exported with declared columns", async () => {
    const db = t.handle.db;
    const before = await counts(t);
    const bad = await addFollowUpNote(db, { recommendationId: "no.such", jurisdictionCode: "ZZ", body: " ", linkUrl: "javascript:alert(1)", notedOn: "2026-02-30", actor: ANALYST });
    expect(bad.ok === false && Object.keys(bad.errors).sort()).toEqual(["body", "jurisdictionCode", "linkUrl", "notedOn", "recommendationId"]);
    expect(await counts(t)).toEqual(before);

    const body = '=HYPERLINK("https://evil.example") <b>reported</b> progress at the 2026 meeting';
    const added = await addFollowUpNote(db, {
      recommendationId: "icat.content-moderation-duty",
      jurisdictionCode: "gb",
      body,
      linkUrl: "https://www.osce.org/report",
      notedOn: "2026-03-01",
      actor: ANALYST,
    });
    expect(added.ok).toBe(true);
    await addFollowUpNote(db, { recommendationId: "icat.content-moderation-duty", jurisdictionCode: "FR", body: "No report yet.", notedOn: "2026-03-02", actor: ANALYST });
    await addFollowUpNote(db, { recommendationId: "unicri.label-ai-content", jurisdictionCode: "GB", body: "Consultation open.", notedOn: "2026-01-10", actor: ANALYST });
    expect(await counts(t)).toMatchObject({ notes: before.notes + 3, audit: before.audit + 3 });
    const audit = await db.selectFrom("audit_log").select(["action", "actor"]).where("action", "=", "note.add").execute();
    expect(audit).toHaveLength(3);

    expect((await listFollowUpNotes(db, { recommendationId: "icat.content-moderation-duty" })).map((n) => n.jurisdiction_code)).toEqual(["FR", "GB"]);
    expect((await listFollowUpNotes(db, { jurisdictionCode: "GB" })).map((n) => n.noted_on)).toEqual(["2026-03-01", "2026-01-10"]);
    const gb = await listFollowUpNotes(db, { recommendationId: "icat.content-moderation-duty", jurisdictionCode: "GB" });
    expect(gb).toHaveLength(1);
    expect(gb[0]).toMatchObject({ body, link_url: "https://www.osce.org/report", created_by: ANALYST, jurisdiction_name: "United Kingdom" });

    const csv = await notesExport(db, "csv", new URL("http://harmonia.test/notes/export.csv?recommendation=icat.content-moderation-duty&jurisdiction=GB"));
    const text = await csv.text();
    expect(text.split(/\r?\n/)[0]).toBe(NOTE_COLUMNS.join(","));
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recommendation_id: "icat.content-moderation-duty", jurisdiction_code: "GB", noted_on: "2026-03-01", link_url: "https://www.osce.org/report", created_by: ANALYST });
    // Formula-neutralised for spreadsheets; the text itself is kept.
    expect(rows[0]!.body!.startsWith("=")).toBe(false);
    expect(rows[0]!.body).toContain("<b>reported</b>");
    expect(rows[0]!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const jsonBody = (await (await notesExport(db, "json", new URL("http://harmonia.test/notes/export.json"))).json()) as { count: number; data: Record<string, unknown>[] };
    expect(jsonBody.count).toBe(3);
    expect(Object.keys(jsonBody.data[0]!)).toEqual([...NOTE_COLUMNS]);
    const unknown = await notesExport(db, "csv", new URL("http://harmonia.test/notes/export.csv?recommendation=nope"));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { parameter: string }).parameter).toBe("recommendation");
  });
});
