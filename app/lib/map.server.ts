import fs from "node:fs";
import { createRequire } from "node:module";
import { Country } from "country-state-city";
import { geoEqualEarth, geoPath, type GeoProjection } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import countries from "i18n-iso-countries";
import type { Kysely } from "kysely";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { cachedUntilChanged } from "../../db/repositories/data-version";
import { listGroupsWithMembers, listRecommendations, queryAnswerValues } from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import {
  alignmentCategories,
  NO_ANSWER,
  OUTSIDE,
  valueCategories,
  type MapCategory,
  type MapData,
  type MapJurisdiction,
  type MapMarker,
  type MapShape,
} from "../components/WorldMap";
import { describeColumns, exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError, readGapQuery } from "./overview.server";
import { ALIGNMENTS, ALIGNMENT_LABEL, AVERAGE_RULE, averageAlignment, combine, emptyCounts, RULE_EXPLANATION, type Alignment, type CombineRule, type Value } from "../../domain/alignment";
import { dataFreshness } from "../../db/repositories/freshness";

/**
 * The world map's data, prepared on the server: the 1:110m country outlines from world-atlas (TopoJSON, ISO
 * 3166-1 numeric ids → alpha-2 with i18n-iso-countries), projected once with d3-geo's Equal Earth projection
 * into compact SVG path strings, then coloured per request by a category. The component receives plain
 * `{code, name, d, category}` rows, so neither the TopoJSON nor d3 reaches the browser bundle.
 */

type Db = Kysely<Database>;

/** Width of the map's coordinate system; the SVG scales to its container. */
const MAP_WIDTH = 960;
/** Antarctica is no jurisdiction; leaving it out gives the inhabited world more room. */
const LEFT_OUT = new Set(["010"]);

interface BaseShape {
  code: string | null;
  name: string;
  d: string;
}

interface BaseMap {
  width: number;
  height: number;
  sphere: string;
  shapes: BaseShape[];
  project: (lon: number, lat: number) => [number, number] | null;
}

/**
 * d3's absolute `M x,y L x,y … Z` (integer coordinates) rewritten with relative `l dx dy` steps: the same
 * outline in about 40% of the characters. Rounding happens before the differences, so no error accumulates.
 */
export function compactPath(d: string): string {
  let out = "";
  let px = 0;
  let py = 0;
  for (const m of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (m[1] === "Z") {
      out += "z";
      continue;
    }
    const [x, y] = m[2]!.split(",").map((v) => Math.round(Number(v))) as [number, number];
    if (m[1] === "M") out += `M${x} ${y}`;
    else if (x !== px || y !== py) out += `l${x - px} ${y - py}`.replace(" -", "-");
    else continue;
    px = x;
    py = y;
  }
  return out;
}

let baseMap: BaseMap | null = null;

