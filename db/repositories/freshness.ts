import type { Kysely } from "kysely";
import type { Database } from "../schema";
import { cachedUntilChanged } from "./data-version";

export interface Freshness {
  /** ISO timestamp of the latest write in scope; null when there is none. */
  lastUpdated: string | null;
  /** The sources that wrote it (`analyst` for analysts' edits). */
  sources: { id: string; name: string }[];
}

export interface FreshnessScope {
  /** Only these jurisdictions' answers and instruments (all when absent). */
  jurisdictions?: string[];
  /** Only these indicators' answers (instruments are then left out: they belong to no indicator). */
  indicators?: string[];
}

/**
 * When the data behind a view last changed and where it came from: the "last updated" line of every page. It scans
 * every instrument (a million on a large instance), so it is cached until answers or instruments change.
 */
export function dataFreshness(db: Kysely<Database>, scope: FreshnessScope = {}): Promise<Freshness> {
  const key = `freshness:${scope.jurisdictions?.join(",") ?? "*"}:${scope.indicators?.join(",") ?? "*"}`;
  return cachedUntilChanged(db, ["knowledge", "instruments"], key, () => computeFreshness(db, scope));
}

async function computeFreshness(db: Kysely<Database>, scope: FreshnessScope): Promise<Freshness> {
  const { jurisdictions, indicators } = scope;
  if (jurisdictions?.length === 0 || indicators?.length === 0) return { lastUpdated: null, sources: [] };
  let answers = db
    .selectFrom("assessment")
    .select(["source_id", "origin", (eb) => eb.fn.max("updated_at").as("at")])
    .groupBy(["source_id", "origin"]);
  if (jurisdictions) answers = answers.where("jurisdiction_code", "in", jurisdictions);
  if (indicators) answers = answers.where("indicator_id", "in", indicators);
  let instruments = db.selectFrom("instrument").select(["source_id", (eb) => eb.fn.max("last_seen_at").as("at")]).groupBy("source_id");
  if (jurisdictions) instruments = instruments.where("jurisdiction_code", "in", jurisdictions);
  const [a, i, names] = await Promise.all([
    answers.execute(),
    indicators ? Promise.resolve([]) : instruments.execute(),
    db.selectFrom("source").select(["id", "name"]).execute(),
  ]);
  const latest = new Map<string, number>();
  for (const row of [...a.map((r) => ({ id: r.source_id ?? r.origin, at: r.at })), ...i.map((r) => ({ id: r.source_id, at: r.at }))]) {
    if (!row.at) continue;
    latest.set(row.id, Math.max(latest.get(row.id) ?? 0, new Date(row.at).getTime()));
  }
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    lastUpdated: latest.size ? new Date(Math.max(...latest.values())).toISOString() : null,
    sources: [...latest.keys()].sort().map((id) => ({ id, name: nameOf.get(id) ?? id })),
  };
}
