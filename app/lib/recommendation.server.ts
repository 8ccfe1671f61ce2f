import type { Kysely } from "kysely";
import { cachedUntilChanged } from "../../db/repositories/data-version";
import { dataFreshness } from "../../db/repositories/freshness";
import { listGroupsWithMembers, listIndicators, listRecommendations, queryAssessments } from "../../db/repositories/knowledge";
import { cellHistory, cellKey, instrumentsInProgress, recordsByCell } from "../../db/repositories/progress";
import type { Database } from "../../db/schema";
import { describeColumns, exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError, readGapQuery, recommendationGaps, type GapQuery } from "./overview.server";
import { ALIGNMENTS, combine, emptyCounts, knownCount, type Alignment, type CombineRule, type Value } from "../../domain/alignment";
import { bandOn, PROGRESS_BANDS, type ProgressBand } from "../../domain/progress";
import { needsRecheck } from "../../domain/valid-time";

/**
 * /recommendations and /recommendations/:id: alignment with each recommendation for a group and date,
 * and the follow-up since the brief's baseline: progress month by month from the answer history, who
 * moved on what evidence, and what is still pending.
 */

/**
 * The brief's baseline: progress is counted from its launch, 1 November 2024 (New Frontiers, OSCE OSR/CTHB and
 * the Bali Process RSO, launched in Vienna; see the document record `new-frontiers`).
 */
export const BASELINE_DATE = "2024-11-01";

/** At most this many history rows and bills are listed on the page; the exports have them all. */
export const PAGE_ROWS = 50;
/** Jurisdictions listed on a recommendation's page: more than any real scope has (326 jurisdictions); the CSV has all. */
export const ALIGNMENT_ROWS = 400;

export const LIST_COLUMNS = ["recommendation_id", "title", "addressee", "combine_rule", "indicators", ...ALIGNMENTS, "jurisdictions", "group", "as_of"] as const;
export const ALIGNMENT_COLUMNS = ["recommendation_id", "jurisdiction_code", "jurisdiction_name", "alignment", "indicators", "values", "known_indicators", "group", "as_of"] as const;
export const PROGRESS_COLUMNS = ["recommendation_id", "date", ...PROGRESS_BANDS, "jurisdictions", "group"] as const;
export const CHANGE_COLUMNS = [
  "recommendation_id",
  "jurisdiction_code",
  "indicator_id",
  "old_value",
  "new_value",
  "effective_from",
  "effective_basis",
  "verified_on",
  "changed_at",
  "changed_by",
  "change_reason",
  "instrument_title",
  "provision",
  "citation_url",
] as const;
export const PENDING_COLUMNS = ["recommendation_id", "kind", "jurisdiction_code", "indicator_id", "title", "stage", "date", "verified_on", "needs_recheck", "url", "topics"] as const;

type Db = Kysely<Database>;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The dates of the progress series: the baseline, every month-end after it and before `end`, and `end`
 * itself. If `end` is before the baseline, only `end`.
 */
export function progressDates(end: string, baseline = BASELINE_DATE): string[] {
  if (end <= baseline) return [end];
  const dates = [baseline];
  const [y, m] = baseline.split("-").map(Number) as [number, number];
  for (let month = m; ; month++) {
    // Day 0 of the next month is the last day of this one (UTC, no time-zone drift).
    const monthEnd = isoDay(new Date(Date.UTC(y, month, 0)));
    if (monthEnd >= end) break;
    if (monthEnd > baseline) dates.push(monthEnd);
  }
  dates.push(end);
  return dates;
}

async function groupChoices(db: Db, query: GapQuery) {
  const all = await listGroupsWithMembers(db);
  const groups = all.map((g) => ({ id: g.id, name: g.name, members: g.members.length }));
  return { groups, group: groups.find((g) => g.id === query.group) ?? null, memberCodes: all.find((g) => g.id === query.group)?.members ?? null };
}

