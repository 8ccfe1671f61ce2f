import { sql, type Kysely } from "kysely";
import type { AssessmentTable, CitationJson, Database } from "../schema";

/**
 * Read side of the change feeds (/changes, /changes.atom): the latest rows of the append-only assessment
 * history, each with the value its cell had just before, newest first.
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
  as_of: string;
  origin: AssessmentTable["origin"];
  confidence: AssessmentTable["confidence"];
  source_id: string | null;
  changed_at: Date;
  changed_by: string;
  change_reason: string;
}

export interface ChangeFilter {
  jurisdiction?: string;
  /** Only these indicators; an empty list matches nothing. */
  indicators?: string[];
  limit: number;
}

/**
 * The latest `limit` history rows matching the filter, newest first (by recording time, then insertion).
 * The previous value is read over the whole cell (a window partitioned by jurisdiction and indicator), so
 * filtering by jurisdiction or indicator never changes it.
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
      "h.as_of",
      "h.origin",
      "h.confidence",
      "h.source_id",
      "h.changed_at",
      "h.changed_by",
      "h.change_reason",
    ]);
  if (filter.jurisdiction) query = query.where("h.jurisdiction_code", "=", filter.jurisdiction);
  if (filter.indicators) query = query.where("h.indicator_id", "in", filter.indicators);
  const rows = await query.orderBy("h.changed_at", "desc").orderBy("h.id", "desc").limit(filter.limit).execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    citations: (typeof r.citations === "string" ? JSON.parse(r.citations) : r.citations) as CitationJson[],
    changed_at: new Date(r.changed_at),
  }));
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
