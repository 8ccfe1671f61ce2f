import { sql, type Kysely } from "kysely";
import type { AssessmentTable, CitationJson, Database } from "../schema";

/**
 * Follow-up reads: the assessment history of some indicators (for "as of" series and "who moved"), and the
 * bills still in progress on some topics.
 */

export interface HistoryRow {
  id: number;
  jurisdiction_code: string;
  indicator_id: string;
  value: AssessmentTable["value"];
  /** The cell's value in the history row recorded before this one; null for the cell's first answer. */
  previous_value: AssessmentTable["value"] | null;
  rationale: string;
  citations: CitationJson[];
  as_of: string;
  origin: AssessmentTable["origin"];
  source_id: string | null;
  changed_at: Date;
  changed_by: string;
  change_reason: string;
}

/**
 * Every history row of the given indicators (optionally only for some jurisdictions), each with the value
 * its cell had in the row recorded just before (by insertion order). Ordered by cell, then insertion.
 */
export async function cellHistory(db: Kysely<Database>, filter: { indicators: string[]; jurisdictions?: string[] }): Promise<HistoryRow[]> {
  if (filter.indicators.length === 0) return [];
  if (filter.jurisdictions && filter.jurisdictions.length === 0) return [];
  let query = db
    .selectFrom("assessment_history")
    .select([
      "id",
      "jurisdiction_code",
      "indicator_id",
      "value",
      sql<AssessmentTable["value"] | null>`lag(value) over (partition by jurisdiction_code, indicator_id order by id)`.as("previous_value"),
      "rationale",
      "citations",
      "as_of",
      "origin",
      "source_id",
      "changed_at",
      "changed_by",
      "change_reason",
    ])
    .where("indicator_id", "in", filter.indicators);
  if (filter.jurisdictions) query = query.where("jurisdiction_code", "in", filter.jurisdictions);
  const rows = await query.orderBy("jurisdiction_code").orderBy("indicator_id").orderBy("id").execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), changed_at: new Date(r.changed_at) }));
}

/**
 * The value of each cell as it stood on `date`: its latest history row whose own as-of date is on or
 * before that date (ties: the later recorded row) — the same rule as queryAssessments({ asOf }).
 */
export function valuesAsOf(history: HistoryRow[], date: string): Map<string, AssessmentTable["value"]> {
  const best = new Map<string, HistoryRow>();
  for (const row of history) {
    if (row.as_of > date) continue;
    const key = cellKey(row.jurisdiction_code, row.indicator_id);
    const current = best.get(key);
    if (!current || row.as_of > current.as_of || (row.as_of === current.as_of && row.id > current.id)) best.set(key, row);
  }
  return new Map([...best].map(([k, r]) => [k, r.value]));
}

export const cellKey = (jurisdiction: string, indicator: string) => `${jurisdiction}\u0000${indicator}`;

export interface PendingInstrument {
  id: number;
  jurisdiction_code: string;
  title: string;
  kind: string;
  stage: string;
  introduced_on: string | null;
  official_url: string;
  source_id: string;
  topics: string[];
}

/** Bills still in progress (introduced, or passed one chamber) in the given jurisdictions, tagged with any of the topics. */
export async function instrumentsInProgress(
  db: Kysely<Database>,
  filter: { jurisdictions: string[]; topics: string[]; limit: number },
): Promise<PendingInstrument[]> {
  if (filter.jurisdictions.length === 0 || filter.topics.length === 0) return [];
  const rows = await db
    .selectFrom("instrument")
    .innerJoin("instrument_topic", "instrument_topic.instrument_id", "instrument.id")
    .select([
      "instrument.id",
      "instrument.jurisdiction_code",
      "instrument.title",
      "instrument.kind",
      "instrument.stage",
      "instrument.introduced_on",
      "instrument.official_url",
      "instrument.source_id",
      sql<string[]>`array_agg(instrument_topic.topic_id order by instrument_topic.topic_id)`.as("topics"),
    ])
    .where("instrument.stage", "in", ["introduced", "passed_chamber"])
    .where("instrument.jurisdiction_code", "in", filter.jurisdictions)
    .where("instrument_topic.topic_id", "in", filter.topics)
    .groupBy("instrument.id")
    .orderBy("instrument.jurisdiction_code")
    .orderBy("instrument.introduced_on", (ob) => ob.desc().nullsLast())
    .orderBy("instrument.id", "desc")
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