/** Every recommendation with its alignment counts for the group and date (null when no indicator measures it). */
export async function recommendationList(db: Db, query: GapQuery) {
  const [recommendations, gaps, freshness] = await Promise.all([listRecommendations(db), recommendationGaps(db, query), dataFreshness(db)]);
  const countsOf = new Map(gaps.gaps.map((g) => [g.id, { met: g.met, partial: g.partial, not_met: g.not_met, insufficient: g.insufficient, unknown: g.unknown }]));
  return {
    groups: gaps.groups,
    group: gaps.group,
    query,
    jurisdictions: gaps.jurisdictions,
    recommendations: recommendations.map((r) => ({
      id: r.id,
      title: r.title,
      addressee: r.addressee,
      combine_rule: r.combine_rule,
      indicators: r.indicators,
      measurement_note: r.measurement_note,
      counts: countsOf.get(r.id) ?? null,
    })),
    lastUpdated: freshness.lastUpdated,
    sources: freshness.sources,
  };
}

export interface JurisdictionAlignment {
  jurisdiction_code: string;
  jurisdiction_name: string;
  alignment: Alignment;
  values: Value[];
  known_indicators: number;
}

/** One recommendation's follow-up for a group and date; null when it does not exist. `today` is injectable for tests. */
export function recommendationDetail(db: Db, id: string, query: GapQuery, today = isoDay(new Date())) {
  // Progress is computed from every answer's history (a second with thousands of jurisdictions): cached until the
  // answers, catalogues or instruments (bills in progress) change. Shared between requests: not to be modified.
  const key = `recommendation:${id}:${query.group ?? ""}:${query.asOf ?? ""}:${today}`;
  return cachedUntilChanged(db, ["knowledge", "instruments"], key, () => computeRecommendationDetail(db, id, query, today));
}

