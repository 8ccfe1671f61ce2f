import type { Kysely } from "kysely";
import { CITED_INSTRUMENT_PREFIX } from "../../domain/citations";
import { addDays, type ChangeKind } from "../../domain/valid-time";
import type { AssessmentTable, CitationJson, Database } from "../schema";

/**
 * Read side for the jurisdiction pages and the comparison: one jurisdiction's instruments, its answer
 * history, and when (and from which sources) the data in scope was last written.
 */

export async function findJurisdiction(db: Kysely<Database>, code: string) {
  return db.selectFrom("jurisdiction").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function findJurisdictions(db: Kysely<Database>, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom("jurisdiction").selectAll().where("code", "in", codes).execute();
}

export interface InstrumentOfJurisdiction {
  id: number;
  title: string;
  kind: string;
  stage: string;
  introduced_on: string | null;
  enacted_on: string | null;
  in_force_on: string | null;
  official_url: string;
  source_id: string;
  identifiers: Record<string, string>;
  topics: string[];
}

/** The laws and treaties the jurisdiction's answers cite (one instrument each), treaties last, by title. */
export async function citedInstrumentsOfJurisdiction(db: Kysely<Database>, code: string) {
  return db
    .selectFrom("instrument")
    .select(["id", "external_id", "title", "kind", "stage", "in_force_on", "official_url", "summary"])
    .where("jurisdiction_code", "=", code)
    .where("external_id", "like", `${CITED_INSTRUMENT_PREFIX}%`)
    .orderBy((eb) => eb("kind", "=", "treaty"))
    .orderBy("title")
    .execute();
}

/**
 * The jurisdiction's instruments found by the scheduled sources (laws, bills, regulations), newest first by their
 * latest date, with the topics each matched. `limit` caps the list; `total` says how many there are.
 */
export async function instrumentsOfJurisdiction(db: Kysely<Database>, code: string, limit = 200) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom("instrument")
      .select(["id", "title", "kind", "stage", "introduced_on", "enacted_on", "in_force_on", "official_url", "source_id", "identifiers"])
      .where("jurisdiction_code", "=", code)
      .where("external_id", "not like", `${CITED_INSTRUMENT_PREFIX}%`)
      .orderBy((eb) => eb.fn.coalesce("in_force_on", "enacted_on", "introduced_on"), (ob) => ob.desc().nullsLast())
      .orderBy("id", "desc")
      .limit(limit)
      .execute(),
    db
      .selectFrom("instrument")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("jurisdiction_code", "=", code)
      .where("external_id", "not like", `${CITED_INSTRUMENT_PREFIX}%`)
      .executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const topics = ids.length
    ? await db.selectFrom("instrument_topic").select(["instrument_id", "topic_id"]).where("instrument_id", "in", ids).orderBy("topic_id").execute()
    : [];
  const topicsOf = new Map<number, string[]>();
  for (const t of topics) topicsOf.set(t.instrument_id, [...(topicsOf.get(t.instrument_id) ?? []), t.topic_id]);
  const instruments: InstrumentOfJurisdiction[] = rows.map((r) => ({
    ...r,
    identifiers: typeof r.identifiers === "string" ? (JSON.parse(r.identifiers) as Record<string, string>) : r.identifiers,
    topics: topicsOf.get(r.id) ?? [],
  }));
  return { instruments, total: Number(total.n) };
}

export interface HistoryEntry {
  id: number;
  indicator_id: string;
  old_value: AssessmentTable["value"] | null;
  new_value: AssessmentTable["value"];
  rationale: string;
  citations: CitationJson[];
  effective_from: string | null;
  effective_to: string | null;
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

/**
 * Every recorded change to the jurisdiction's answers, newest first, each with the value it replaced (null
 * for a first answer). With `asOf`, only the answers in effect by that date (undated ones: verified by then),
 * and with `recordedBy`, only what was recorded by the end of that day.
 */
export async function historyOfJurisdiction(db: Kysely<Database>, code: string, asOf?: string, recordedBy?: string): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("assessment_history")
    .select([
      "id",
      "indicator_id",
      "value",
      "rationale",
      "citations",
      "effective_from",
      "effective_to",
      "effective_basis",
      "verified_on",
      "change_kind",
      "origin",
      "confidence",
      "source_id",
      "changed_at",
      "changed_by",
      "change_reason",
    ])
    .where("jurisdiction_code", "=", code)
    .orderBy("id")
    .execute();
  const last = new Map<string, AssessmentTable["value"]>();
  const entries: HistoryEntry[] = [];
  for (const { value, ...r } of rows) {
    entries.push({ ...r, old_value: last.get(r.indicator_id) ?? null, new_value: value, changed_at: new Date(r.changed_at) });
    last.set(r.indicator_id, value);
  }
  const recordedBefore = recordedBy ? new Date(`${addDays(recordedBy, 1)}T00:00:00Z`) : null;
  return entries
    .filter((e) => !asOf || (e.effective_from ?? e.verified_on) <= asOf)
    .filter((e) => !recordedBefore || e.changed_at < recordedBefore)
    .reverse();
}