function loadBaseMap(): BaseMap {
  if (baseMap) return baseMap;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(fs.readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8")) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const all = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const features = all.features.filter((f) => !LEFT_OUT.has(String(f.id)));
  const collection: FeatureCollection<Geometry, { name: string }> = { type: "FeatureCollection", features };
  // Fitted to the whole globe, then cut below the southernmost country: the outline reads as the globe's,
  // cropped where Antarctica was.
  const projection: GeoProjection = geoEqualEarth().fitWidth(MAP_WIDTH, { type: "Sphere" });
  const path = geoPath(projection).digits(0);
  const height = Math.ceil(path.bounds(collection)[1][1]) + 4;
  const shapes = features.map((f: Feature<Geometry, { name: string }>) => {
    const code = f.id === undefined ? null : countries.numericToAlpha2(String(f.id)) ?? null;
    return { code, name: f.properties.name, d: compactPath(path(f) ?? "") };
  });
  baseMap = {
    width: MAP_WIDTH,
    height,
    sphere: compactPath(path({ type: "Sphere" }) ?? ""),
    shapes: shapes.filter((s) => s.d !== ""),
    project: (lon, lat) => {
      const p = projection([lon, lat]);
      return p ? [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10] : null;
    },
  };
  return baseMap;
}

/** Where a State the map has no outline for is: its centre from country-state-city, projected. */
function markerPosition(code: string): [number, number] | null {
  const country = Country.getCountryByCode(code);
  const lat = Number(country?.latitude);
  const lon = Number(country?.longitude);
  if (!country || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  return loadBaseMap().project(lon, lat);
}

/** A jurisdiction in scope with the category it is coloured by. */
interface Placed {
  code: string;
  name: string;
  kind: string;
  category: string;
}

/**
 * Draws the scope on the base map. Without a group every country on the map is shown: those not in scope
 * are "no answer". With a group, countries outside it are white; members without an outline (small States)
 * become dots, and the EU and sub-national units are listed as not drawn.
 */
function placeOnMap(
  scope: Placed[],
  categoryDefs: Omit<MapCategory, "count">[],
  grouped: boolean,
  text: { title: string; explanation: string; summary: (counts: Record<string, number>, notDrawn: number) => string },
  nameOf: Map<string, string>,
): { map: MapData; drawnOf: Map<string, MapJurisdiction["drawn"]> } {
  const base = loadBaseMap();
  const byCode = new Map(scope.map((p) => [p.code, p]));
  const outlined = new Set(base.shapes.map((s) => s.code).filter((c): c is string => c !== null));
  const jurisdictions: MapJurisdiction[] = [];
  const drawnOf = new Map<string, MapJurisdiction["drawn"]>();
  const markers: MapMarker[] = [];

  for (const p of scope) {
    let drawn: MapJurisdiction["drawn"] = "no";
    if (p.kind === "state" && outlined.has(p.code)) drawn = "outline";
    else if (p.kind === "state") {
      const at = markerPosition(p.code);
      if (at) {
        markers.push({ code: p.code, name: p.name, x: at[0], y: at[1], category: p.category });
        drawn = "dot";
      }
    }
    drawnOf.set(p.code, drawn);
    jurisdictions.push({ code: p.code, name: p.name, category: p.category, drawn });
  }

  let outside = 0;
  const shapes: MapShape[] = base.shapes.map((s) => {
    const placed = s.code ? byCode.get(s.code) : undefined;
    const name = placed?.name ?? (s.code ? nameOf.get(s.code) : undefined) ?? s.name;
    if (placed) return { code: s.code, name, d: s.d, category: placed.category };
    if (grouped) {
      outside++;
      return { code: s.code, name, d: s.d, category: OUTSIDE };
    }
    return { code: s.code, name, d: s.d, category: NO_ANSWER };
  });

  const counts = Object.fromEntries(categoryDefs.map((c) => [c.id, 0])) as Record<string, number>;
  for (const j of jurisdictions) counts[j.category] = (counts[j.category] ?? 0) + 1;
  const notDrawn = jurisdictions.filter((j) => j.drawn === "no").length;
  return {
    map: {
      title: text.title,
      explanation: text.explanation,
      summary: text.summary(counts, notDrawn),
      width: base.width,
      height: base.height,
      sphere: base.sphere,
      categories: categoryDefs.map((c) => ({ ...c, count: counts[c.id] ?? 0 })),
      shapes,
      markers,
      jurisdictions,
      outside,
    },
    drawnOf,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Query
// ---------------------------------------------------------------------------------------------------------

export interface MapQuery {
  group: string | null;
  asOf: string | null;
  /** One recommendation measured by indicators, or null for the average over all of them. */
  recommendation: string | null;
}

/** Reads `group`, `as_of` and `recommendation` from the URL; each bad value is a BadQueryError naming it. */
export async function readMapQuery(db: Db, url: URL): Promise<MapQuery> {
  const { group, asOf } = await readGapQuery(db, url);
  const recommendation = url.searchParams.get("recommendation")?.trim() || null;
  if (recommendation) {
    const r = (await listRecommendations(db)).find((x) => x.id === recommendation);
    if (!r) throw new BadQueryError("recommendation", `There is no recommendation "${recommendation}". Choose one from the list (see /recommendations).`);
    if (r.indicators.length === 0) {
      throw new BadQueryError("recommendation", `The recommendation "${recommendation}" is followed up by other means than indicators, so it cannot be mapped.`);
    }
  }
  return { group, asOf, recommendation };
}

// ---------------------------------------------------------------------------------------------------------
// Alignment map
// ---------------------------------------------------------------------------------------------------------

export { AVERAGE_RULE };

export const AVERAGE_NOTES: Record<string, string> = {
  met: "average ⅔ or more, at least half decided",
  partial: "average from ⅓ to under ⅔, at least half decided",
  not_met: "average under ⅓, at least half decided",
  insufficient: "fewer than half of the recommendations decided",
  unknown: "answers, but no indicator of a recommendation known",
  [NO_ANSWER]: "no answer recorded",
};

export interface MapRow {
  code: string;
  name: string;
  kind: string;
  drawn: MapJurisdiction["drawn"];
  category: string;
  met: number;
  partial: number;
  not_met: number;
  insufficient: number;
  unknown: number;
  /** Recommendations counted (1 with a recommendation filter). */
  recommendations: number;
  score: number | null;
  share_met: number | null;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

async function computeAlignmentMap(db: Db, query: MapQuery): Promise<{ map: MapData; rows: MapRow[] }> {
  const [allRecommendations, groups, jurisdictions] = await Promise.all([
    listRecommendations(db),
    listGroupsWithMembers(db),
    db.selectFrom("jurisdiction").select(["code", "name", "kind"]).execute(),
  ]);
  const measured = allRecommendations.filter((r) => r.indicators.length > 0 && (!query.recommendation || r.id === query.recommendation));
  const single = query.recommendation ? measured[0] ?? null : null;
  const indicators = [...new Set(measured.flatMap((r) => r.indicators))];
  const cells = await queryAnswerValues(db, { indicators, group: query.group ?? undefined, asOf: query.asOf ?? undefined });
  // "No answer": no known answer to any mapped indicator on the day asked.
  const answered = new Set(cells.filter((c) => c.value !== "unknown").map((c) => c.jurisdiction_code));
  const kindOf = new Map(jurisdictions.map((j) => [j.code, j.kind]));
  const nameOf = new Map(jurisdictions.map((j) => [j.code, j.name]));

  const valuesOf = new Map<string, Map<string, Value>>();
  for (const c of cells) valuesOf.set(c.jurisdiction_code, (valuesOf.get(c.jurisdiction_code) ?? new Map()).set(c.indicator_id, c.value));
  // Without a group, every country on the map is in the table too (most as "no answer"): the map shows them.
  const scopeCodes = [...valuesOf.keys()];
  if (!query.group) {
    for (const s of loadBaseMap().shapes) if (s.code && nameOf.has(s.code) && !valuesOf.has(s.code)) scopeCodes.push(s.code);
  }

  const rows: MapRow[] = scopeCodes.map((code) => {
    const values = valuesOf.get(code) ?? new Map<string, Value>();
    const counts = emptyCounts();
    for (const r of measured) counts[combine(r.combine_rule as CombineRule, r.indicators.map((i) => values.get(i) ?? "unknown"))]++;
    const known = counts.met + counts.partial + counts.not_met;
    const { category, score } = single
      ? { category: ALIGNMENTS.find((a) => counts[a] === 1)!, score: known === 1 ? counts.met + counts.partial * 0.5 : null }
      : averageAlignment(counts);
    return {
      code,
      name: nameOf.get(code) ?? code,
      kind: kindOf.get(code) ?? "state",
      drawn: "no",
      category: answered.has(code) ? category : NO_ANSWER,
      ...counts,
      recommendations: measured.length,
      score: round2(score),
      share_met: known === 0 ? null : round2(counts.met / known),
    };
  });
  rows.sort((a, b) => a.name.localeCompare(b.name, "en"));

  const group = groups.find((g) => g.id === query.group) ?? null;
  const scopeText = group ? `the ${group.name} (${group.members.length})` : `the ${valuesOf.size} jurisdictions with a cited answer and every other country on the map`;
  const when = query.asOf ? `, as the law stood on ${query.asOf}` : "";
  const title = single ? `Alignment with “${single.title}”, by country` : `Average alignment with the ${measured.length} recommendations measured by indicators, by country`;
  const explanation = single
    ? `Each country's colour is its alignment with this recommendation, by its rule (${single.combine_rule}) over ${single.indicators.length} indicator${single.indicators.length === 1 ? "" : "s"}: ${RULE_EXPLANATION[single.combine_rule as CombineRule]} No answer when Harmonia has no cited answer for the country.`
    : AVERAGE_RULE;
  const summary = (counts: Record<string, number>, notDrawn: number) => {
    const c = (id: string) => counts[id] ?? 0;
    const tail = `${c(NO_ANSWER)} have no answer at all.${notDrawn > 0 ? ` ${notDrawn} jurisdiction${notDrawn === 1 ? " is" : "s are"} in scope but not drawn (the EU and sub-national units).` : ""}`;
    if (single) {
      return `Across ${scopeText}${when}: ${c("met")} meet “${single.title}”, ${c("partial")} partly meet it, ${c("not_met")} do not, ${c("insufficient")} have too few cited answers to decide (insufficient evidence), ${c("unknown")} have none of its indicators researched, and ${tail}`;
    }
    const known = rows.filter((r) => r.category !== NO_ANSWER).map((r) => r.met + r.partial + r.not_met).sort((a, b) => a - b);
    const median = known.length ? known[Math.floor((known.length - 1) / 2)]! : 0;
    return (
      `Across ${scopeText}${when}: ${c("met")} meet most of the recommendations decided there (average ⅔ or more), ${c("partial")} partly meet them, ` +
      `${c("not_met")} meet few (average under ⅓), ${c("insufficient")} have fewer than half of the ${measured.length} recommendations decided (insufficient evidence), ${c("unknown")} have no indicator of any recommendation known, and ${tail}` +
      (known.length ? ` A colour needs at least half of the recommendations decided; the median jurisdiction with answers has ${median} of ${measured.length}.` : "")
    );
  };
  const categoryDefs = alignmentCategories(
    single ? { insufficient: "too few cited answers to decide", unknown: "none of its indicators researched", [NO_ANSWER]: "no answer recorded" } : AVERAGE_NOTES,
  );
  const { map, drawnOf } = placeOnMap(rows, categoryDefs, Boolean(query.group), { title, explanation, summary }, nameOf);
  for (const r of rows) r.drawn = drawnOf.get(r.code) ?? "no";
  return { map, rows };
}

/**
 * The alignment map for the overview (or any page): per country, how many recommendations it meets, partly
 * meets, does not meet or cannot be told; coloured by the rule in AVERAGE_RULE (or, with `recommendationId`,
 * by its alignment with that one recommendation). `map.explanation` is the rule in one line.
 */
/**
 * The alignment map and its table, cached until the answers or catalogues change (a second or more with thousands
 * of jurisdictions). Shared between requests: not to be modified.
 */
function cachedAlignmentMap(db: Db, query: MapQuery): Promise<{ map: MapData; rows: MapRow[] }> {
  return cachedUntilChanged(db, ["knowledge"], `map:${query.group ?? ""}:${query.asOf ?? ""}:${query.recommendation ?? ""}`, () => computeAlignmentMap(db, query));
}

export async function alignmentMap(db: Db, options: { group: string | null; asOf: string | null; recommendationId?: string | null }): Promise<MapData> {
  return (await cachedAlignmentMap(db, { group: options.group, asOf: options.asOf, recommendation: options.recommendationId ?? null })).map;
}

/**
 * A map of one indicator's answers (met, partial, not met, pending, reserved, unknown; "no answer" without a
 * stored answer), for pages about one indicator. Cached until the answers or catalogues change; shared, not to be modified.
 */
export function indicatorMap(db: Db, options: { indicatorId: string; group: string | null; asOf: string | null }): Promise<MapData> {
  const key = `indicator-map:${options.indicatorId}:${options.group ?? ""}:${options.asOf ?? ""}`;
  return cachedUntilChanged(db, ["knowledge"], key, () => computeIndicatorMap(db, options));
}

async function computeIndicatorMap(db: Db, options: { indicatorId: string; group: string | null; asOf: string | null }): Promise<MapData> {
  const [cells, jurisdictions, groups, indicator] = await Promise.all([
    queryAnswerValues(db, { indicators: [options.indicatorId], group: options.group ?? undefined, asOf: options.asOf ?? undefined }),
    db.selectFrom("jurisdiction").select(["code", "name", "kind"]).execute(),
    listGroupsWithMembers(db),
    db.selectFrom("indicator").select(["id", "question"]).where("id", "=", options.indicatorId).executeTakeFirst(),
  ]);
  if (!indicator) throw new BadQueryError("indicator", `There is no indicator "${options.indicatorId}".`);
  const kindOf = new Map(jurisdictions.map((j) => [j.code, j.kind]));
  const nameOf = new Map(jurisdictions.map((j) => [j.code, j.name]));
  const scope: Placed[] = cells.map((c) => ({
    code: c.jurisdiction_code,
    name: c.jurisdiction_name,
    kind: kindOf.get(c.jurisdiction_code) ?? "state",
    category: c.origin === null ? NO_ANSWER : c.value,
  }));
  const group = groups.find((g) => g.id === options.group) ?? null;
  const scopeText = group ? `the ${group.name} (${group.members.length})` : `the ${scope.length} jurisdictions with a cited answer to any indicator`;
  const { map } = placeOnMap(
    scope,
    valueCategories(),
    Boolean(options.group),
    {
      title: `Answers to “${indicator.question}”, by country`,
      explanation: "Each country's colour is its answer to this indicator; no answer when Harmonia has none stored for it.",
      summary: (counts) =>
        `Across ${scopeText}${options.asOf ? `, as the law stood on ${options.asOf}` : ""}: ${valueCategories()
          .map((c) => `${counts[c.id] ?? 0} ${c.label.toLowerCase()}`)
          .join(", ")}.`,
    },
    nameOf,
  );
  return map;
}

// ---------------------------------------------------------------------------------------------------------
// /map page and its exports
// ---------------------------------------------------------------------------------------------------------

export const MAP_COLUMNS = [
  "code",
  "name",
  "kind",
  "drawn",
  "category",
  ...ALIGNMENTS,
  "recommendations",
  "score",
  "share_met",
  "group",
  "as_of",
  "recommendation_id",
] as const;

export async function mapPage(db: Db, query: MapQuery) {
  const [{ map, rows }, recommendations, groups, freshness] = await Promise.all([
    cachedAlignmentMap(db, query),
    listRecommendations(db),
    listGroupsWithMembers(db),
    dataFreshness(db),
  ]);
  return {
    map,
    rows,
    query,
    groups: groups.map((g) => ({ id: g.id, name: g.name, members: g.members.length })),
    recommendations: recommendations.filter((r) => r.indicators.length > 0).map((r) => ({ id: r.id, title: r.title })),
    lastUpdated: freshness.lastUpdated,
    sources: freshness.sources,
  };
}

/** `/map/export.csv` and `.json`: one row per jurisdiction in the map's table, for the same URL filters. */
export async function mapExport(db: Db, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const query = await readMapQuery(db, url);
    const { rows } = await cachedAlignmentMap(db, query);
    const context = { group: query.group ?? "", as_of: query.asOf ?? "", recommendation_id: query.recommendation ?? "" };
    return exportResponse(
      format,
      "map",
      MAP_COLUMNS,
      rows.map((r) => ({ ...r, ...context })),
      { group: query.group, as_of: query.asOf, recommendation_id: query.recommendation },
    );
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

const COUNT_HELP: Record<Alignment, string> = {
  met: `Recommendations the jurisdiction meets (${ALIGNMENT_LABEL.met}); with a recommendation filter, 1 or 0.`,
  partial: "Recommendations it partly meets.",
  not_met: "Recommendations it does not meet.",
  insufficient: "Recommendations with some cited answers, too few to decide (insufficient evidence).",
  unknown: "Recommendations none of whose indicators has been researched.",
};

/** Data dictionary entry for the map's export; add `...MAP_DICTIONARY` to methodology's dictionary. */
export const MAP_DICTIONARY = [
  {
    name: "world map (/map/export.csv)",
    description: `The jurisdictions of the world map with the category they are coloured by. ${AVERAGE_RULE}`,
    parameters: {
      group: "A group id (see /api/v1/groups): its members; countries outside it are drawn white and not exported. Default: every jurisdiction with a cited answer and every country on the map.",
      as_of: "YYYY-MM-DD: answers as they stood on that date; default: the latest.",
      recommendation: "A recommendation id measured by indicators: colour by the alignment with it alone.",
    },
    columns: describeColumns(MAP_COLUMNS, {
      code: "Jurisdiction code (ISO 3166-1 alpha-2; ISO 3166-2 for sub-national units; EU).",
      name: "Jurisdiction name.",
      kind: "state, subnational or supranational.",
      drawn: "outline (drawn as its outline), dot (a small State drawn as a dot) or no (the EU and sub-national units are not on the map).",
      category: "The colour category: met, partial, not_met, unknown, or none (no stored answer).",
      ...COUNT_HELP,
      recommendations: "Recommendations counted: all measured by indicators, or 1 with a recommendation filter.",
      score: "Average alignment over the recommendations with a known alignment (met 1, partial 0.5, not met 0), 2 decimals; empty when none is known.",
      share_met: "Share of the recommendations with a known alignment that are met, 2 decimals; empty when none is known.",
      group: "Group filter; empty for all.",
      as_of: "Date filter; empty for the latest answers.",
      recommendation_id: "Recommendation filter; empty for the average over all.",
    }),
  },
];