async function computeRecommendationDetail(db: Db, id: string, query: GapQuery, today: string) {
  const recommendation = (await listRecommendations(db)).find((r) => r.id === id);
  if (!recommendation) return null;
  const rule = recommendation.combine_rule as CombineRule;
  const [allIndicators, choices, freshness, topics] = await Promise.all([
    listIndicators(db),
    groupChoices(db, query),
    dataFreshness(db, { indicators: recommendation.indicators }),
    db.selectFrom("topic").select(["id", "name"]).execute(),
  ]);
  const indicators = recommendation.indicators.map((i) => allIndicators.find((x) => x.id === i)!).filter(Boolean);
  const measured = indicators.length > 0;
  const indicatorTopics = [...new Set(indicators.map((i) => i.topic_id))].sort();
  const topicName = new Map(topics.map((t) => [t.id, t.name]));

  // Alignment now (or as of the chosen date), per jurisdiction in scope.
  const cells = measured
    ? await queryAssessments(db, { indicators: recommendation.indicators, group: query.group ?? undefined, asOf: query.asOf ?? undefined })
    : [];
  const byJurisdiction = new Map<string, { name: string; values: Map<string, Value> }>();
  for (const c of cells) {
    const entry = byJurisdiction.get(c.jurisdiction_code) ?? { name: c.jurisdiction_name, values: new Map() };
    entry.values.set(c.indicator_id, c.value);
    byJurisdiction.set(c.jurisdiction_code, entry);
  }
  const alignment: JurisdictionAlignment[] = [...byJurisdiction].map(([code, e]) => {
    const values = recommendation.indicators.map((i) => e.values.get(i) ?? "unknown");
    return { jurisdiction_code: code, jurisdiction_name: e.name, alignment: combine(rule, values), values, known_indicators: knownCount(values) };
  });
  const counts = emptyCounts();
  for (const a of alignment) counts[a.alignment]++;

  // Progress: a fixed scope (the group's members, or every jurisdiction with an answer today), so the
  // lines are comparable from month to month; a jurisdiction without an answer yet counts as unknown.
  const scope =
    choices.memberCodes ??
    (await db.selectFrom("assessment").select("jurisdiction_code").distinct().orderBy("jurisdiction_code").execute()).map((r) => r.jurisdiction_code);
  const history = measured ? await cellHistory(db, { indicators: recommendation.indicators, jurisdictions: scope }) : [];
  const end = query.asOf && query.asOf < today ? query.asOf : today;
  // Legal time: each point counts the answers in effect on its date; undated answers are their own band throughout.
  const records = recordsByCell(history);
  const series = measured
    ? progressDates(end).map((date) => {
        const point = Object.fromEntries(PROGRESS_BANDS.map((b) => [b, 0])) as Record<ProgressBand, number>;
        for (const j of scope) point[bandOn(rule, recommendation.indicators.map((i) => records.get(cellKey(j, i)) ?? []), date)]++;
        return { date, ...point };
      })
    : [];

  // Who moved: the answers of the current records that took effect after the baseline, by effective date, newest first.
  const changes = [...records.values()]
    .flat()
    .filter((h) => h.effective_from !== null && h.effective_from > BASELINE_DATE && h.effective_from <= end && h.value !== "unknown")
    .sort((a, b) => (a.effective_from! < b.effective_from! ? 1 : a.effective_from! > b.effective_from! ? -1 : b.id - a.id))
    .map((h) => ({
      jurisdiction_code: h.jurisdiction_code,
      indicator_id: h.indicator_id,
      old_value: h.previous_value,
      new_value: h.value,
      effective_from: h.effective_from,
      effective_basis: h.effective_basis,
      verified_on: h.verified_on,
      changed_at: h.changed_at.toISOString(),
      changed_by: h.changed_by,
      change_reason: h.change_reason,
      instrument_title: h.citations[0]?.instrumentTitle ?? "",
      provision: h.citations[0]?.provision ?? "",
      citation_url: h.citations[0]?.url ?? "",
    }));

  // What is pending: answers waiting on a bill or signature, and bills in progress where the recommendation is not met.
  const pendingAnswers = cells
    .filter((c) => c.value === "pending")
    .map((c) => ({
      jurisdiction_code: c.jurisdiction_code,
      indicator_id: c.indicator_id,
      rationale: c.rationale,
      effective_from: c.effective_from,
      verified_on: c.verified_on,
      needs_recheck: needsRecheck({ value: c.value, verifiedOn: c.verified_on }, today),
      citation: c.citations[0] ?? null,
    }));
  // Where the recommendation is not known to be met: not met, partly met, or too little known to decide.
  const notMet = alignment.filter((a) => a.alignment !== "met").map((a) => a.jurisdiction_code);
  const bills = await instrumentsInProgress(db, { jurisdictions: notMet, topics: indicatorTopics, limit: 1000 });
  const pendingBills = bills.map((b) => ({ ...b, topics: b.topics.filter((t) => indicatorTopics.includes(t)) }));

  return {
    recommendation: {
      id: recommendation.id,
      title: recommendation.title,
      quote: recommendation.quote,
      document: recommendation.document,
      source: recommendation.source,
      locator: recommendation.locator,
      reference_url: recommendation.reference_url,
      addressee: recommendation.addressee,
      combine_rule: rule,
      measurement_note: recommendation.measurement_note,
      current_version: recommendation.current_version,
      earlier_versions: recommendation.earlier_versions,
    },
    indicators: indicators.map((i) => ({ id: i.id, question: i.question, topic_id: i.topic_id, topic_name: topicName.get(i.topic_id) ?? i.topic_id })),
    topics: indicatorTopics.map((t) => ({ id: t, name: topicName.get(t) ?? t })),
    groups: choices.groups,
    group: choices.group,
    query,
    baseline: BASELINE_DATE,
    seriesEnd: end,
    seriesScope: scope.length,
    jurisdictions: alignment.length,
    counts,
    alignment,
    series,
    changes,
    pendingAnswers,
    pendingBills,
    notMetJurisdictions: notMet.length,
    lastUpdated: freshness.lastUpdated,
    sources: freshness.sources,
  };
}

export type RecommendationDataset = "alignment" | "progress" | "changes" | "pending";

