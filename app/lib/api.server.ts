import type { Kysely } from "kysely";
import {
  listGroupsWithMembers,
  listIndicators,
  listJurisdictionsWithGroups,
  listRecommendations,
  queryAssessments,
} from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import { isIsoDate } from "../../sources/curated/schema";
import { exportResponse, jsonResponse as json } from "./export.server";

/**
 * The read API `/api/v1/<dataset>` and `/api/v1/<dataset>.csv`. Each dataset declares its columns once, with
 * a description: the CSV header, the JSON keys and the methodology page's data dictionary all come from here.
 * List values are arrays in JSON and `|`-joined in CSV.
 */

export interface ColumnSpec {
  name: string;
  description: string;
}

export class BadParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = "BadParameterError";
  }
}

type Row = Record<string, unknown>;

interface Dataset {
  description: string;
  parameters: Record<string, string>;
  columns: ColumnSpec[];
  rows(db: Kysely<Database>, params: URLSearchParams): Promise<Row[]>;
}

const col = (name: string, description: string): ColumnSpec => ({ name, description });

/** Reads a comma-separated parameter and checks every item against what exists. */
async function listParam(params: URLSearchParams, name: string, known: () => Promise<string[]>): Promise<string[] | undefined> {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const wanted = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const existing = new Set(await known());
  const missing = wanted.filter((w) => !existing.has(w));
  if (missing.length > 0) {
    throw new BadParameterError(name, `Unknown ${name} ${missing.map((m) => `"${m}"`).join(", ")}. See /api/v1/${name === "group" ? "groups" : `${name}s`} for the valid values.`);
  }
  return wanted;
}

function singleParam(params: URLSearchParams, name: string, values: string[]): string | undefined {
  const raw = params.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  if (!values.includes(raw.trim())) throw new BadParameterError(name, `Unknown ${name} "${raw}". Valid values: ${values.join(", ")}.`);
  return raw.trim();
}

