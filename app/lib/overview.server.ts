import type { Kysely } from "kysely";
import { instrumentSummary, recentInstruments } from "../../db/repositories/instruments";
import { cachedUntilChanged } from "../../db/repositories/data-version";
import { dataFreshness } from "../../db/repositories/freshness";
import { listGroupsWithMembers, listRecommendations, queryAnswerValues } from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import { isIsoDate } from "../../sources/curated/schema";
import { exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { ALIGNMENTS, combine, emptyCounts, type Value } from "../../domain/alignment";

export const OVERVIEW_CSV_COLUMNS = ["topic_id", "topic_name", "instruments", "jurisdictions"] as const;

export const GAP_CSV_COLUMNS = ["recommendation_id", "title", "combine_rule", "indicators", ...ALIGNMENTS, "jurisdictions", "group", "as_of"] as const;

/** A bad query parameter: the route answers 400 with this message. */
export class BadQueryError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "BadQueryError";
  }
}

export interface GapQuery {
  /** A group id, or null for every jurisdiction with at least one cited answer. */
  group: string | null;
  asOf: string | null;
}

/** Reads `group` and `as_of` from the URL; an unknown group or a malformed date is a BadQueryError. */
export async function readGapQuery(db: Kysely<Database>, url: URL): Promise<GapQuery> {
  const group = url.searchParams.get("group")?.trim() || null;
  const asOf = url.searchParams.get("as_of")?.trim() || null;
  if (group) {
    const exists = await db.selectFrom("jurisdiction_group").select("id").where("id", "=", group).executeTakeFirst();
    if (!exists) throw new BadQueryError("group", `There is no group "${group}". Choose one from the list.`);
  }
  if (asOf && !isIsoDate(asOf)) throw new BadQueryError("as_of", `The date "${asOf}" is not a date in the form YYYY-MM-DD.`);
  return { group, asOf };
}

/**
 * For every recommendation measured by indicators: how many jurisdictions in scope meet it, partly, not, or unknown.
 * Computed over every answer in scope (a second or more with thousands of jurisdictions), so cached until the
 * answers or catalogues change; the result is shared between requests and must not be modified.
 */
export function recommendationGaps(db: Kysely<Database>, query: GapQuery) {
  return cachedUntilChanged(db, ["knowledge"], `gaps:${query.group ?? ""}:${query.asOf ?? ""}`, () => computeRecommendationGaps(db, query));
}

async function computeRecommendationGaps(db: Kysely<Database>, query: GapQuery) {
  const [cells, recommendations, groups] = await Promise.all([
    queryAnswerValues(db, { group: query.group ?? undefined, asOf: query.asOf ?? undefined }),
    listRecommendations(db),
    listGroupsWithMembers(db),
  ]);
  const valueOf = new Map(cells.map((c) => [`${c.jurisdiction_code}\u0000${c.indicator_id}`, c.value as Value]));
  const jurisdictions = [...new Set(cells.map((c) => c.jurisdiction_code))];
  const measured = recommendations.filter((r) => r.indicators.length > 0);
  const gaps = measured.map((r) => {
    const counts = emptyCounts();
    for (const j of jurisdictions) {
      counts[combine(r.combine_rule, r.indicators.map((i) => valueOf.get(`${j}\u0000${i}`) ?? "unknown"))]++;
    }
    return { id: r.id, title: r.title, combine_rule: r.combine_rule, indicators: r.indicators, ...counts };
  });
  const known = cells.filter((c) => c.value !== "unknown").length;
  const groupSummaries = groups.map((g) => ({ id: g.id, name: g.name, members: g.members.length }));
  return {
    groups: groupSummaries,
    group: groupSummaries.find((g) => g.id === query.group) ?? null,
    jurisdictions: jurisdictions.length,
    cells: cells.length,
    knownCells: known,
    unmeasured: recommendations.filter((r) => r.indicators.length === 0).map((r) => ({ id: r.id, title: r.title, note: r.measurement_note })),
    gaps,
  };
}

export async function overviewData(db: Kysely<Database>) {
  const [summary, recent, freshness] = await Promise.all([instrumentSummary(db), recentInstruments(db, 15), dataFreshness(db)]);
  return { byTopic: summary.byTopic, recent, instruments: summary.total, lastUpdated: freshness.lastUpdated, sources: freshness.sources };
}

/** `/overview/gaps.csv` and `.json`: exactly the overview's gap table, for the same URL filters. */
export async function gapsExport(db: Kysely<Database>, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const query = await readGapQuery(db, url);
    const { gaps, jurisdictions } = await recommendationGaps(db, query);
    const rows = gaps.map((g) => ({ recommendation_id: g.id, ...g, jurisdictions, group: query.group ?? "", as_of: query.asOf ?? "" }));
    return exportResponse(format, "recommendation-gaps", GAP_CSV_COLUMNS, rows, { group: query.group, as_of: query.asOf });
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}
