import type { Kysely } from "kysely";
import { cachedUntilChanged } from "../../db/repositories/data-version";
import { listGroupsWithMembers, listIndicators, queryAnswerValues, queryAssessments } from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import { VALUES, VALUE_LABEL } from "../components/DistributionChart";
import { dualCriminality, isGap, type DualCriminality } from "../components/Matrix";
import { describeColumns, exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError, readGapQuery, type GapQuery } from "./overview.server";
import type { Value } from "../../domain/alignment";
import { dataFreshness } from "../../db/repositories/freshness";

/**
 * /indicators and /indicators/:id: the catalogue with answer counts, and one indicator's distribution of
 * answers, dual-criminality matrix (offence indicators) and the laws its answers cite — for a group and date.
 */

/** The matrix shows at most this many jurisdictions (30 × 30 cells still read on a page and in print). */
export const MATRIX_LIMIT = 30;

export const CATALOGUE_COLUMNS = ["indicator_id", "topic_id", "question", "is_offence", ...VALUES, "jurisdictions", "group", "as_of"] as const;
export const DISTRIBUTION_COLUMNS = ["indicator_id", "value", "label", "meaning", "jurisdictions", "share", "jurisdiction_codes", "group", "as_of"] as const;
export const MATRIX_COLUMNS = ["a", "b", "a_value", "b_value", "dual_criminality"] as const;
export const LAW_COLUMNS = ["indicator_id", "instrument_title", "urls", "provisions", "jurisdictions", "jurisdiction_codes", "group", "as_of"] as const;

type Db = Kysely<Database>;

async function groupChoices(db: Db, query: GapQuery) {
  const groups = (await listGroupsWithMembers(db)).map((g) => ({ id: g.id, name: g.name, members: g.members.length }));
  return { groups, group: groups.find((g) => g.id === query.group) ?? null };
}

const emptyCounts = (): Record<Value, number> => ({ met: 0, partial: 0, not_met: 0, pending: 0, reserved: 0, unknown: 0 });

/** Every indicator by topic, with how many jurisdictions in scope give each answer. */
export async function indicatorCatalogue(db: Db, query: GapQuery) {
  const [indicators, topics, cells, choices, freshness] = await Promise.all([
    listIndicators(db),
    db.selectFrom("topic").selectAll().orderBy("id").execute(),
    queryAnswerValues(db, { group: query.group ?? undefined, asOf: query.asOf ?? undefined }),
    groupChoices(db, query),
    dataFreshness(db),
  ]);
  const counts = new Map(indicators.map((i) => [i.id, emptyCounts()]));
  for (const c of cells) counts.get(c.indicator_id)![c.value]++;
  const jurisdictions = new Set(cells.map((c) => c.jurisdiction_code)).size;
  const rows = indicators.map((i) => ({ id: i.id, topic_id: i.topic_id, question: i.question, is_offence: i.is_offence, counts: counts.get(i.id)! }));
  return {
    ...choices,
    query,
    jurisdictions,
    topics: topics
      .map((t) => ({ id: t.id, name: t.name, description: t.description, indicators: rows.filter((r) => r.topic_id === t.id) }))
      .filter((t) => t.indicators.length > 0),
    lastUpdated: freshness.lastUpdated,
    sources: freshness.sources,
  };
}

export interface MatrixPair {
  a: string;
  b: string;
  a_value: Value;
  b_value: Value;
  dual_criminality: DualCriminality;
}

/** One indicator for a group and date; null when the indicator does not exist. */
/** Cached until the answers or catalogues change; shared between requests, not to be modified. */
export function indicatorDetail(db: Db, id: string, query: GapQuery) {
  return cachedUntilChanged(db, ["knowledge"], `indicator:${id}:${query.group ?? ""}:${query.asOf ?? ""}`, () => computeIndicatorDetail(db, id, query));
}