const datasets: Record<string, Dataset> = {
  jurisdictions: {
    description: "Every jurisdiction Harmonia knows: ISO 3166-1 countries, the EU, and ISO 3166-2 sub-national units.",
    parameters: {},
    columns: [
      col("code", "ISO 3166-1 alpha-2 code, ISO 3166-2 code for a sub-national unit, or EU."),
      col("name", "English short name (i18n-iso-countries; country-state-city for sub-national units)."),
      col("kind", "state, subnational or supranational."),
      col("parent_code", "For a sub-national unit, the code of its State."),
      col("groups", "Ids of the groups the jurisdiction belongs to (see /api/v1/groups)."),
    ],
    rows: (db) => listJurisdictionsWithGroups(db),
  },
  groups: {
    description: "Groups of jurisdictions (OSCE, Bali Process, EU, Council of Europe, ASEAN, G7) with the citation for each member list.",
    parameters: {},
    columns: [
      col("id", "Stable group id, usable as the group= filter."),
      col("name", "Name of the group."),
      col("citation_title", "Title of the official page that lists the members."),
      col("citation_url", "Official URL of the member list."),
      col("as_of", "Date the member list was checked (ISO 8601)."),
      col("note", "What is counted as a member (observers, participants…)."),
      col("members", "Member jurisdiction codes."),
    ],
    rows: (db) => listGroupsWithMembers(db),
  },
  indicators: {
    description: "The indicator catalogue: one precise legal question per indicator, asked of every jurisdiction.",
    parameters: {},
    columns: [
      col("id", "Stable indicator id (topic.name)."),
      col("topic_id", "Topic the indicator belongs to."),
      col("question", "The question the assessment answers."),
      col("definition", "What counts, and where the answer is looked up."),
      col("is_offence", "true when the indicator describes criminal conduct (it feeds the dual-criminality comparison)."),
      col("answer_met", "What `met` means for this indicator."),
      col("answer_partial", "What `partial` means."),
      col("answer_not_met", "What `not_met` means."),
      col("answer_pending", "What `pending` means."),
      col("answer_reserved", "What `reserved` means."),
      col("example_laws", "Laws that illustrate a `met` answer."),
      col("catalogue_version", "Version of the indicator catalogue the wording comes from."),
    ],
    rows: async (db) =>
      (await listIndicators(db)).map(({ answer_scale, ...i }) => ({
        ...i,
        answer_met: answer_scale.met,
        answer_partial: answer_scale.partial,
        answer_not_met: answer_scale.not_met,
        answer_pending: answer_scale.pending,
        answer_reserved: answer_scale.reserved,
      })),
  },
  recommendations: {
    description: "The recommendation catalogue: verbatim wording with its reference, addressee, and the indicators that measure it.",
    parameters: {},
    columns: [
      col("id", "Stable recommendation id; follow-up data is keyed on it across catalogue versions."),
      col("title", "Short title (Harmonia's)."),
      col("quote", "The recommendation's verbatim wording in the current catalogue version."),
      col("document", "Id of the document the wording is quoted from."),
      col("document_title", "Title of that document."),
      col("document_issued_by", "The bodies that issued it, |-joined in CSV."),
      col("document_date", "The day it was issued or launched (ISO 8601); empty when no day is established."),
      col("document_url", "Official link to the document or its launch announcement; for a concept note, the link of the document it prepares."),
      col("locator", "Paragraph or section within the document."),
      col("reference_url", "A page the wording was taken from, when the document's own link does not hold it."),
      col("addressee", "Who is asked to act: states, industry, law_enforcement, international_bodies, civil_society."),
      col("indicators", "Indicator ids that measure the recommendation."),
      col("combine_rule", "How the indicators combine into alignment: all (every indicator met), any (one suffices), mean (share met, partial counts half); see /methodology for when evidence is sufficient."),
      col("measurement_note", "For a recommendation no indicator measures, how it is followed up instead."),
      col("current_version", "Catalogue version of the wording shown."),
    ],
    rows: async (db) =>
      (await listRecommendations(db)).map(({ source, earlier_versions: _earlier, ...r }) => ({
        ...r,
        document_title: source.title,
        document_issued_by: source.issued_by,
        document_date: source.date ?? "",
        document_url: source.url ?? source.prepares?.url ?? "",
      })),
  },
  assessments: {
    description:
      "One row per jurisdiction × indicator. Cells without a cited answer are `unknown`. Without jurisdiction= or group=, every jurisdiction with at least one stored answer is included.",
    parameters: {
      jurisdiction: "Comma-separated jurisdiction codes.",
      indicator: "Comma-separated indicator ids.",
      group: "A group id: its members.",
      topic: "A topic id: its indicators.",
      as_of: "YYYY-MM-DD: the law in force on that date (each answer's effective date); default: today.",
      recorded_by: "YYYY-MM-DD: what Harmonia had recorded by the end of that day (for audit); combine with as_of, which then defaults to the same day.",
    },
    columns: [
      col("jurisdiction_code", "Jurisdiction code (see /api/v1/jurisdictions)."),
      col("jurisdiction_name", "Jurisdiction name."),
      col("indicator_id", "Indicator id (see /api/v1/indicators)."),
      col("topic", "Topic of the indicator."),
      col("value", "met, partial, not_met, pending, reserved or unknown; the indicator's answer scale says what each means."),
      col("rationale", "One line: why the value, in the assessor's words."),
      col("instrument_title", "Title of the law, bill or treaty cited."),
      col("provision", "Article, section or status entry cited."),
      col("citation_url", "Official URL of the cited text or status page."),
      col("quote", "Verbatim text of the provision, when recorded."),
      col("additional_citations", "Further citations as JSON, when an answer rests on more than one text."),
      col("effective_from", "The day the legal position took effect (valid time; ISO 8601). Treaties: the day the treaty entered into force for the State. Empty when not established."),
      col("effective_to", "The day it stopped holding (repeal, denunciation); empty while it holds."),
      col("date_status", "established (the effective date is known), not_established (in force when verified, date it took effect not established), not_in_force_yet (recorded, but not in effect on the day asked; the value is then unknown), or empty for an unresearched cell."),
      col("effective_basis", "How the effective date is established, or why it is not."),
      col("verified_on", "The day the provision or status page was read (recorded time, never a legal date)."),
      col("recorded_at", "When Harmonia recorded this answer (ISO 8601 timestamp)."),
      col("origin", "curated (the reviewed baseline), ingested (a scheduled source) or analyst (an analyst's edit); empty for unknown."),
      col("confidence", "high, medium or low: how firmly the citation supports the value."),
      col("source_id", "Source that wrote the answer (see /api/v1/sources)."),
    ],
    rows: async (db, params) => {
      const topics = (await db.selectFrom("topic").select("id").execute()).map((t) => t.id);
      const groups = (await db.selectFrom("jurisdiction_group").select("id").execute()).map((g) => g.id);
      const asOf = params.get("as_of")?.trim() || undefined;
      if (asOf !== undefined && !isIsoDate(asOf)) throw new BadParameterError("as_of", `as_of must be a date YYYY-MM-DD, got "${asOf}".`);
      const recordedBy = params.get("recorded_by")?.trim() || undefined;
      if (recordedBy !== undefined && !isIsoDate(recordedBy)) throw new BadParameterError("recorded_by", `recorded_by must be a date YYYY-MM-DD, got "${recordedBy}".`);
      const rows = await queryAssessments(db, {
        jurisdictions: await listParam(params, "jurisdiction", async () => (await db.selectFrom("jurisdiction").select("code").execute()).map((j) => j.code)),
        indicators: await listParam(params, "indicator", async () => (await db.selectFrom("indicator").select("id").execute()).map((i) => i.id)),
        group: singleParam(params, "group", groups),
        topic: singleParam(params, "topic", topics),
        asOf: asOf ?? recordedBy,
        recordedBy,
      });
      return rows.map(({ citations, ...r }) => {
        const [first, ...rest] = citations;
        return {
          ...r,
          instrument_title: first?.instrumentTitle ?? "",
          provision: first?.provision ?? "",
          citation_url: first?.url ?? "",
          quote: first?.quote ?? "",
          additional_citations: rest.length > 0 ? JSON.stringify(rest) : "",
          recorded_at: r.recorded_at ? r.recorded_at.toISOString() : "",
        };
      });
    },
  },
};

