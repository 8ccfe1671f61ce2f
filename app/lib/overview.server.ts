import type { Kysely } from "kysely";
import { instrumentCountsByTopic, recentInstruments } from "../../db/repositories/instruments";
import type { Database } from "../../db/schema";

export const OVERVIEW_CSV_COLUMNS = ["topic_id", "topic_name", "instruments", "jurisdictions"] as const;

export async function overviewData(db: Kysely<Database>) {
  const [byTopic, recent, totals] = await Promise.all([
    instrumentCountsByTopic(db),
    recentInstruments(db, 15),
    db
      .selectFrom("instrument")
      .select((eb) => [eb.fn.countAll<number>().as("instruments"), eb.fn.max("last_seen_at").as("lastUpdated")])
      .executeTakeFirstOrThrow(),
  ]);
  return { byTopic, recent, instruments: Number(totals.instruments), lastUpdated: totals.lastUpdated ?? null };
}