async function computeIndicatorDetail(db: Db, id: string, query: GapQuery) {
  const indicator = (await listIndicators(db)).find((i) => i.id === id);
  if (!indicator) return null;
  const [cells, choices, freshness, topic] = await Promise.all([
    queryAssessments(db, { indicators: [id], group: query.group ?? undefined, asOf: query.asOf ?? undefined }),
    groupChoices(db, query),
    dataFreshness(db, { indicators: [id] }),
    db.selectFrom("topic").select(["id", "name"]).where("id", "=", indicator.topic_id).executeTakeFirst(),
  ]);

  const total = cells.length;
  const distribution = VALUES.map((value) => {
    const codes = cells.filter((c) => c.value === value).map((c) => c.jurisdiction_code);
    return {
      value,
      label: VALUE_LABEL[value],
      meaning: value === "unknown" ? "No cited answer has been recorded yet." : (indicator.answer_scale[value] ?? ""),
      count: codes.length,
      share: total === 0 ? 0 : Math.round((codes.length / total) * 1000) / 1000,
      jurisdiction_codes: codes,
    };
  });

  const known = cells.filter((c) => c.value !== "unknown");
  const shown = known.slice(0, MATRIX_LIMIT);
  const pairs: MatrixPair[] = [];
  let gaps = 0;
  if (indicator.is_offence) {
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const a = shown[i]!;
        const b = shown[j]!;
        pairs.push({ a: a.jurisdiction_code, b: b.jurisdiction_code, a_value: a.value, b_value: b.value, dual_criminality: dualCriminality(a.value, b.value) });
        if (isGap(a.value, b.value)) gaps++;
      }
    }
  }
  const pairCounts: Record<DualCriminality, number> = { yes: 0, no: 0, partly: 0, unknown: 0 };
  for (const p of pairs) pairCounts[p.dual_criminality]++;

  const laws = new Map<string, { title: string; urls: Map<string, Set<string>>; jurisdictions: Set<string> }>();
  for (const c of known) {
    for (const citation of c.citations) {
      const law = laws.get(citation.instrumentTitle) ?? { title: citation.instrumentTitle, urls: new Map(), jurisdictions: new Set() };
      const provisions = law.urls.get(citation.url) ?? new Set<string>();
      if (citation.provision) provisions.add(citation.provision);
      law.urls.set(citation.url, provisions);
      law.jurisdictions.add(c.jurisdiction_code);
      laws.set(citation.instrumentTitle, law);
    }
  }
  const lawRows = [...laws.values()]
    .map((l) => ({
      title: l.title,
      links: [...l.urls].map(([url, provisions]) => ({ url, provisions: [...provisions].sort() })),
      jurisdictions: [...l.jurisdictions].sort(),
    }))
    .sort((x, y) => y.jurisdictions.length - x.jurisdictions.length || x.title.localeCompare(y.title));

  return {
    indicator: { ...indicator, topic_name: topic?.name ?? indicator.topic_id },
    ...choices,
    query,
    jurisdictions: total,
    distribution,
    matrix: indicator.is_offence
      ? {
          jurisdictions: shown.map((c) => ({ code: c.jurisdiction_code, name: c.jurisdiction_name, value: c.value })),
          known: known.length,
          capped: known.length > MATRIX_LIMIT,
          pairs,
          pairCounts,
          gaps,
        }
      : null,
    laws: lawRows,
    lastUpdated: freshness.lastUpdated,
    sources: freshness.sources,
  };
}

export type IndicatorDataset = "distribution" | "matrix" | "laws";

const notFound = (message: string) => jsonResponse({ error: message }, 404);

