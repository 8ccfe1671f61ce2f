import { json } from "@remix-run/node";
import type { Kysely } from "kysely";
import {
  citedInstrumentsOfJurisdiction,
  findJurisdiction,
  historyOfJurisdiction,
  instrumentsOfJurisdiction,
} from "../../db/repositories/jurisdiction-view";
import { citedInstrumentId } from "../../domain/citations";
import { listGroupsWithMembers, listIndicators, listRecommendations, queryAnswerValues, queryAssessments, type AssessmentRow } from "../../db/repositories/knowledge";
import type { CitationJson, Database } from "../../db/schema";
import { isIsoDate } from "../../sources/curated/schema";
import { VALUES } from "../components/JurisdictionValue";
import { exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError } from "./overview.server";
import { combine, RULE_EXPLANATION, type Alignment, type CombineRule, type Value } from "../../domain/alignment";
import { dataFreshness } from "../../db/repositories/freshness";

export { VALUES };

/** Reads `as_of` (YYYY-MM-DD) from the URL; a malformed date is a BadQueryError naming `as_of`. */
export function readAsOf(url: URL): string | null {
  const asOf = url.searchParams.get("as_of")?.trim() || null;
  if (asOf && !isIsoDate(asOf)) throw new BadQueryError("as_of", `The date "${asOf}" is not a date in the form YYYY-MM-DD (for example 2026-01-31).`);
  return asOf;
}

