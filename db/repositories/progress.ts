import { sql, type Kysely } from "kysely";
import { currentRecord, type RecordedAnswer } from "../../domain/valid-time";
import type { AssessmentTable, CitationJson, Database } from "../schema";

/**
 * Follow-up reads: the assessment history of some indicators (for "as of" series and "who moved"), and the
 * bills still in progress on some topics.
 */

export interface HistoryRow extends RecordedAnswer<AssessmentTable["value"]> {
  jurisdiction_code: string;
  indicator_id: string;
  /** The cell's value in the history row recorded before this one; null for the cell's first answer. */
  previous_value: AssessmentTable["value"] | null;
  rationale: string;
  effective_from: string | null;
  effective_to: string | null;
  effective_basis: string;
  verified_on: string;
  change_kind: RecordedAnswer["kind"];
  citations: CitationJson[];
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
      "effective_from",
      "effective_to",
      "effective_basis",
      "verified_on",
      "change_kind",
      "origin",
      "source_id",
      "changed_at",
      "changed_by",
      "change_reason",
    ])
    .where("indicator_id", "in", filter.indicators);
  if (filter.jurisdictions) query = query.where("jurisdiction_code", "in", filter.jurisdictions);
  const rows = await query.orderBy("jurisdiction_code").orderBy("indicator_id").orderBy("id").execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    verifiedOn: r.verified_on,
    kind: r.change_kind,
    citations: (typeof r.citations === "string" ? JSON.parse(r.citations) : r.citations) as CitationJson[],
    changed_at: new Date(r.changed_at),
  }));
}

/** Each cell's current record (see domain/valid-time), by cellKey. */
export function recordsByCell(history: HistoryRow[]): Map<string, HistoryRow[]> {
  const byCell = new Map<string, HistoryRow[]>();
  for (const row of history) {
    const key = cellKey(row.jurisdiction_code, row.indicator_id);
    byCell.set(key, [...(byCell.get(key) ?? []), row]);
  }
  return new Map([...byCell].map(([k, rows]) => [k, currentRecord(rows)]));
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