/** `/indicators.csv|json` (catalogue) and `/indicators/:id/{distribution,matrix,laws}.csv|json`: what the page shows, for the same URL filters. */
export async function indicatorExport(db: Db, format: ExportFormat, url: URL, target: { id: string; dataset: IndicatorDataset } | null): Promise<Response> {
  try {
    const query = await readGapQuery(db, url);
    const meta = { group: query.group, as_of: query.asOf };
    const context = { group: query.group ?? "", as_of: query.asOf ?? "" };
    if (!target) {
      const data = await indicatorCatalogue(db, query);
      const rows = data.topics.flatMap((t) =>
        t.indicators.map((i) => ({ indicator_id: i.id, topic_id: i.topic_id, question: i.question, is_offence: i.is_offence, ...i.counts, jurisdictions: data.jurisdictions, ...context })),
      );
      return exportResponse(format, "indicators", CATALOGUE_COLUMNS, rows, meta);
    }
    const detail = await indicatorDetail(db, target.id, query);
    if (!detail) return notFound(`There is no indicator "${target.id}". See /indicators for the catalogue.`);
    const name = `indicator-${target.id}-${target.dataset}`;
    const withIndicator = { indicator: target.id, ...meta };
    if (target.dataset === "distribution") {
      const rows = detail.distribution.map((d) => ({ indicator_id: target.id, ...d, jurisdictions: d.count, ...context }));
      return exportResponse(format, name, DISTRIBUTION_COLUMNS, rows, withIndicator);
    }
    if (target.dataset === "matrix") {
      if (!detail.matrix) return notFound(`"${target.id}" is not an offence indicator, so it has no dual-criminality matrix.`);
      return exportResponse(format, name, MATRIX_COLUMNS, detail.matrix.pairs as unknown as Record<string, unknown>[], {
        ...withIndicator,
        matrix_jurisdictions: detail.matrix.jurisdictions.map((j) => j.code),
        jurisdictions_with_answer: detail.matrix.known,
      });
    }
    const rows = detail.laws.map((l) => ({
      indicator_id: target.id,
      instrument_title: l.title,
      urls: l.links.map((x) => x.url),
      provisions: [...new Set(l.links.flatMap((x) => x.provisions))],
      jurisdictions: l.jurisdictions.length,
      jurisdiction_codes: l.jurisdictions,
      ...context,
    }));
    return exportResponse(format, name, LAW_COLUMNS, rows, withIndicator);
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

const FILTER_PARAMETERS = {
  group: "A group id (see /api/v1/groups); default: every jurisdiction with at least one cited answer.",
  as_of: "YYYY-MM-DD: the law in force on that date (each answer's effective date); default: today.",
};

const CONTEXT_HELP = {
  group: "Group id of the scope; empty for all jurisdictions with answers.",
  as_of: "The legal date asked; empty for today.",
};

const VALUE_HELP: Record<(typeof VALUES)[number], string> = {
  met: "Jurisdictions in scope answering met.",
  partial: "Jurisdictions answering partial.",
  not_met: "Jurisdictions answering not met.",
  pending: "Jurisdictions where a bill or signature is pending.",
  reserved: "Treaty parties with a reservation limiting the commitment.",
  unknown: "Jurisdictions in scope without a cited answer.",
};

/** Data-dictionary entries for the methodology page. */
export const INDICATOR_DICTIONARY = [
  {
    name: "indicator catalogue (/indicators.csv)",
    description: "Every indicator with the number of jurisdictions in scope giving each answer.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(CATALOGUE_COLUMNS, {
      indicator_id: "Indicator id (see /api/v1/indicators).",
      topic_id: "Topic of the indicator.",
      question: "The question the answers reply to.",
      is_offence: "true when the indicator describes criminal conduct (it has a dual-criminality matrix).",
      ...VALUE_HELP,
      jurisdictions: "Jurisdictions in scope.",
      ...CONTEXT_HELP,
    }),
  },
  {
    name: "indicator distribution (/indicators/:id/distribution.csv)",
    description: "How the jurisdictions in scope answer one indicator: one row per answer value.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(DISTRIBUTION_COLUMNS, {
      indicator_id: "Indicator id.",
      value: "met, partial, not_met, pending, reserved or unknown.",
      label: "The value as the page shows it.",
      meaning: "What the value means for this indicator (its answer scale).",
      jurisdictions: "Jurisdictions in scope giving this answer.",
      share: "Their share of the jurisdictions in scope (0–1, three decimals).",
      jurisdiction_codes: "Their codes, |-joined in CSV.",
      ...CONTEXT_HELP,
    }),
  },
  {
    name: "indicator dual-criminality matrix (/indicators/:id/matrix.csv)",
    description: `For an offence indicator: every pair of the jurisdictions shown in the matrix (those in scope with a cited answer, at most ${MATRIX_LIMIT} by code), once each.`,
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(MATRIX_COLUMNS, {
      a: "First jurisdiction code (the lower, alphabetically).",
      b: "Second jurisdiction code.",
      a_value: "a's answer to the indicator.",
      b_value: "b's answer.",
      dual_criminality:
        "yes: a crime in both (met); no: not a crime in at least one (not met, or only a pending bill); partly: a crime in both but only in part (partial or reserved) in one; unknown: no cited answer on one side.",
    }),
  },
  {
    name: "indicator laws cited (/indicators/:id/laws.csv)",
    description: "The laws, bills and treaties the answers in scope cite, one row per instrument title.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(LAW_COLUMNS, {
      indicator_id: "Indicator id.",
      instrument_title: "Title of the cited instrument, as the citation gives it.",
      urls: "Official URLs cited for it, |-joined in CSV.",
      provisions: "Provisions cited, |-joined in CSV.",
      jurisdictions: "How many jurisdictions cite it.",
      jurisdiction_codes: "Their codes, |-joined in CSV.",
      ...CONTEXT_HELP,
    }),
  },
];
