import { sql, type Kysely } from "kysely";
import type { Database } from "../schema";

/**
 * Versions of the data that whole-table figures are computed from, for caching them until the data changes.
 * A version is the highest id of append-only tables every write goes through: one index lookup, however large
 * the tables (a count would scan them on every request). Read before the figures, a version is never newer than
 * they are. Ids are taken when rows are written but become visible at commit, so a writer that commits after a
 * later one does not move the highest id: entries therefore also expire after MAX_AGE_MS, which bounds how long
 * such a change can go unseen.
 */

/** Instruments and their topics: every upsert that changes them adds an instrument_change row. */
async function instrumentVersion(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom("instrument_change").select(sql<number>`coalesce(max(id), 0)::int`.as("id")).executeTakeFirstOrThrow();
  return String(row.id);
}

/**
 * Answers and the catalogues: every answer change appends a history row (pipeline and analysts alike), and the
 * catalogues (groups, indicators, recommendations) change only in a source run, which adds an ingest_run row.
 */
async function knowledgeVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectNoFrom([
      sql<number>`(select coalesce(max(id), 0)::int from assessment_history)`.as("history"),
      sql<number>`(select coalesce(max(id), 0)::int from ingest_run)`.as("runs"),
    ])
    .executeTakeFirstOrThrow();
  return `${row.history}/${row.runs}`;
}

const VERSIONS = { instruments: instrumentVersion, knowledge: knowledgeVersion } as const;
const MAX_ENTRIES = 64;
const MAX_AGE_MS = 60_000;

type Entry = { version: string; at: number; value: Promise<unknown> };
const caches = new WeakMap<Kysely<Database>, Map<string, Entry>>();

/**
 * `compute()` once per version of the `data` it reads and `key` (the query), per database handle, for at most a
 * minute; concurrent requests share one computation, a failed one is not kept, and at most 64 keys are kept (the
 * oldest go first).
 */
export async function cachedUntilChanged<T>(
  db: Kysely<Database>,
  data: ReadonlyArray<keyof typeof VERSIONS>,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const version = (await Promise.all(data.map((d) => VERSIONS[d](db)))).join(" ");
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const cacheKey = `${data.join("+")}\u0000${key}`;
  const cached = cache.get(cacheKey);
  if (cached?.version === version && Date.now() - cached.at < MAX_AGE_MS) return cached.value as Promise<T>;
  const value = compute();
  cache.delete(cacheKey);
  cache.set(cacheKey, { version, at: Date.now(), value });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  value.catch(() => cache.get(cacheKey)?.value === value && cache.delete(cacheKey));
  return value;
}
