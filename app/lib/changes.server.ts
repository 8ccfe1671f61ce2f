import type { Kysely } from "kysely";
import { jurisdictionsWithChanges, latestChanges, type ChangeList, type ChangeRow } from "../../db/repositories/changes";
import { listIndicators, listRecommendations } from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import { describeColumns, exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError } from "./overview.server";
import { dataFreshness } from "../../db/repositories/freshness";

/**
 * What changed: the latest rows of the assessment history, as a page (/changes), an Atom 1.0 feed
 * (/changes.atom) and CSV/JSON (/changes/export.csv|json), all with the same filters: one jurisdiction,
 * one recommendation (its indicators) and/or one indicator.
 */

type Db = Kysely<Database>;

/** The feed always carries the latest 100 changes; the page and the exports default to it too. */
export const FEED_ENTRIES = 100;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Stable feed and entry ids (RFC 4151 tag URIs): they do not depend on the host the feed is read from. */
export const TAG_PREFIX = "tag:harmonia,2026";

export interface ChangeQuery {
  /** `law`: changes in the law, by effective date (the default); `record`: corrections of Harmonia's record. */
  list: ChangeList;
  jurisdiction: string | null;
  recommendation: string | null;
  indicator: string | null;
  limit: number;
}

const CODE = /^(?:[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$/;

/** Reads the filters from the URL; each bad value is a BadQueryError naming its parameter. */
export async function readChangeQuery(db: Db, url: URL, options: { limit: boolean } = { limit: true }): Promise<ChangeQuery> {
  const param = (name: string) => url.searchParams.get(name)?.trim() || null;
  const jurisdiction = param("jurisdiction")?.toUpperCase() ?? null;
  const recommendation = param("recommendation");
  const indicator = param("indicator");
  const rawLimit = options.limit ? param("limit") : null;
  const rawList = param("list") ?? "law";
  if (rawList !== "law" && rawList !== "record") {
    throw new BadQueryError("list", `The list "${rawList}" is not one of law (changes in the law) or record (corrections of Harmonia's record).`);
  }
  const list: ChangeList = rawList;
  if (jurisdiction) {
    const exists = CODE.test(jurisdiction) && (await db.selectFrom("jurisdiction").select("code").where("code", "=", jurisdiction).executeTakeFirst());
    if (!exists) {
      throw new BadQueryError(
        "jurisdiction",
        `There is no jurisdiction "${jurisdiction}". Use an ISO 3166-1 alpha-2 code (GB), an ISO 3166-2 code for a sub-national unit (US-CA), or EU; see /jurisdictions.`,
      );
    }
  }
  if (recommendation) {
    const exists = await db.selectFrom("recommendation").select("id").where("id", "=", recommendation).executeTakeFirst();
    if (!exists) throw new BadQueryError("recommendation", `There is no recommendation "${recommendation}"; see /recommendations.`);
  }
  if (indicator) {
    const exists = await db.selectFrom("indicator").select("id").where("id", "=", indicator).executeTakeFirst();
    if (!exists) throw new BadQueryError("indicator", `There is no indicator "${indicator}"; see /indicators.`);
  }
  let limit = DEFAULT_LIMIT;
  if (rawLimit) {
    if (!/^\d{1,5}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
      throw new BadQueryError("limit", `The limit "${rawLimit}" is not a whole number from 1 to ${MAX_LIMIT}.`);
    }
    limit = Number(rawLimit);
  }
  return { list, jurisdiction, recommendation, indicator, limit };
}

/** The indicators the filter covers: a recommendation's indicators, one indicator, both (their intersection), or all (undefined). */
async function indicatorFilter(db: Db, query: ChangeQuery): Promise<string[] | undefined> {
  let indicators: string[] | undefined;
  if (query.recommendation) {
    indicators = (await db.selectFrom("recommendation_indicator").select("indicator_id").where("recommendation_id", "=", query.recommendation).execute()).map(
      (r) => r.indicator_id,
    );
  }
  if (query.indicator) indicators = indicators ? indicators.filter((i) => i === query.indicator) : [query.indicator];
  return indicators;
}

export async function changesOf(db: Db, query: ChangeQuery, limit = query.limit): Promise<ChangeRow[]> {
  return latestChanges(db, { list: query.list, jurisdiction: query.jurisdiction ?? undefined, indicators: await indicatorFilter(db, query), limit });
}

/** The filter part of a URL, in a fixed order (for links and the feed id); `limit` only when asked. */
export function filterSearch(query: ChangeQuery, withLimit = false): string {
  const p = new URLSearchParams();
  if (query.list !== "law") p.set("list", query.list);
  if (query.jurisdiction) p.set("jurisdiction", query.jurisdiction);
  if (query.recommendation) p.set("recommendation", query.recommendation);
  if (query.indicator) p.set("indicator", query.indicator);
  if (withLimit && query.limit !== DEFAULT_LIMIT) p.set("limit", String(query.limit));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** `old → new`, or `first answer: new`. */
export const changeText = (r: Pick<ChangeRow, "old_value" | "new_value">) => (r.old_value ? `${r.old_value} → ${r.new_value}` : `first answer: ${r.new_value}`);

/** Where a change is shown: the jurisdiction page, at the indicator's row. */
export const changeLink = (r: Pick<ChangeRow, "jurisdiction_code" | "indicator_id">) =>
  `/jurisdictions/${encodeURIComponent(r.jurisdiction_code)}#indicator-${r.indicator_id}`;

// ---------------------------------------------------------------------------------------------------------
// /changes page
// ---------------------------------------------------------------------------------------------------------

export async function changesPage(db: Db, query: ChangeQuery) {
  const [rows, jurisdictions, recommendations, indicators, freshness] = await Promise.all([
    changesOf(db, query),
    jurisdictionsWithChanges(db),
    listRecommendations(db),
    listIndicators(db),
    dataFreshness(db),
  ]);
  const recommendation = recommendations.find((r) => r.id === query.recommendation) ?? null;
  return {
    query,
    rows: rows.map((r) => ({ ...r, changed_at: r.changed_at.toISOString(), link: changeLink(r) })),
    filters: {
      jurisdictions,
      recommendations: recommendations.map((r) => ({ id: r.id, title: r.title, indicators: r.indicators.length })),
      indicators: indicators.map((i) => ({ id: i.id, question: i.question })),
    },
    recommendationIndicators: recommendation?.indicators ?? null,
    feedSearch: filterSearch(query),
    search: filterSearch(query, true),
    lastUpdated: freshness.lastUpdated,
    sources: freshness.sources,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------------------

export const CHANGES_COLUMNS = [
  "history_id",
  "changed_at",
  "jurisdiction_code",
  "jurisdiction_name",
  "indicator_id",
  "old_value",
  "new_value",
  "change_kind",
  "effective_from",
  "effective_basis",
  "verified_on",
  "origin",
  "confidence",
  "changed_by",
  "change_reason",
  "rationale",
  "instrument_title",
  "provision",
  "citation_url",
  "source_id",
  "link",
] as const;

export function exportRow(r: ChangeRow, origin = "") {
  const c = r.citations[0];
  return {
    history_id: r.id,
    changed_at: r.changed_at.toISOString(),
    jurisdiction_code: r.jurisdiction_code,
    jurisdiction_name: r.jurisdiction_name,
    indicator_id: r.indicator_id,
    old_value: r.old_value ?? "",
    new_value: r.new_value,
    change_kind: r.change_kind,
    effective_from: r.effective_from ?? "",
    effective_basis: r.effective_basis,
    verified_on: r.verified_on,
    origin: r.origin,
    confidence: r.confidence ?? "",
    changed_by: r.changed_by,
    change_reason: r.change_reason,
    rationale: r.rationale,
    instrument_title: c?.instrumentTitle ?? "",
    provision: c?.provision ?? "",
    citation_url: c?.url ?? "",
    source_id: r.source_id ?? "",
    link: `${origin}${changeLink(r)}`,
  };
}

/** `/changes/export.csv` and `.json`: exactly the page's rows for the same filters (and limit). */
export async function changesExport(db: Db, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const query = await readChangeQuery(db, url);
    const rows = await changesOf(db, query);
    return exportResponse(
      format,
      "changes",
      CHANGES_COLUMNS,
      rows.map((r) => exportRow(r, url.origin)),
      { list: query.list, jurisdiction: query.jurisdiction, recommendation: query.recommendation, indicator: query.indicator, limit: query.limit },
    );
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Atom 1.0 (RFC 4287)
// ---------------------------------------------------------------------------------------------------------

/** Characters XML 1.0 does not allow at all (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): dropped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text for XML content and attribute values: the five special characters escaped, forbidden characters dropped. */
export function xmlEscape(value: unknown): string {
  return String(value ?? "")
    .replace(NOT_XML, "")
    .replace(/[&<>"']/g, (ch) => ENTITY[ch]!);
}

/** `<name attr="…">text</name>`, every attribute and the text escaped; no text gives an empty element. */
function el(name: string, attrs: Record<string, string | null | undefined>, text?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join("");
  return text === undefined ? `<${name}${a}/>` : `<${name}${a}>${xmlEscape(text)}</${name}>`;
}

/** The entry's text: rationale, citations, when it is true as of, and who changed it and why. */
export function entryContent(r: ChangeRow): string {
  const lines = [r.rationale || "(no rationale recorded)"];
  for (const c of r.citations) {
    lines.push(`Citation: ${[c.instrumentTitle, c.provision].filter(Boolean).join(", ")}${c.url ? ` — ${c.url}` : ""}`);
    if (c.quote) lines.push(`“${c.quote}”`);
  }
  if (r.citations.length === 0) lines.push("No citation.");
  lines.push(`In effect from ${r.effective_from ?? "a date not established"}${r.effective_basis ? ` (${r.effective_basis})` : ""}; verified ${r.verified_on}; origin ${r.origin}${r.confidence ? `; confidence ${r.confidence}` : ""}.`);
  lines.push(`Changed by ${r.changed_by}: ${r.change_reason}`);
  return lines.join("\n");
}

export const entryTitle = (r: ChangeRow, list: ChangeList) =>
  list === "record"
    ? `${r.jurisdiction_code} · ${r.indicator_id}: record corrected, ${r.old_value ?? "none"} → ${r.new_value}`
    : `${r.jurisdiction_code} · ${r.indicator_id}: ${r.new_value} in effect from ${r.effective_from}`;

/** When an entry happened: a change in the law on its effective date, a correction when it was recorded. */
const entryUpdated = (r: ChangeRow, list: ChangeList) => (list === "record" || !r.effective_from ? r.changed_at : new Date(`${r.effective_from}T00:00:00Z`));

export function atomFeed(rows: ChangeRow[], options: { query: ChangeQuery; selfUrl: string; origin: string; updated: Date | null }): string {
  const { query, origin } = options;
  const scope = [
    query.jurisdiction ? `jurisdiction ${query.jurisdiction}` : null,
    query.recommendation ? `recommendation ${query.recommendation}` : null,
    query.indicator ? `indicator ${query.indicator}` : null,
  ].filter(Boolean);
  const updated = (rows[0] ? entryUpdated(rows[0], query.list) : null) ?? options.updated ?? new Date(0);
  const out = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    el("id", {}, `${TAG_PREFIX}:changes${filterSearch(query)}`),
    el("title", { type: "text" }, `Harmonia — ${query.list === "law" ? "changes in the law" : "corrections of the record"}${scope.length ? ` (${scope.join(", ")})` : ""}`),
    el(
      "subtitle",
      { type: "text" },
      query.list === "law"
        ? `The latest ${FEED_ENTRIES} legal positions to take effect, by effective date, each with its rationale and citation.`
        : `The latest ${FEED_ENTRIES} corrections of Harmonia's record, by the time they were recorded, each with its rationale, citation and who made it.`,
    ),
    el("updated", {}, updated.toISOString()),
    `<author>${el("name", {}, "Harmonia")}</author>`,
    el("link", { rel: "self", type: "application/atom+xml", href: options.selfUrl }),
    el("link", { rel: "alternate", type: "text/html", href: `${origin}/changes${filterSearch(query)}` }),
    el("generator", {}, "Harmonia"),
  ];
  for (const r of rows) {
    out.push(
      [
        "<entry>",
        el("id", {}, `${TAG_PREFIX}:assessment-history/${r.id}`),
        el("title", { type: "text" }, entryTitle(r, query.list)),
        el("updated", {}, entryUpdated(r, query.list).toISOString()),
        `<author>${el("name", {}, r.changed_by)}</author>`,
        el("link", { rel: "alternate", type: "text/html", href: `${origin}${changeLink(r)}` }),
        el("category", { term: r.indicator_id, label: `Indicator ${r.indicator_id}` }),
        el("category", { term: r.jurisdiction_code, label: r.jurisdiction_name }),
        el("content", { type: "text" }, entryContent(r)),
        "</entry>",
      ].join(""),
    );
  }
  out.push("</feed>", "");
  return out.join("\n");
}

/** `/changes.atom`: the latest 100 changes for the filters; a bad filter is a 400 in plain text naming it. */
export async function changesFeed(db: Db, url: URL): Promise<Response> {
  let query: ChangeQuery;
  try {
    query = await readChangeQuery(db, url, { limit: false });
  } catch (error) {
    if (error instanceof BadQueryError) {
      return new Response(`Bad parameter "${error.parameter}": ${error.message}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
  const [rows, freshness] = await Promise.all([changesOf(db, query, FEED_ENTRIES), dataFreshness(db)]);
  const body = atomFeed(rows, { query, selfUrl: `${url.origin}/changes.atom${filterSearch(query)}`, origin: url.origin, updated: freshness.lastUpdated ? new Date(freshness.lastUpdated) : null });
  return new Response(body, { status: 200, headers: { "content-type": "application/atom+xml; charset=utf-8" } });
}

/** Data dictionary entries for the change feeds; add `...CHANGES_DICTIONARY` to methodology's dictionary. */
export const CHANGES_DICTIONARY = [
  {
    name: "latest changes (/changes/export.csv; Atom: /changes.atom)",
    description:
      "Two lists, never mixed. list=law (default): changes in the law, the answers that took effect on an established date, newest effective date first. list=record: corrections of Harmonia's record, newest first by when they were recorded. A cell's first answer (loading the baseline) is not news. The Atom feed has the latest 100 with the same filters.",
    parameters: {
      list: "law (changes in the law, by effective date; default) or record (corrections of the record).",
      jurisdiction: "A jurisdiction code (GB, US-CA, EU): only its changes.",
      recommendation: "A recommendation id: only changes to the indicators that measure it.",
      indicator: "An indicator id: only its changes.",
      limit: `How many changes, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}; not for the feed, which has ${FEED_ENTRIES}).`,
    },
    columns: describeColumns(CHANGES_COLUMNS, {
      history_id: "Id of the history row (the Atom entry id ends with it).",
      changed_at: "When Harmonia recorded the change (ISO 8601 timestamp).",
      jurisdiction_code: "Jurisdiction code.",
      jurisdiction_name: "Jurisdiction name.",
      indicator_id: "Indicator id.",
      old_value: "The cell's value before this change; empty for its first answer.",
      new_value: "The value recorded: met, partial, not_met, pending, reserved or unknown.",
      change_kind: "first (the cell's first answer), law (a change in the law) or correction (of the record).",
      effective_from: "The day the legal position took effect (valid time); empty when not established.",
      effective_basis: "How the effective date is established, or why it is not.",
      verified_on: "The day the provision or status page was read (recorded time).",
      origin: "curated, ingested or analyst.",
      confidence: "high, medium or low; empty when not given.",
      changed_by: "Who or what made the change: source:<id> for a source, or an analyst.",
      change_reason: "Why, in the recorder's words.",
      rationale: "The answer's rationale.",
      instrument_title: "Title of the first cited instrument.",
      provision: "Provision cited.",
      citation_url: "Official URL cited.",
      source_id: "Source that wrote the answer.",
      link: "The jurisdiction page at the indicator's row.",
    }),
  },
];
