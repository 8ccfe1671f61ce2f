import type { Kysely, Transaction } from "kysely";
import type { AssessmentRecord } from "../../sources/types";
import type { AssessmentTable, Database } from "../schema";
import type { UpsertCounts } from "./instruments";

type Origin = AssessmentTable["origin"];

/** JSON with sorted keys and no undefined: jsonb gives keys back in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function sameAnswer(a: { value: string; rationale: string; citations: unknown; as_of: string; confidence: string | null }, r: AssessmentRecord) {
  return (
    a.value === r.value &&
    a.rationale === r.rationale &&
    a.as_of === r.asOf &&
    a.confidence === r.confidence &&
    canonical(a.citations) === canonical(r.citations)
  );
}

/**
 * Writes assessments from a source. Every change appends history. A cell an analyst set or reviewed is
 * never overwritten by a source: a differing value becomes a `conflict` review item instead.
 */
export async function upsertAssessments(
  trx: Transaction<Database> | Kysely<Database>,
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
      const reason = `${sourceId} says ${r.value} (as of ${r.asOf}); the reviewed value is ${current.value}`;
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
    const row = {
      jurisdiction_code: r.jurisdictionCode,
      indicator_id: r.indicatorId,
      value: r.value,
      rationale: r.rationale,
      citations: JSON.stringify(r.citations),
      as_of: r.asOf,
      origin,
      confidence: r.value === "unknown" && r.citations.length === 0 ? null : r.confidence,
      source_id: sourceId,
    };
    await trx
      .insertInto("assessment")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["jurisdiction_code", "indicator_id"]).doUpdateSet({ ...row, updated_at: new Date(), reviewed_by: null, reviewed_at: null }),
      )
      .execute();
    await trx
      .insertInto("assessment_history")
      .values({
        jurisdiction_code: row.jurisdiction_code,
        indicator_id: row.indicator_id,
        value: row.value,
        rationale: row.rationale,
        citations: row.citations,
        as_of: row.as_of,
        origin,
        confidence: row.confidence,
        source_id: sourceId,
        changed_by: `source:${sourceId}`,
        change_reason: current ? `${sourceId} changed ${current.value} → ${r.value}` : `${sourceId} first answer`,
      })
      .execute();
    if (current) counts.updated++;
    else counts.inserted++;
  }
  return counts;
}
