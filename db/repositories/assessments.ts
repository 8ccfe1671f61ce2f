import type { Kysely, Transaction } from "kysely";
import { changeKind } from "../../domain/valid-time";
import type { AssessmentRecord } from "../../sources/types";
import type { Assessment, AssessmentTable, CitationJson, Database } from "../schema";
import type { UpsertCounts } from "./instruments";

type Origin = AssessmentTable["origin"];
type Db = Transaction<Database> | Kysely<Database>;

/** JSON with sorted keys and no undefined: jsonb gives keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

type StoredCell = Pick<Assessment, "value" | "rationale" | "effective_from" | "effective_to" | "effective_basis" | "verified_on" | "confidence" | "citations">;

/** An uncited `unknown` claims nothing, so it carries no confidence. */
const storedConfidence = (a: { value: string; citations: readonly unknown[]; confidence: AnswerWrite["confidence"] }) =>
  a.value === "unknown" && a.citations.length === 0 ? null : a.confidence;

function sameAnswer(a: StoredCell, r: AssessmentRecord) {
  return (
    a.value === r.value &&
    a.rationale === r.rationale &&
    a.effective_from === r.effectiveFrom &&
    a.effective_to === r.effectiveTo &&
    a.effective_basis === r.effectiveBasis &&
    a.verified_on === r.verifiedOn &&
    a.confidence === storedConfidence(r) &&
    canonical(a.citations) === canonical(r.citations)
  );
}

/** One answer as it is written: the cell, its legal and recorded times, and who wrote it. */
export interface AnswerWrite {
  jurisdictionCode: string;
  indicatorId: string;
  value: AssessmentTable["value"];
  rationale: string;
  citations: CitationJson[];
  effectiveFrom: string | null;
  effectiveTo: string | null;
  effectiveBasis: string;
  verifiedOn: string;
  confidence: AssessmentTable["confidence"];
  origin: Origin;
  sourceId: string | null;
  /** An analyst's account: the answer counts as reviewed by them. */
  reviewedBy: string | null;
  changedBy: string;
  /** Null: a reason is written from the previous and new values. */
  changeReason: string | null;
}

/**
 * The one write of an answer, for ingestion and analysts alike: the current cell and an appended history row
 * (with what kind of change it is: first record, change in the law, or correction), in the caller's
 * transaction. Returns the cell's previous value (null for its first answer).
 */
export async function writeAssessment(trx: Db, a: AnswerWrite): Promise<AssessmentTable["value"] | null> {
  const latest = await trx
    .selectFrom("assessment_history")
    .select(["value", "effective_from"])
    .where("jurisdiction_code", "=", a.jurisdictionCode)
    .where("indicator_id", "=", a.indicatorId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  const now = new Date();
  const row = {
    jurisdiction_code: a.jurisdictionCode,
    indicator_id: a.indicatorId,
    value: a.value,
    rationale: a.rationale,
    citations: JSON.stringify(a.citations),
    effective_from: a.effectiveFrom,
    effective_to: a.effectiveTo,
    effective_basis: a.effectiveBasis,
    verified_on: a.verifiedOn,
    origin: a.origin,
    confidence: storedConfidence(a),
    source_id: a.sourceId,
  };
  const review = { reviewed_by: a.reviewedBy, reviewed_at: a.reviewedBy ? now : null };
  await trx
    .insertInto("assessment")
    .values({ ...row, ...review, updated_at: now })
    .onConflict((oc) => oc.columns(["jurisdiction_code", "indicator_id"]).doUpdateSet({ ...row, ...review, updated_at: now }))
    .execute();
  const kind = changeKind(latest ? { value: latest.value, effectiveFrom: latest.effective_from } : null, { value: a.value, effectiveFrom: a.effectiveFrom });
  const by = a.sourceId && a.origin !== "analyst" ? a.sourceId : a.changedBy;
  await trx
    .insertInto("assessment_history")
    .values({
      ...row,
      changed_at: now,
      changed_by: a.changedBy,
      change_kind: kind,
      change_reason: a.changeReason ?? (latest ? `${by} changed ${latest.value} → ${a.value}` : `${by} first answer`),
    })
    .execute();
  return latest?.value ?? null;
}

/**
 * Writes assessments from a source. Every change appends history. A cell an analyst set or reviewed is
 * never overwritten by a source: a differing value becomes a `conflict` review item instead.
 */
export async function upsertAssessments(
  trx: Db,
  sourceId: string,
  origin: Exclude<Origin, "analyst">,
  records: AssessmentRecord[],
  snapshotId: number | null,
): Promise<UpsertCounts & { conflicts: number }> {
  const counts = { inserted: 0, updated: 0, unchanged: 0, conflicts: 0 };
  for (const r of records) {
    const current = await trx
      .selectFrom("assessment")
      .selectAll()
      .where("jurisdiction_code", "=", r.jurisdictionCode)
      .where("indicator_id", "=", r.indicatorId)
      .executeTakeFirst();
    if (current && sameAnswer(current, r)) {
      counts.unchanged++;
      continue;
    }
    if (current && (current.origin === "analyst" || current.reviewed_by !== null)) {
      const since = r.effectiveFrom ? `in force from ${r.effectiveFrom}` : "date not established";
      const reason = `${sourceId} says ${r.value} (${since}; read ${r.verifiedOn}); the reviewed value is ${current.value}`;
      const open = await trx
        .selectFrom("review_item")
        .select("id")
        .where("kind", "=", "conflict")
        .where("status", "=", "open")
        .where("jurisdiction_code", "=", r.jurisdictionCode)
        .where("indicator_id", "=", r.indicatorId)
        .where("reason", "=", reason)
        .executeTakeFirst();
      if (!open) {
        await trx
          .insertInto("review_item")
          .values({ kind: "conflict", source_id: sourceId, jurisdiction_code: r.jurisdictionCode, indicator_id: r.indicatorId, snapshot_id: snapshotId, reason })
          .execute();
      }
      counts.conflicts++;
      continue;
    }
    await writeAssessment(trx, {
      ...r,
      origin,
      sourceId,
      reviewedBy: null,
      changedBy: `source:${sourceId}`,
      changeReason: null,
    });
    if (current) counts.updated++;
    else counts.inserted++;
  }
  return counts;
}
