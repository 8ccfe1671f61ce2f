import { sql, type Kysely, type Transaction } from "kysely";
import type { InstrumentRecord } from "../../sources/types";
import type { Database } from "../schema";
import { cachedUntilChanged } from "./data-version";
import { sha256 } from "./snapshots";

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

function recordHash(r: InstrumentRecord): string {
  return sha256(JSON.stringify(r));
}

/**
 * Inserts new instruments and rewrites changed ones (by record hash); unchanged ones are left alone, so
 * running the same payload twice writes nothing. A new instrument that matches a topic becomes a review item, unless
 * `reviewNew` is false (the curated baseline's cited laws were reviewed with the answers citing them).
 */
export async function upsertInstruments(
  trx: Transaction<Database> | Kysely<Database>,
  sourceId: string,
  records: InstrumentRecord[],
  snapshotId: number | null,
  reviewNew = true,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const r of records) {
    const hash = recordHash(r);
    const values = {
      source_id: sourceId,
      external_id: r.externalId,
      jurisdiction_code: r.jurisdictionCode,
      title: r.title,
      kind: r.kind,
      stage: r.stage,
      introduced_on: r.introducedOn,
      enacted_on: r.enactedOn,
      in_force_on: r.inForceOn,
      identifiers: JSON.stringify(r.identifiers),
      official_url: r.officialUrl,
      summary: r.summary,
      source_updated_at: r.sourceUpdatedAt,
      record_hash: hash,
      first_snapshot_id: snapshotId,
    };
    const row = await trx
      .insertInto("instrument")
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(["source_id", "external_id"])
          .doUpdateSet(({ ref }) => ({
            jurisdiction_code: ref("excluded.jurisdiction_code"),
            title: ref("excluded.title"),
            kind: ref("excluded.kind"),
            stage: ref("excluded.stage"),
            introduced_on: ref("excluded.introduced_on"),
            enacted_on: ref("excluded.enacted_on"),
            in_force_on: ref("excluded.in_force_on"),
            identifiers: ref("excluded.identifiers"),
            official_url: ref("excluded.official_url"),
            summary: ref("excluded.summary"),
            source_updated_at: ref("excluded.source_updated_at"),
            record_hash: ref("excluded.record_hash"),
            last_seen_at: sql`now()`,
          }))
          .where("instrument.record_hash", "<>", hash),
      )
      // xmax = 0 marks a freshly inserted row (PostgreSQL and PGlite alike).
      .returning(["id", sql<boolean>`(xmax = 0)`.as("inserted")])
      .executeTakeFirst();
    if (!row) {
      counts.unchanged++;
      continue;
    }
    if (row.inserted) counts.inserted++;
    else counts.updated++;
    await trx.deleteFrom("instrument_topic").where("instrument_id", "=", row.id).execute();
    if (r.topics.length > 0) {
      await trx
        .insertInto("instrument_topic")
        .values(r.topics.map((t) => ({ instrument_id: row.id, topic_id: t.topic, reason: t.reason })))
        .execute();
      if (row.inserted && reviewNew) {
        await trx
          .insertInto("review_item")
          .values({
            kind: "new_instrument",
            source_id: sourceId,
            instrument_id: row.id,
            jurisdiction_code: r.jurisdictionCode,
            snapshot_id: snapshotId,
            reason: `New instrument matches ${r.topics.map((t) => `${t.topic} (${t.reason})`).join("; ")}`,
          })
          .onConflict((oc) => oc.columns(["kind", "instrument_id"]).where("kind", "=", "new_instrument").doNothing())
          .execute();
      }
    }
  }
  if (counts.inserted + counts.updated > 0) {
    await trx.insertInto("instrument_change").values({ source_id: sourceId, inserted: counts.inserted, updated: counts.updated }).execute();
  }
  return counts;
}

export interface TopicCount {
  topic_id: string;
  topic_name: string;
  instruments: number;
  jurisdictions: number;
}

/** Id of the row counting instruments that match no tracked topic. */
export const NO_TOPIC = "none";

/**
 * Instruments per topic, plus the ingested instruments that match none (so that ingestion shows even when
 * nothing new is on topic). An instrument with two topics counts in both.
 */
export async function instrumentCountsByTopic(db: Kysely<Database>): Promise<TopicCount[]> {
  const byTopic = await db
    .selectFrom("topic")
    .leftJoin("instrument_topic", "instrument_topic.topic_id", "topic.id")
    .leftJoin("instrument", "instrument.id", "instrument_topic.instrument_id")
    .select([
      "topic.id as topic_id",
      "topic.name as topic_name",
      sql<number>`count(instrument.id)::int`.as("instruments"),
      sql<number>`count(distinct instrument.jurisdiction_code)::int`.as("jurisdictions"),
    ])
    .groupBy(["topic.id", "topic.name"])
    .orderBy("topic.id")
    .execute();
  const untagged = await db
    .selectFrom("instrument")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("instrument_topic").select("topic_id").whereRef("instrument_topic.instrument_id", "=", "instrument.id"))))
    .select([sql<number>`count(*)::int`.as("instruments"), sql<number>`count(distinct jurisdiction_code)::int`.as("jurisdictions")])
    .executeTakeFirstOrThrow();
  return [...byTopic, { topic_id: NO_TOPIC, topic_name: "No tracked topic", ...untagged }];
}

export async function recentInstruments(db: Kysely<Database>, limit = 20) {
  // Newest first through the (first_seen_at, id) index; topics only for the rows shown.
  return db
    .selectFrom("instrument")
    .select([
      "instrument.id",
      "instrument.title",
      "instrument.jurisdiction_code",
      "instrument.kind",
      "instrument.stage",
      "instrument.enacted_on",
      "instrument.official_url",
      "instrument.source_id",
      "instrument.first_seen_at",
      sql<string[]>`coalesce((select array_agg(it.topic_id order by it.topic_id) from instrument_topic it where it.instrument_id = instrument.id), '{}')`.as("topics"),
    ])
    .orderBy("instrument.first_seen_at", "desc")
    .orderBy("instrument.id", "desc")
    .limit(limit)
    .execute();
}

export interface InstrumentSummary {
  total: number;
  byTopic: TopicCount[];
}

/** The instrument total and the counts per topic: whole-table aggregates (seconds at a million rows), so cached until instruments change. */
export function instrumentSummary(db: Kysely<Database>): Promise<InstrumentSummary> {
  return cachedUntilChanged(db, ["instruments"], "summary", async () => {
    const [byTopic, totals] = await Promise.all([
      instrumentCountsByTopic(db),
      db.selectFrom("instrument").select(sql<number>`count(*)::int`.as("total")).executeTakeFirstOrThrow(),
    ]);
    return { total: totals.total, byTopic };
  });
}
