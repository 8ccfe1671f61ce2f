import type { Kysely } from "kysely";
import { dataFreshness } from "../../db/repositories/freshness";
import { findJurisdictions } from "../../db/repositories/jurisdiction-view";
import { listIndicators, queryAssessments } from "../../db/repositories/knowledge";
import type { CitationJson, Database } from "../../db/schema";
import { MAX_JURISDICTIONS, MIN_JURISDICTIONS, PAIR_LABEL, type Agreement, type PairResult } from "../components/JurisdictionValue";
import { exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { readAsOf } from "./jurisdiction.server";
import { BadQueryError } from "./overview.server";
import type { Value } from "../../domain/alignment";


export interface CompareQuery {
  /** Jurisdiction codes in the order asked, without duplicates; empty when `j` is absent (the picker only). */
  codes: string[];
  asOf: string | null;
}

/**
 * Reads `j` (codes, comma-separated and/or repeated, as a text box and a multi-select send them) and `as_of`.
 * No `j` at all shows the picker; 1 or more than 8 codes, or an unknown code, is a BadQueryError naming `j`.
 */
export async function readCompareQuery(db: Kysely<Database>, url: URL): Promise<CompareQuery> {
  const asOf = readAsOf(url);
  const raw = url.searchParams.getAll("j");
  const codes = [
    ...new Set(
      raw
        .flatMap((v) => v.split(/[\s,]+/))
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  if (raw.length === 0) return { codes: [], asOf };
  if (codes.length < MIN_JURISDICTIONS || codes.length > MAX_JURISDICTIONS) {
    throw new BadQueryError(
      "j",
      `Choose between ${MIN_JURISDICTIONS} and ${MAX_JURISDICTIONS} jurisdictions to compare in j (you gave ${codes.length}${codes.length ? `: ${codes.join(", ")}` : ""}), for example j=GB,US,AU.`,
    );
  }
  const known = new Set((await findJurisdictions(db, codes)).map((j) => j.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new BadQueryError(
      "j",
      `Unknown jurisdiction ${unknown.map((c) => `"${c}"`).join(", ")} in j. Use ISO 3166-1 alpha-2 codes (GB), ISO 3166-2 for sub-national units (US-CA), or EU; see /jurisdictions.`,
    );
  }
  return { codes, asOf };
}

/** Known answers that differ → differs; all equal and known → same; equal where known → incomplete. */
export function agreementOf(values: Value[]): Agreement {
  const known = new Set(values.filter((v) => v !== "unknown"));
  if (known.size === 0) return "unknown";
  if (known.size > 1) return "differs";
  return values.includes("unknown") ? "incomplete" : "same";
}

/** Whether conduct is a crime under an offence indicator's answer. */
export type Criminalised = "yes" | "no" | "partly" | "unknown";

export function criminalised(value: Value): Criminalised {
  if (value === "met") return "yes";
  // A pending bill is not yet law.
  if (value === "not_met" || value === "pending") return "no";
  if (value === "partial" || value === "reserved") return "partly";
  return "unknown";
}

export function pairResult(a: Value, b: Value): { result: PairResult; crimeIn: "a" | "b" | null } {
  const [ca, cb] = [criminalised(a), criminalised(b)];
  if (ca === "unknown" || cb === "unknown") return { result: "unknown", crimeIn: null };
  if (ca === "yes" && cb === "yes") return { result: "both", crimeIn: null };
  if (ca === "no" && cb === "no") return { result: "neither", crimeIn: null };
  if (ca === "yes" && cb === "no") return { result: "gap", crimeIn: "a" };
  if (ca === "no" && cb === "yes") return { result: "gap", crimeIn: "b" };
  return { result: "partly", crimeIn: null };
}

export interface CompareCell {
  value: Value;
  rationale: string;
  citation: CitationJson | null;
  more_citations: number;
  effective_from: string | null;
  date_status: string;
  verified_on: string | null;
  origin: string | null;
}

export async function compareData(db: Kysely<Database>, query: CompareQuery) {
  const [indicators, topics, jurisdictionRows, freshness, picker] = await Promise.all([
    listIndicators(db),
    db.selectFrom("topic").select(["id", "name"]).execute(),
    findJurisdictions(db, query.codes),
    dataFreshness(db, query.codes.length ? { jurisdictions: query.codes } : {}),
    // The picker lists jurisdictions with at least one stored answer; others can be typed.
    db.selectFrom("jurisdiction").select(["code", "name"]).where("code", "in", (eb) => eb.selectFrom("assessment").select("jurisdiction_code")).orderBy("name").execute(),
  ]);
  const nameOf = new Map(jurisdictionRows.map((j) => [j.code, j.name]));
  const jurisdictions = query.codes.map((code) => ({ code, name: nameOf.get(code) ?? code }));
  const cells = query.codes.length ? await queryAssessments(db, { jurisdictions: query.codes, asOf: query.asOf ?? undefined }) : [];
  const cellOf = new Map(cells.map((c) => [`${c.jurisdiction_code}\u0000${c.indicator_id}`, c]));
  const topicName = new Map(topics.map((t) => [t.id, t.name]));

  const rows = query.codes.length
    ? indicators.map((i) => {
        const byJurisdiction: Record<string, CompareCell> = {};
        for (const code of query.codes) {
          const c = cellOf.get(`${code}\u0000${i.id}`);
          byJurisdiction[code] = {
            value: (c?.value ?? "unknown") as Value,
            rationale: c?.rationale ?? "",
            citation: c?.citations[0] ?? null,
            more_citations: Math.max(0, (c?.citations.length ?? 0) - 1),
            effective_from: c?.effective_from ?? null,
            date_status: c?.date_status ?? "",
            verified_on: c?.verified_on ?? null,
            origin: c?.origin ?? null,
          };
        }
        const values = query.codes.map((code) => byJurisdiction[code]!.value);
        return {
          indicator_id: i.id,
          topic: i.topic_id,
          topic_name: topicName.get(i.topic_id) ?? i.topic_id,
          question: i.question,
          is_offence: i.is_offence,
          agreement: agreementOf(values),
          cells: byJurisdiction,
        };
      })
    : [];

  const pairs: [string, string][] = [];
  for (let a = 0; a < query.codes.length; a++) for (let b = a + 1; b < query.codes.length; b++) pairs.push([query.codes[a]!, query.codes[b]!]);
  const dualCriminality = rows
    .filter((r) => r.is_offence)
    .map((r) => {
      const results = pairs.map(([a, b]) => {
        const va = r.cells[a]!.value;
        const vb = r.cells[b]!.value;
        const { result, crimeIn } = pairResult(va, vb);
        return { a, b, value_a: va, value_b: vb, result, crime_in: crimeIn === "a" ? a : crimeIn === "b" ? b : "" };
      });
      const counts = Object.fromEntries((Object.keys(PAIR_LABEL) as PairResult[]).map((k) => [k, results.filter((p) => p.result === k).length])) as Record<PairResult, number>;
      return { indicator_id: r.indicator_id, question: r.question, pairs: results, counts };
    });

  const count = (a: Agreement) => rows.filter((r) => r.agreement === a).length;
  return {
    query,
    jurisdictions,
    picker,
    rows,
    summary: { indicators: rows.length, same: count("same"), differs: count("differs"), incomplete: count("incomplete"), unknown: count("unknown") },
    pairs: pairs.length,
    dualCriminality,
    freshness,
  };
}

export type CompareData = Awaited<ReturnType<typeof compareData>>;

/** Long format: one row per indicator × jurisdiction, so the columns stay the same for any selection. */
export const COMPARE_COLUMNS = [
  "indicator_id",
  "topic",
  "question",
  "is_offence",
  "agreement",
  "jurisdiction_code",
  "jurisdiction_name",
  "value",
  "instrument_title",
  "provision",
  "citation_url",
  "effective_from",
  "date_status",
  "verified_on",
  "origin",
] as const;

export const DUAL_CRIMINALITY_COLUMNS = ["indicator_id", "question", "jurisdiction_a", "value_a", "jurisdiction_b", "value_b", "result", "crime_in"] as const;

export function compareExportRows(d: CompareData) {
  const nameOf = new Map(d.jurisdictions.map((j) => [j.code, j.name]));
  return d.rows.flatMap((r) =>
    d.query.codes.map((code) => {
      const c = r.cells[code]!;
      return {
        indicator_id: r.indicator_id,
        topic: r.topic,
        question: r.question,
        is_offence: r.is_offence,
        agreement: r.agreement,
        jurisdiction_code: code,
        jurisdiction_name: nameOf.get(code) ?? code,
        value: c.value,
        instrument_title: c.citation?.instrumentTitle ?? "",
        provision: c.citation?.provision ?? "",
        citation_url: c.citation?.url ?? "",
        effective_from: c.effective_from ?? "",
        date_status: c.date_status,
        verified_on: c.verified_on ?? "",
        origin: c.origin ?? "",
      };
    }),
  );
}

export function dualCriminalityExportRows(d: CompareData) {
  return d.dualCriminality.flatMap((i) =>
    i.pairs.map((p) => ({ indicator_id: i.indicator_id, question: i.question, jurisdiction_a: p.a, value_a: p.value_a, jurisdiction_b: p.b, value_b: p.value_b, result: p.result, crime_in: p.crime_in })),
  );
}

/** `/compare.csv|json` (the comparison table) and `/compare/dual-criminality.csv|json` (the pair table). */
export async function compareExport(db: Kysely<Database>, table: "comparison" | "dual-criminality", format: ExportFormat, url: URL): Promise<Response> {
  try {
    const query = await readCompareQuery(db, url);
    if (query.codes.length === 0) {
      throw new BadQueryError("j", `Name ${MIN_JURISDICTIONS} to ${MAX_JURISDICTIONS} jurisdictions to compare in j, for example j=GB,US,AU.`);
    }
    const d = await compareData(db, query);
    const meta = { jurisdictions: query.codes, as_of: query.asOf };
    return table === "comparison"
      ? exportResponse(format, "comparison", COMPARE_COLUMNS, compareExportRows(d), meta)
      : exportResponse(format, "dual-criminality", DUAL_CRIMINALITY_COLUMNS, dualCriminalityExportRows(d), meta);
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

const cols = <C extends string>(names: readonly C[], help: Record<C, string>) => names.map((name) => ({ name, description: help[name] }));

/** Data dictionary entries for the comparison's exports; add `...COMPARE_DICTIONARY` to methodology's dictionary. */
export const COMPARE_DICTIONARY = [
  {
    name: "comparison (/compare.csv)",
    description: "The comparison table in long form: one row per indicator × chosen jurisdiction.",
    parameters: { j: "2 to 8 jurisdiction codes, comma-separated or repeated.", as_of: "YYYY-MM-DD: the law in force on that date (default: today)." },
    columns: cols(COMPARE_COLUMNS, {
      indicator_id: "Indicator id.",
      topic: "Topic of the indicator.",
      question: "The indicator's question.",
      is_offence: "true when the indicator describes criminal conduct.",
      agreement: "same (all answers known and equal), differs (known answers differ), incomplete (equal where known, some unknown) or unknown (none known).",
      jurisdiction_code: "Jurisdiction code.",
      jurisdiction_name: "Jurisdiction name.",
      value: "met, partial, not_met, pending, reserved or unknown.",
      instrument_title: "Title of the instrument cited.",
      provision: "Provision cited.",
      citation_url: "Official URL of the cited text.",
      effective_from: "The day the legal position took effect; empty when not established.",
      date_status: "established, not_established or not_in_force_yet.",
      verified_on: "The day the provision or status page was read.",
      origin: "curated, ingested or analyst; empty for unknown.",
    }),
  },
  {
    name: "dual criminality (/compare/dual-criminality.csv)",
    description: "For each offence indicator and each pair of chosen jurisdictions: is the conduct a crime in both, neither, or one only.",
    parameters: { j: "2 to 8 jurisdiction codes.", as_of: "YYYY-MM-DD." },
    columns: cols(DUAL_CRIMINALITY_COLUMNS, {
      indicator_id: "Offence indicator id.",
      question: "The indicator's question.",
      jurisdiction_a: "First jurisdiction of the pair (in the order asked).",
      value_a: "Its answer.",
      jurisdiction_b: "Second jurisdiction of the pair.",
      value_b: "Its answer.",
      result: "both, neither, gap (a crime in one only: met against not_met or pending), partly (partial or reserved on a side) or unknown.",
      crime_in: "For a gap, the jurisdiction where the conduct is a crime.",
    }),
  },
];