/** 404 for a jurisdiction code in the path that Harmonia does not know. */
export function jurisdictionNotFound(code: string): Response {
  return json(
    { message: `There is no jurisdiction "${code}". Codes are ISO 3166-1 alpha-2 (GB), ISO 3166-2 for sub-national units (US-CA), or EU; see /jurisdictions.` },
    { status: 404, statusText: "Not found" },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Index: /jurisdictions
// ---------------------------------------------------------------------------------------------------------

export const INDEX_COLUMNS = ["code", "name", "kind", ...VALUES, "indicators", "group", "as_of"] as const;

export interface IndexQuery {
  group: string | null;
  asOf: string | null;
}

export async function readIndexQuery(db: Kysely<Database>, url: URL): Promise<IndexQuery> {
  const group = url.searchParams.get("group")?.trim() || null;
  if (group) {
    const exists = await db.selectFrom("jurisdiction_group").select("id").where("id", "=", group).executeTakeFirst();
    if (!exists) throw new BadQueryError("group", `There is no group "${group}". Choose one from the list (see /api/v1/groups).`);
  }
  return { group, asOf: readAsOf(url) };
}

const countValues = (values: Value[]) => {
  const counts = Object.fromEntries(VALUES.map((v) => [v, 0])) as Record<Value, number>;
  for (const v of values) counts[v]++;
  return counts;
};

/**
 * Jurisdictions with at least one stored answer (in the group, when one is chosen), each with how many of
 * the indicators it meets, partly meets, does not meet, has pending, has reserved, or has no cited answer for.
 */
export async function jurisdictionIndex(db: Kysely<Database>, query: IndexQuery) {
  const [cells, groups, kinds, indicators] = await Promise.all([
    queryAnswerValues(db, { group: query.group ?? undefined, asOf: query.asOf ?? undefined }),
    listGroupsWithMembers(db),
    db.selectFrom("jurisdiction").select(["code", "kind"]).execute(),
    db.selectFrom("indicator").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const kindOf = new Map(kinds.map((k) => [k.code, k.kind]));
  const byJurisdiction = new Map<string, { name: string; values: Value[]; stored: number }>();
  for (const c of cells) {
    const entry = byJurisdiction.get(c.jurisdiction_code) ?? { name: c.jurisdiction_name, values: [], stored: 0 };
    entry.values.push(c.value);
    if (c.origin !== null) entry.stored++;
    byJurisdiction.set(c.jurisdiction_code, entry);
  }
  const withAnswers = [...byJurisdiction.entries()].filter(([, e]) => e.stored > 0);
  const withoutAnswers = [...byJurisdiction.entries()].filter(([, e]) => e.stored === 0).map(([code]) => code);
  const rows = withAnswers.map(([code, e]) => ({
    code,
    name: e.name,
    kind: kindOf.get(code) ?? "state",
    ...countValues(e.values),
    indicators: e.values.length,
    group: query.group ?? "",
    as_of: query.asOf ?? "",
  }));
  const groupSummaries = groups.map((g) => ({ id: g.id, name: g.name, members: g.members.length }));
  const freshness = await dataFreshness(db, { jurisdictions: rows.map((r) => r.code) });
  return {
    rows,
    withoutAnswers,
    indicators: Number(indicators.n),
    groups: groupSummaries,
    group: groupSummaries.find((g) => g.id === query.group) ?? null,
    freshness,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Treaty dates read from a rationale
// ---------------------------------------------------------------------------------------------------------

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DATE = String.raw`(\d{4}-\d{2}-\d{2}|\d{1,2}(?:[-–]\d{1,2})?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4})`;

/** A date as written in a rationale, with its ISO 8601 form (an interval `start/end` for "25-26 Oct 2025"). */
export interface RationaleDate {
  text: string;
  /** ISO 8601: a date, or a `start/end` interval when the rationale gives a range of days. */
  iso: string;
  /** First day, for placing the date on a timeline. */
  start: string;
}

function toIsoDate(text: string): RationaleDate | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return isIsoDate(text) ? { text, iso: text, start: text } : null;
  const m = /^(\d{1,2})(?:[-–](\d{1,2}))?\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[3]!.toLowerCase()) + 1;
  const day = (d: string) => `${m[4]}-${String(month).padStart(2, "0")}-${d.padStart(2, "0")}`;
  const start = day(m[1]!);
  if (month === 0 || !isIsoDate(start)) return null;
  const end = m[2] ? day(m[2]) : null;
  if (end && !isIsoDate(end)) return null;
  return { text, iso: end ? `${start}/${end}` : start, start };
}

const SIGNED = new RegExp(String.raw`\bsign(?:ed|ature)(?: by succession)?(?: on| at the [^,;()]*,)?\s+${DATE}`, "i");
const BOUND = new RegExp(
  String.raw`\b(ratification|accession|acceptance|approval|succession|ratified|acceded|accepted|approved|bound since)(?:\s*\([^)]*\))?(?: deposited| on)?\s+${DATE}`,
  "i",
);
const IN_FORCE = new RegExp(String.raw`\bin force(?: on| since)?\s+${DATE}`, "i");
const DENOUNCED = new RegExp(String.raw`\bdenounced(?: on)?\s+${DATE}`, "i");

const CONSENT_KIND: Record<string, string> = {
  ratification: "ratification",
  ratified: "ratification",
  accession: "accession",
  acceded: "accession",
  acceptance: "acceptance",
  accepted: "acceptance",
  approval: "approval",
  approved: "approval",
  succession: "succession",
  "bound since": "consent to be bound",
};

export interface TreatyDates {
  signed: RationaleDate | null;
  /** Ratification, accession, acceptance, approval or succession: the date the State became bound. */
  bound: RationaleDate | null;
  boundBy: string | null;
  inForce: RationaleDate | null;
  denounced: RationaleDate | null;
}

/**
 * Signature and ratification (or accession…) dates as the treaty rationales state them: "Party: ratification
 * deposited 2006-02-09.", "Party by accession (a) on 2002-01-23; signed 2000-09-07 (UNTC…)", "Signed at the
 * Hanoi signing ceremony, 25-26 Oct 2025". A date after "by" or "until" is a deadline, not an action: not read.
 */
export function treatyDates(rationale: string): TreatyDates {
  const date = (re: RegExp, group: number) => {
    const m = re.exec(rationale);
    return m ? toIsoDate(m[group]!.replace(/\s+/g, " ")) : null;
  };
  const bound = BOUND.exec(rationale);
  return {
    signed: date(SIGNED, 1),
    bound: bound ? toIsoDate(bound[2]!.replace(/\s+/g, " ")) : null,
    boundBy: bound ? (CONSENT_KIND[bound[1]!.toLowerCase()] ?? bound[1]!.toLowerCase()) : null,
    inForce: date(IN_FORCE, 1),
    denounced: date(DENOUNCED, 1),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Detail: /jurisdictions/:code
// ---------------------------------------------------------------------------------------------------------

/** Citation columns exactly as /api/v1/assessments spells them. */
export function citationColumns(citations: CitationJson[]) {
  const [first, ...rest] = citations;
  return {
    instrument_title: first?.instrumentTitle ?? "",
    provision: first?.provision ?? "",
    citation_url: first?.url ?? "",
    quote: first?.quote ?? "",
    additional_citations: rest.length > 0 ? JSON.stringify(rest) : "",
  };
}

/** The indicator table's export: /api/v1/assessments' columns, plus the question and the treaty dates read from the rationale. */
export const INDICATOR_COLUMNS = [
  "jurisdiction_code",
  "jurisdiction_name",
  "indicator_id",
  "topic",
  "question",
  "value",
  "rationale",
  "instrument_title",
  "provision",
  "citation_url",
  "quote",
  "additional_citations",
  "effective_from",
  "date_status",
  "effective_basis",
  "verified_on",
  "origin",
  "confidence",
  "source_id",
  "signed_on",
  "bound_on",
] as const;

export const ALIGNMENT_COLUMNS = ["jurisdiction_code", "recommendation_id", "title", "combine_rule", "indicators", "answers", "alignment", "known", "as_of"] as const;

export const INSTRUMENT_COLUMNS = [
  "jurisdiction_code",
  "instrument_id",
  "title",
  "kind",
  "stage",
  "introduced_on",
  "enacted_on",
  "in_force_on",
  "topics",
  "official_url",
  "source_id",
] as const;

export const HISTORY_COLUMNS = [
  "jurisdiction_code",
  "changed_at",
  "changed_by",
  "change_reason",
  "indicator_id",
  "old_value",
  "new_value",
  "change_kind",
  "effective_from",
  "effective_basis",
  "verified_on",
  "origin",
  "confidence",
  "source_id",
  "rationale",
] as const;

export interface TimelineEvent {
  /** Row label: the instrument's or treaty's title. */
  label: string;
  /** ISO date (first day of a range). */
  date: string;
  kind: "introduced" | "enacted" | "in_force" | "provision" | "signed" | "bound";
  href: string;
  group: "instrument" | "treaty";
}

export interface IndicatorAnswer extends Omit<AssessmentRow, "value"> {
  value: Value;
  question: string;
  is_offence: boolean;
  /** For each citation, the id of the instrument it cites (an anchor on the page), or null. */
  cited_instruments: (number | null)[];
}

/**
 * Everything /jurisdictions/:code shows. The code must be exact (a lower-case code is redirected by the route);
 * an unknown one is a 404 Response thrown from here.
 */
export async function jurisdictionDetail(db: Kysely<Database>, code: string, asOf: string | null) {
  const jurisdiction = await findJurisdiction(db, code);
  if (!jurisdiction) throw jurisdictionNotFound(code);
  const [cells, indicators, recommendations, topics, instrumentList, cited, history, freshness, groups, parent] = await Promise.all([
    queryAssessments(db, { jurisdictions: [code], asOf: asOf ?? undefined }),
    listIndicators(db),
    listRecommendations(db),
    db.selectFrom("topic").selectAll().orderBy("id").execute(),
    instrumentsOfJurisdiction(db, code),
    citedInstrumentsOfJurisdiction(db, code),
    historyOfJurisdiction(db, code, asOf ?? undefined),
    dataFreshness(db, { jurisdictions: [code] }),
    db
      .selectFrom("group_membership")
      .innerJoin("jurisdiction_group", "jurisdiction_group.id", "group_membership.group_id")
      .select(["jurisdiction_group.id", "jurisdiction_group.name"])
      .where("group_membership.jurisdiction_code", "=", code)
      .orderBy("jurisdiction_group.name")
      .execute(),
    jurisdiction.parent_code ? findJurisdiction(db, jurisdiction.parent_code) : Promise.resolve(undefined),
  ]);
  const indicatorOf = new Map(indicators.map((i) => [i.id, i]));
  const citedId = new Map(cited.map((i) => [i.external_id, i.id]));
  const answers: IndicatorAnswer[] = cells.map((c) => ({
    ...c,
    value: c.value,
    question: indicatorOf.get(c.indicator_id)?.question ?? c.indicator_id,
    is_offence: indicatorOf.get(c.indicator_id)?.is_offence ?? false,
    cited_instruments: c.citations.map((x) => citedId.get(citedInstrumentId(code, x.instrumentTitle)) ?? null),
  }));
  const valueOf = new Map(answers.map((a) => [a.indicator_id, a.value]));
  // Topics in catalogue order (the order of their first indicator).
  const topicOrder = [...new Set(indicators.map((i) => i.topic_id))];
  const byTopic = topicOrder.map((id) => ({
    id,
    name: topics.find((t) => t.id === id)?.name ?? id,
    answers: answers.filter((a) => a.topic === id),
  }));

  const alignment = recommendations
    .filter((r) => r.indicators.length > 0)
    .map((r) => {
      const values = r.indicators.map((i) => ({ indicator_id: i, value: valueOf.get(i) ?? ("unknown" as Value) }));
      return {
        id: r.id,
        title: r.title,
        combine_rule: r.combine_rule as CombineRule,
        rule: RULE_EXPLANATION[r.combine_rule as CombineRule],
        values,
        known: values.filter((v) => v.value !== "unknown").length,
        alignment: combine(r.combine_rule as CombineRule, values.map((v) => v.value)) as Alignment,
      };
    });
  const unmeasured = recommendations.filter((r) => r.indicators.length === 0).map((r) => ({ id: r.id, title: r.title }));

  const treaties = answers
    .filter((a) => a.topic === "treaties")
    .map((a) => ({ ...a, dates: treatyDates(a.rationale), treaty: a.citations[0]?.instrumentTitle || a.question }));

  const inScope = (d: string | null): d is string => d !== null && (!asOf || d <= asOf);
  const events: TimelineEvent[] = [];
  for (const i of instrumentList.instruments) {
    const dates: [TimelineEvent["kind"], string | null][] = [
      ["introduced", i.introduced_on],
      ["enacted", i.enacted_on],
      ["in_force", i.in_force_on],
    ];
    for (const [kind, d] of dates) if (inScope(d)) events.push({ label: i.title, date: d, kind, href: i.official_url, group: "instrument" });
  }
  // A cited law's own dates are not known; the day each cited provision took effect in the form described is.
  const citedTitle = new Map(cited.map((i) => [i.id, i.title]));
  for (const a of answers) {
    if (a.topic === "treaties" || a.value === "unknown" || !inScope(a.effective_from)) continue;
    a.citations.forEach((c, n) => {
      const title = citedTitle.get(a.cited_instruments[n] ?? -1) ?? c.instrumentTitle;
      if (!events.some((e) => e.kind === "provision" && e.label === title && e.date === a.effective_from)) {
        events.push({ label: title, date: a.effective_from!, kind: "provision", href: c.url, group: "instrument" });
      }
    });
  }
  for (const t of treaties) {
    if (t.dates.signed && inScope(t.dates.signed.start)) events.push({ label: t.treaty, date: t.dates.signed.start, kind: "signed", href: t.citations[0]?.url ?? "", group: "treaty" });
    if (t.dates.bound && inScope(t.dates.bound.start)) events.push({ label: t.treaty, date: t.dates.bound.start, kind: "bound", href: t.citations[0]?.url ?? "", group: "treaty" });
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.label.localeCompare(b.label));

  return {
    jurisdiction: { ...jurisdiction, parent_name: parent?.name ?? null },
    groups,
    asOf,
    counts: countValues(answers.map((a) => a.value)),
    indicators: answers.length,
    byTopic,
    answers,
    alignment,
    unmeasured,
    treaties,
    instruments: instrumentList.instruments,
    instrumentTotal: instrumentList.total,
    cited,
    events,
    history: history.map((h) => ({ ...h, changed_at: h.changed_at.toISOString() })),
    freshness,
  };
}

export type JurisdictionDetail = Awaited<ReturnType<typeof jurisdictionDetail>>;

export function indicatorExportRows(d: JurisdictionDetail) {
  return d.answers.map((a) => {
    const dates = a.topic === "treaties" ? treatyDates(a.rationale) : null;
    return {
      ...a,
      ...citationColumns(a.citations),
      signed_on: dates?.signed?.iso ?? "",
      bound_on: dates?.bound?.iso ?? "",
    };
  });
}

export type JurisdictionTable = "indicators" | "alignment" | "instruments" | "history";

/** `/jurisdictions/:code/export.csv` (the indicator table) and the alignment, instruments and history tables. */
export async function jurisdictionExport(db: Kysely<Database>, code: string, table: JurisdictionTable, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const asOf = readAsOf(url);
    const jurisdiction = await findJurisdiction(db, code);
    if (!jurisdiction) return jsonResponse({ error: `There is no jurisdiction "${code}".`, parameter: "code" }, 404);
    const d = await jurisdictionDetail(db, code, asOf);
    const meta = { jurisdiction: code, as_of: asOf };
    if (table === "indicators") return exportResponse(format, `${code}-indicators`, INDICATOR_COLUMNS, indicatorExportRows(d), meta);
    if (table === "alignment") {
      const rows = d.alignment.map((a) => ({
        jurisdiction_code: code,
        recommendation_id: a.id,
        title: a.title,
        combine_rule: a.combine_rule,
        indicators: a.values.map((v) => v.indicator_id),
        answers: a.values.map((v) => `${v.indicator_id}=${v.value}`),
        alignment: a.alignment,
        known: a.known,
        as_of: asOf ?? "",
      }));
      return exportResponse(format, `${code}-alignment`, ALIGNMENT_COLUMNS, rows, meta);
    }
    if (table === "instruments") {
      const rows = d.instruments.map((i) => ({ ...i, jurisdiction_code: code, instrument_id: i.id }));
      return exportResponse(format, `${code}-instruments`, INSTRUMENT_COLUMNS, rows, { ...meta, total: d.instrumentTotal });
    }
    const rows = d.history.map((h) => ({ ...h, jurisdiction_code: code, old_value: h.old_value ?? "" }));
    return exportResponse(format, `${code}-history`, HISTORY_COLUMNS, rows, meta);
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

export async function indexExport(db: Kysely<Database>, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const query = await readIndexQuery(db, url);
    const { rows } = await jurisdictionIndex(db, query);
    return exportResponse(format, "jurisdictions-index", INDEX_COLUMNS, rows, { group: query.group, as_of: query.asOf });
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

export type { Freshness } from "../../db/repositories/freshness";

// ---------------------------------------------------------------------------------------------------------
// Data dictionary entries (rendered on /methodology)
// ---------------------------------------------------------------------------------------------------------

const ASSESSMENT_HELP = {
  jurisdiction_code: "Jurisdiction code (see /api/v1/jurisdictions).",
  jurisdiction_name: "Jurisdiction name.",
  indicator_id: "Indicator id (see /api/v1/indicators).",
  topic: "Topic of the indicator.",
  question: "The indicator's question.",
  value: "met, partial, not_met, pending, reserved or unknown; the indicator's answer scale says what each means.",
  rationale: "One line: why the value, in the assessor's words.",
  instrument_title: "Title of the law, bill or treaty cited.",
  provision: "Article, section or status entry cited.",
  citation_url: "Official URL of the cited text or status page.",
  quote: "Verbatim text of the provision, when recorded.",
  additional_citations: "Further citations as JSON, when an answer rests on more than one text.",
  effective_from: "The day the legal position took effect (valid time); empty when not established.",
  date_status: "established, not_established (in force when verified, date not established) or not_in_force_yet.",
  effective_basis: "How the effective date is established, or why it is not.",
  verified_on: "The day the provision or status page was read (recorded time).",
  origin: "curated, ingested or analyst; empty for unknown.",
  confidence: "high, medium or low: how firmly the citation supports the value.",
  source_id: "Source that wrote the answer (see /api/v1/sources).",
  signed_on: "Treaty indicators: signature date read from the rationale (ISO 8601; a start/end interval when a range of days is given); empty otherwise.",
  bound_on: "Treaty indicators: date of ratification, accession, acceptance, approval or succession read from the rationale; empty otherwise.",
} satisfies Record<(typeof INDICATOR_COLUMNS)[number], string>;

const cols = <C extends string>(names: readonly C[], help: Record<C, string>) => names.map((name) => ({ name, description: help[name] }));

/** Data dictionary entries for the jurisdiction pages' exports; add `...JURISDICTION_DICTIONARY` to methodology's dictionary. */
export const JURISDICTION_DICTIONARY = [
  {
    name: "jurisdictions index (/jurisdictions/export.csv)",
    description: "Jurisdictions with at least one stored answer, with how many indicators have each value.",
    parameters: { group: "A group id: only its members.", as_of: "YYYY-MM-DD: the law in force on that date (default: today)." },
    columns: cols(INDEX_COLUMNS, {
      code: "Jurisdiction code.",
      name: "Jurisdiction name.",
      kind: "state, subnational or supranational.",
      met: "Indicators answered met.",
      partial: "Indicators answered partial.",
      not_met: "Indicators answered not met.",
      pending: "Indicators answered pending (a bill or signature in progress).",
      reserved: "Indicators answered reserved (a treaty reservation on virtual material).",
      unknown: "Indicators with no cited answer.",
      indicators: "Indicators in the catalogue (the sum of the six counts).",
      group: "Group filter; empty for all.",
      as_of: "The legal date asked; empty for today.",
    }),
  },
  {
    name: "jurisdiction indicators (/jurisdictions/:code/export.csv)",
    description: "Every indicator's answer for one jurisdiction: the columns of /api/v1/assessments, plus the question and treaty dates.",
    parameters: { as_of: "YYYY-MM-DD: the law in force on that date (default: today)." },
    columns: cols(INDICATOR_COLUMNS, ASSESSMENT_HELP),
  },
  {
    name: "jurisdiction alignment (/jurisdictions/:code/alignment.csv)",
    description: "The jurisdiction's alignment with each recommendation measured by indicators.",
    parameters: { as_of: "YYYY-MM-DD." },
    columns: cols(ALIGNMENT_COLUMNS, {
      jurisdiction_code: "Jurisdiction code.",
      recommendation_id: "Recommendation id (see /api/v1/recommendations).",
      title: "Short title of the recommendation.",
      combine_rule: "all, any or mean (see Scoring).",
      indicators: "Indicator ids that measure it.",
      answers: "Each indicator's answer as indicator=value.",
      alignment: "met, partial, not_met, insufficient (too few answers known to decide) or unknown (none known): the combine rule applied to the answers.",
      known: "How many of the indicators have a cited answer.",
      as_of: "The legal date asked; empty for today.",
    }),
  },
  {
    name: "jurisdiction instruments (/jurisdictions/:code/instruments.csv)",
    description: "Laws, bills and regulations of the jurisdiction that the sources found (at most 200, latest first).",
    parameters: {},
    columns: cols(INSTRUMENT_COLUMNS, {
      jurisdiction_code: "Jurisdiction code.",
      instrument_id: "Harmonia's instrument id.",
      title: "Title of the instrument.",
      kind: "act, bill, regulation, treaty…",
      stage: "introduced, passed_chamber, enacted, in_force, repealed…",
      introduced_on: "Date introduced (ISO 8601).",
      enacted_on: "Date enacted or made (ISO 8601).",
      in_force_on: "Date in force (ISO 8601).",
      topics: "Tracked topics it matched.",
      official_url: "Official URL.",
      source_id: "Source that found it.",
    }),
  },
  {
    name: "jurisdiction history (/jurisdictions/:code/history.csv)",
    description: "Every recorded change to the jurisdiction's answers, newest first.",
    parameters: { as_of: "YYYY-MM-DD: only answers in effect by that date (undated ones: verified by then)." },
    columns: cols(HISTORY_COLUMNS, {
      jurisdiction_code: "Jurisdiction code.",
      changed_at: "When the change was recorded (ISO 8601 timestamp).",
      changed_by: "Who made it: source:<id> for a scheduled or curated source, or an analyst.",
      change_reason: "Why, as recorded.",
      indicator_id: "Indicator id.",
      old_value: "Value before the change; empty for a first answer.",
      new_value: "Value after the change.",
      change_kind: "first (first answer), law (a change in the law) or correction (of the record).",
      effective_from: "The day the answer's legal position took effect; empty when not established.",
      effective_basis: "How that date is established, or why it is not.",
      verified_on: "The day the provision or status page was read.",
      origin: "curated, ingested or analyst.",
      confidence: "high, medium or low.",
      source_id: "Source that wrote the answer.",
      rationale: "The new answer's rationale.",
    }),
  },
];
