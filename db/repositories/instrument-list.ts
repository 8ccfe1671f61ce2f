import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../schema";

/**
 * The instrument list behind /instruments: filters, one page for the view, and a keyset-paginated
 * iterator for exports (constant memory however many rows the table holds).
 */

/** Topic filter value that selects instruments matching no tracked topic. */
export const NO_TOPIC_FILTER = "none";

export interface InstrumentListFilter {
  jurisdiction?: string;
  /** A topic id, or `none` for instruments without a tracked topic. */
  topic?: string;
  stage?: string;
  /** A source id: `curated` for the laws and treaties the answers cite. */
  source?: string;
  /** ISO dates, inclusive, on the instrument's date: enacted_on, else introduced_on. */
  from?: string;
  to?: string;
}

export interface InstrumentListRow {
  id: number;
  jurisdiction_code: string;
  title: string;
  kind: string;
  stage: string;
  introduced_on: string | null;
  enacted_on: string | null;
  in_force_on: string | null;
  official_url: string;
  identifiers: Record<string, string>;
  summary: string | null;
  source_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  topics: string[];
}

type Eb = ExpressionBuilder<Database, "instrument">;

/** The date an instrument is filtered on: when it was enacted, else when it was introduced. */
const instrumentDate = sql<string | null>`coalesce(instrument.enacted_on, instrument.introduced_on)`;

function conditions(eb: Eb, f: InstrumentListFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (f.jurisdiction) parts.push(eb("instrument.jurisdiction_code", "=", f.jurisdiction));
  if (f.stage) parts.push(eb("instrument.stage", "=", f.stage));
  if (f.source) parts.push(eb("instrument.source_id", "=", f.source));
  if (f.from) parts.push(sql<SqlBool>`${instrumentDate} >= ${f.from}::date`);
  if (f.to) parts.push(sql<SqlBool>`${instrumentDate} <= ${f.to}::date`);
  if (f.topic) {
    const tagged = eb.selectFrom("instrument_topic").select("instrument_topic.topic_id").whereRef("instrument_topic.instrument_id", "=", "instrument.id");
    const topic = f.topic;
    parts.push(topic === NO_TOPIC_FILTER ? eb.not(eb.exists(tagged)) : eb.exists(tagged.where("instrument_topic.topic_id", "=", topic)));
  }
  return eb.and(parts);
}

const COLUMNS = [
  "instrument.id",
  "instrument.jurisdiction_code",
  "instrument.title",
  "instrument.kind",
  "instrument.stage",
  "instrument.introduced_on",
  "instrument.enacted_on",
  "instrument.in_force_on",
  "instrument.official_url",
  "instrument.identifiers",
  "instrument.summary",
  "instrument.source_id",
  "instrument.first_seen_at",
  "instrument.last_seen_at",
] as const;

/** The topics of a set of instruments, in one query (cheaper than a subquery per row). */
async function withTopics<R extends { id: number }>(db: Kysely<Database>, rows: R[]): Promise<Array<R & { topics: string[] }>> {
  if (rows.length === 0) return [];
  const tags = await db
    .selectFrom("instrument_topic")
    .select(["instrument_id", "topic_id"])
    // One array parameter, not one parameter per id.
    .where(sql<SqlBool>`instrument_id = any(${rows.map((r) => r.id)}::int[])`)
    .orderBy("topic_id")
    .execute();
  const topicsOf = new Map<number, string[]>();
  for (const t of tags) topicsOf.set(t.instrument_id, [...(topicsOf.get(t.instrument_id) ?? []), t.topic_id]);
  return rows.map((r) => ({ ...r, topics: topicsOf.get(r.id) ?? [] }));
}

export async function countInstruments(db: Kysely<Database>, f: InstrumentListFilter): Promise<number> {
  const row = await db
    .selectFrom("instrument")
    .where((eb) => conditions(eb, f))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One page, newest recorded first (by id, the primary key). The offset walks ids only; the page's rows
 * are read afterwards, so a deep page costs an index scan, not the projection of every skipped row.
 */
export async function listInstrumentPage(db: Kysely<Database>, f: InstrumentListFilter, page: { offset: number; limit: number }): Promise<InstrumentListRow[]> {
  const ids = await db
    .selectFrom("instrument")
    .where((eb) => conditions(eb, f))
    .select("instrument.id")
    .orderBy("instrument.id", "desc")
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("instrument")
    .select(COLUMNS)
    .where("instrument.id", "in", ids.map((r) => r.id))
    .orderBy("instrument.id", "desc")
    .execute();
  return withTopics(db, rows);
}

/**
 * Every matching instrument in the list's order, fetched `batchSize` at a time by keyset on the primary
 * key (`id < last id`), never by offset: each batch costs the same however deep the export is.
 */
export async function* iterateInstruments(db: Kysely<Database>, f: InstrumentListFilter, batchSize = 2000): AsyncGenerator<InstrumentListRow> {
  let before: number | null = null;
  for (;;) {
    let query = db.selectFrom("instrument").select(COLUMNS).where((eb) => conditions(eb, f)).orderBy("instrument.id", "desc").limit(batchSize);
    if (before !== null) {
      const last = before;
      query = query.where("instrument.id", "<", last);
    }
    const rows = await withTopics(db, await query.execute());
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1]!.id;
  }
}

/**
 * What the filters offer: jurisdictions that have instruments, and every topic; and when the table last
 * changed and which sources wrote it. Existence checks use the indexes on jurisdiction_code and
 * (source_id, external_id), so this stays cheap at a million rows.
 */
export async function instrumentFilterOptions(db: Kysely<Database>) {
  const [jurisdictions, topics, sources, freshness] = await Promise.all([
    db
      .selectFrom("jurisdiction")
      .select(["jurisdiction.code", "jurisdiction.name"])
      .where((eb) => eb.exists(eb.selectFrom("instrument").select("instrument.id").whereRef("instrument.jurisdiction_code", "=", "jurisdiction.code")))
      .orderBy("jurisdiction.code")
      .execute(),
    db.selectFrom("topic").select(["id", "name"]).orderBy("id").execute(),
    db
      .selectFrom("source")
      .select(["source.id", "source.name"])
      .where((eb) => eb.exists(eb.selectFrom("instrument").select("instrument.id").whereRef("instrument.source_id", "=", "source.id")))
      .orderBy("source.id")
      .execute(),
    db.selectFrom("instrument").select(sql<Date | null>`max(last_seen_at)`.as("last_seen_at")).executeTakeFirstOrThrow(),
  ]);
  return { jurisdictions, topics, sources, lastUpdated: freshness.last_seen_at ? new Date(freshness.last_seen_at) : null };
}