/** `/recommendations.csv|json` (the list) and `/recommendations/:id/{alignment,progress,changes,pending}.csv|json`. */
export async function recommendationExport(
  db: Db,
  format: ExportFormat,
  url: URL,
  target: { id: string; dataset: RecommendationDataset } | null,
  today?: string,
): Promise<Response> {
  try {
    const query = await readGapQuery(db, url);
    const meta = { group: query.group, as_of: query.asOf };
    const context = { group: query.group ?? "", as_of: query.asOf ?? "" };
    if (!target) {
      const data = await recommendationList(db, query);
      const rows = data.recommendations.map((r) => ({
        recommendation_id: r.id,
        ...r,
        ...(r.counts ?? { met: null, partial: null, not_met: null, insufficient: null, unknown: null }),
        jurisdictions: data.jurisdictions,
        ...context,
      }));
      return exportResponse(format, "recommendations", LIST_COLUMNS, rows, meta);
    }
    const detail = await recommendationDetail(db, target.id, query, today);
    if (!detail) return jsonResponse({ error: `There is no recommendation "${target.id}". See /recommendations for the list.` }, 404);
    const name = `recommendation-${target.id}-${target.dataset}`;
    const base = { recommendation_id: target.id };
    const indicatorIds = detail.indicators.map((i) => i.id);
    if (target.dataset === "alignment") {
      const rows = detail.alignment.map((a) => ({ ...base, ...a, indicators: indicatorIds, ...context }));
      return exportResponse(format, name, ALIGNMENT_COLUMNS, rows, { recommendation: target.id, combine_rule: detail.recommendation.combine_rule, ...meta });
    }
    if (target.dataset === "progress") {
      const rows = detail.series.map((p) => ({ ...base, ...p, jurisdictions: detail.seriesScope, group: context.group }));
      return exportResponse(format, name, PROGRESS_COLUMNS, rows, { recommendation: target.id, baseline: detail.baseline, end: detail.seriesEnd, group: query.group });
    }
    if (target.dataset === "changes") {
      return exportResponse(format, name, CHANGE_COLUMNS, detail.changes.map((c) => ({ ...base, ...c })), { recommendation: target.id, ...meta });
    }
    const rows = [
      ...detail.pendingAnswers.map((p) => ({
        ...base,
        kind: "answer",
        jurisdiction_code: p.jurisdiction_code,
        indicator_id: p.indicator_id,
        title: p.citation?.instrumentTitle ?? "",
        stage: "pending",
        date: p.effective_from,
        verified_on: p.verified_on,
        needs_recheck: p.needs_recheck,
        url: p.citation?.url ?? "",
        topics: [],
      })),
      ...detail.pendingBills.map((b) => ({
        ...base,
        kind: "instrument",
        jurisdiction_code: b.jurisdiction_code,
        indicator_id: "",
        title: b.title,
        stage: b.stage,
        date: b.introduced_on,
        verified_on: "",
        needs_recheck: "",
        url: b.official_url,
        topics: b.topics,
      })),
    ];
    return exportResponse(format, name, PENDING_COLUMNS, rows, { recommendation: target.id, ...meta });
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
  as_of: "The legal date asked (law in force on that day); empty for today."
};

const COUNT_HELP: Record<Alignment, string> = {
  met: "Jurisdictions in scope whose answers meet the recommendation.",
  partial: "Jurisdictions that partly meet it.",
  not_met: "Jurisdictions that do not meet it.",
  insufficient: "Jurisdictions with some cited answers, too few to decide under the recommendation's rule (insufficient evidence).",
  unknown: "Jurisdictions where none of its indicators has been researched.",
};

/** Data-dictionary entries for the methodology page. */
export const RECOMMENDATION_DICTIONARY = [
  {
    name: "recommendations with alignment (/recommendations.csv)",
    description: "Every recommendation with its alignment counts for the group and date; counts are empty for a recommendation no indicator measures.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(LIST_COLUMNS, {
      recommendation_id: "Recommendation id (see /api/v1/recommendations).",
      title: "Short title.",
      addressee: "Who is asked to act.",
      combine_rule: "How its indicators combine: all, any or mean (see Scoring).",
      indicators: "Indicator ids that measure it, |-joined in CSV.",
      ...COUNT_HELP,
      jurisdictions: "Jurisdictions in scope.",
      ...CONTEXT_HELP,
    }),
  },
  {
    name: "recommendation alignment per jurisdiction (/recommendations/:id/alignment.csv)",
    description: "Each jurisdiction in scope with its answers to the recommendation's indicators and the alignment they combine into.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(ALIGNMENT_COLUMNS, {
      recommendation_id: "Recommendation id.",
      jurisdiction_code: "Jurisdiction code.",
      jurisdiction_name: "Jurisdiction name.",
      alignment: "met, partial, not_met, insufficient (too few known to decide) or unknown (none known), by the recommendation's combine rule.",
      indicators: "The recommendation's indicator ids, |-joined in CSV.",
      values: "The jurisdiction's answer to each of those indicators, in the same order.",
      known_indicators: "How many of them have a cited answer (k of n known).",
      ...CONTEXT_HELP,
    }),
  },
  {
    name: "recommendation progress (/recommendations/:id/progress.csv)",
    description: `Alignment counts in legal time: on the baseline (${BASELINE_DATE}, the brief's launch), each month-end since, and today (or the as_of date), counting only answers whose effective date is established and on or before the date. Jurisdictions whose alignment rests on answers with no established date are their own band (undated) on every date, never a move. The scope is fixed: the group's members, or every jurisdiction with an answer today.`,
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(PROGRESS_COLUMNS, {
      recommendation_id: "Recommendation id.",
      date: "The date the counts stand on (ISO 8601).",
      ...COUNT_HELP,
      undated: "Jurisdictions whose alignment would rest on answers whose effective date is not established.",
      jurisdictions: "Jurisdictions in the (fixed) scope.",
      group: CONTEXT_HELP.group,
    }),
  },
  {
    name: "recommendation changes (/recommendations/:id/changes.csv)",
    description: "Changes in the law since the baseline: the answers to the recommendation's indicators in scope that took effect after the baseline, newest effective date first, with who recorded them and on what evidence.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(CHANGE_COLUMNS, {
      recommendation_id: "Recommendation id.",
      jurisdiction_code: "Jurisdiction code.",
      indicator_id: "Indicator id.",
      old_value: "The cell's value before this change; empty for its first answer.",
      new_value: "The value recorded.",
      effective_from: "The day the legal position took effect (valid time).",
      effective_basis: "How that date is established.",
      verified_on: "The day the provision or status page was read (recorded time).",
      changed_at: "When Harmonia recorded the change (ISO 8601 timestamp).",
      changed_by: "Who or what made it: source:<id> for a source, or an analyst.",
      change_reason: "Why, in the recorder's words.",
      instrument_title: "Title of the first cited instrument.",
      provision: "Provision cited.",
      citation_url: "Official URL cited.",
    }),
  },
  {
    name: "recommendation pending (/recommendations/:id/pending.csv)",
    description:
      "What is pending: answers whose value is pending (a bill or signature in progress), and bills introduced or through one chamber, on the indicators' topics, in jurisdictions that do not meet the recommendation.",
    parameters: FILTER_PARAMETERS,
    columns: describeColumns(PENDING_COLUMNS, {
      recommendation_id: "Recommendation id.",
      kind: "answer (a pending answer) or instrument (a bill in progress).",
      jurisdiction_code: "Jurisdiction code.",
      indicator_id: "For an answer, its indicator; empty for an instrument.",
      title: "The cited instrument (answer) or the bill's title.",
      stage: "pending for an answer; introduced or passed_chamber for a bill.",
      date: "The answer's effective date (the bill's introduction, when established), or the bill's introduction date.",
      verified_on: "For an answer, the day it was last verified.",
      needs_recheck: "For an answer, true when it was last verified more than 180 days ago: the bill may have moved since.",
      url: "Official URL.",
      topics: "For a bill, the recommendation's topics it is tagged with, |-joined in CSV.",
    }),
  },
];
