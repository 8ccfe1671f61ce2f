import { sql, type Kysely } from "kysely";
import type { SourceManifest } from "../../sources/types";
import type { Database, IngestRun } from "../schema";

export async function registerSources(db: Kysely<Database>, manifests: SourceManifest[]): Promise<void> {
  for (const m of manifests) {
    await db
      .insertInto("source")
      .values({ id: m.id, name: m.name, homepage: m.homepage, enabled: true })
      .onConflict((oc) => oc.column("id").doUpdateSet({ name: m.name, homepage: m.homepage }))
      .execute();
  }
}

export interface SourceHealthRow {
  id: string;
  name: string;
  homepage: string;
  lastRun: IngestRun | null;
  lastGoodRunAt: Date | null;
  instruments: number;
  assessments: number;
  snapshots: number;
}

/** One row per source: its latest run, its latest successful run, and what it holds in the database. */
export async function sourceHealth(db: Kysely<Database>): Promise<SourceHealthRow[]> {
  const sources = await db.selectFrom("source").selectAll().orderBy("id").execute();
  // Imports of saved files (`ingest --file`) say nothing about whether the source itself can be reached.
  const lastRuns = await db
    .selectFrom("ingest_run")
    .selectAll()
    .where("trigger", "<>", "file")
    .distinctOn("source_id")
    .orderBy("source_id")
    .orderBy("started_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const lastGood = await db
    .selectFrom("ingest_run")
    .select(["source_id", sql<Date>`max(finished_at)`.as("at")])
    .where("status", "in", ["ok", "unchanged"])
    .where("trigger", "<>", "file")
    .groupBy("source_id")
    .execute();
  const count = async (table: "instrument" | "assessment" | "snapshot") =>
    new Map(
      (
        await db
          .selectFrom(table)
          .select(["source_id", sql<number>`count(*)::int`.as("n")])
          .groupBy("source_id")
          .execute()
      ).map((r) => [r.source_id, r.n] as const),
    );
  const [instruments, assessments, snapshots] = await Promise.all([count("instrument"), count("assessment"), count("snapshot")]);
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    homepage: s.homepage,
    lastRun: lastRuns.find((r) => r.source_id === s.id) ?? null,
    lastGoodRunAt: lastGood.find((r) => r.source_id === s.id)?.at ?? null,
    instruments: instruments.get(s.id) ?? 0,
    assessments: assessments.get(s.id) ?? 0,
    snapshots: snapshots.get(s.id) ?? 0,
  }));
}