export const DATASET_NAMES = Object.keys(datasets);

/** The data dictionary: every dataset with its parameters and columns (rendered on /methodology). */
export function dataDictionary() {
  return Object.entries(datasets).map(([name, d]) => ({ name, description: d.description, parameters: d.parameters, columns: d.columns }));
}

function checkParameters(name: string, dataset: Dataset, params: URLSearchParams): void {
  for (const key of new Set(params.keys())) {
    if (!(key in dataset.parameters)) {
      const allowed = Object.keys(dataset.parameters);
      throw new BadParameterError(key, `Unknown parameter "${key}" for ${name}. ${allowed.length ? `Allowed: ${allowed.join(", ")}.` : "It takes no parameters."}`);
    }
  }
}

/** Answers `/api/v1/<segment>`, where segment is a dataset name, optionally with `.csv`. */
export async function datasetResponse(db: Kysely<Database>, segment: string, url: URL): Promise<Response> {
  const csv = segment.endsWith(".csv");
  const name = csv ? segment.slice(0, -4) : segment;
  const dataset = datasets[name];
  if (!dataset) return json({ error: `No dataset "${name}". Available: ${DATASET_NAMES.join(", ")} (add .csv for CSV).` }, 404);
  try {
    checkParameters(name, dataset, url.searchParams);
    const rows = await dataset.rows(db, url.searchParams);
    const columns = dataset.columns.map((c) => c.name);
    return exportResponse(csv ? "csv" : "json", name, columns, rows, { parameters: Object.fromEntries(url.searchParams) });
  } catch (error) {
    if (error instanceof BadParameterError) return json({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}
