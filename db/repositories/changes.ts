import { sql, type Kysely } from "kysely";
import { currentRecord, type ChangeKind } from "../../domain/valid-time";
import type { AssessmentTable, CitationJson, Database } from "../schema";

/**
 * Read side of the change feeds (/changes, /changes.atom), in two lists that are never mixed:
 * - changes in the law: the answers of each cell's current record whose legal position took effect on an
 *   established date, newest effective date first (a baseline recorded today still dates its laws by law);
 * - corrections of Harmonia's record: history rows that replaced what was recorded, newest recording first.
 * Loading a cell's first answer is neither, and is not news.
 */

export interface ChangeRow {
  id: number;
  jurisdiction_code: string;
  jurisdiction_name: string;
  indicator_id: string;
  /** The cell's value in the history row recorded before this one; null for the cell's first answer. */
  old_value: AssessmentTable["value"] | null;
  new_value: AssessmentTable["value"];
  rationale: string;
  citations: CitationJson[];
  effective_from: string | null;
  effective_basis: string;
  verified_on: string;
  change_kind: ChangeKind;
  origin: AssessmentTable["origin"];
  confidence: AssessmentTable["confidence"];
  source_id: string | null;
  changed_at: Date;
  changed_by: string;
  change_reason: string;
}

export type ChangeList = "law" | "record";

export interface ChangeFilter {
  list: ChangeList;
  jurisdiction?: string;
  /** Only these indicators; an empty list matches nothing. */
  indicators?: string[];
  limit: number;
}

/**
 * The latest `limit` changes of one list matching the filter. The previous value is read over the whole cell
 * (a window partitioned by jurisdiction and indicator), so filtering by jurisdiction or indicator never changes it.
 */
export async function latestChanges(db: Kysely<Database>, filter: ChangeFilter): Promise<ChangeRow[]> {
  if (filter.indicators && filter.indicators.length === 0) return [];
  let query = db
    .selectFrom("assessment_history as h")
    .innerJoin("jurisdiction as j", "j.code", "h.jurisdiction_code")
    .select([
      "h.id",
      "h.jurisdiction_code",
      "j.name as jurisdiction_name",
      "h.indicator_id",
      sql<AssessmentTable["value"] | null>`lag(h.value) over (partition by h.jurisdiction_code, h.indicator_id order by h.id)`.as("old_value"),
      "h.value as new_value",
      "h.rationale",
      "h.citations",
      "h.effective_from",
      "h.effective_to",
      "h.effective_basis",
      "h.verified_on",
      "h.change_kind",
      "h.origin",
      "h.confidence",
      "h.source_id",
      "h.changed_at",
      "h.changed_by",
      "h.change_reason",
    ]);
  if (filter.jurisdiction) query = query.where("h.jurisdiction_code", "=", filter.jurisdiction);
  if (filter.indicators) query = query.where("h.indicator_id", "in", filter.indicators);
  const rows = (await query.orderBy("h.id").execute()).map((r) => ({
    ...r,
    id: Number(r.id),
    citations: (typeof r.citations === "string" ? JSON.parse(r.citations) : r.citations) as CitationJson[],
    changed_at: new Date(r.changed_at),
  }));
  if (filter.list === "record") {
    return rows
      .filter((r) => r.change_kind === "correction")
      .sort((a, b) => b.changed_at.getTime() - a.changed_at.getTime() || b.id - a.id)
      .slice(0, filter.limit);
  }
  const byCell = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.jurisdiction_code}\u0000${r.indicator_id}`;
    byCell.set(key, [...(byCell.get(key) ?? []), r]);
  }
  const dated = [...byCell.values()].flatMap((cell) =>
    currentRecord(cell.map((r) => ({ ...r, value: r.new_value, effectiveFrom: r.effective_from, effectiveTo: r.effective_to, verifiedOn: r.verified_on, kind: r.change_kind }))).filter(
      (r) => r.effective_from !== null && r.new_value !== "unknown",
    ),
  );
  return dated
    .sort((a, b) => (a.effective_from! < b.effective_from! ? 1 : a.effective_from! > b.effective_from! ? -1 : b.id - a.id))
    .slice(0, filter.limit)
    .map(({ value: _v, effectiveFrom: _f, effectiveTo: _t, verifiedOn: _o, kind: _k, effective_to: _e, ...r }) => r);
}

/** Jurisdictions that have at least one history row, for the filter form. */
export async function jurisdictionsWithChanges(db: Kysely<Database>) {
  return db
    .selectFrom("jurisdiction")
    .select(["code", "name"])
    .where("code", "in", (eb) => eb.selectFrom("assessment_history").select("jurisdiction_code"))
    .orderBy("code")
    .execute();
}
