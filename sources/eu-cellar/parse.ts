/**
 * Parses CELLAR SPARQL 1.1 JSON results (`{head:{vars}, results:{bindings}}`) of the queries in the
 * manifest: one row per work (CELEX) with its English title, document date, resource type and legal status.
 *
 * Rows are kept when the CELEX is tracked or the title matches a topic: the title search is a discovery query.
 */
import { z } from "zod";
import { classifyTitle } from "../topics/classify";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentKind,
  type InstrumentRecord,
  type InstrumentStage,
  type Payload,
  type TopicTag,
} from "../types";
import { TRACKED_INSTRUMENTS } from "./tracked";

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
const REQUIRED_VARS = ["celex", "title"] as const;
const RESOURCE_TYPE = "http://publications.europa.eu/resource/authority/resource-type/";
const CELEX = /^([0-9CE])(\d{4})([A-Z]{1,2})/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})/;
const ELI = /^https?:\/\/data\.europa\.eu\/eli\/(.+)$/;

/** One RDF term of a binding; Virtuoso still writes the SPARQL 1.0 `typed-literal` for datatyped values. */
const termSchema = z.object({
  type: z.enum(["uri", "literal", "typed-literal", "bnode"]),
  value: z.string(),
  datatype: z.string().optional(),
  "xml:lang": z.string().optional(),
});
const resultsSchema = z.object({
  head: z.object({ vars: z.array(z.string()) }),
  results: z.object({ bindings: z.array(z.record(z.string(), termSchema)) }),
});
export type SparqlResults = z.infer<typeof resultsSchema>;
type Binding = SparqlResults["results"]["bindings"][number];

/** Reads and validates a SPARQL JSON results document, whatever its variables. */
export function readSparqlResults(payload: Payload): SparqlResults {
  const { url } = payload;
  const text = Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength).toString("utf8").trim();
  if (text === "") throw new UnexpectedFormatError(`${url}: empty body, expected SPARQL JSON results`);
  if (text.startsWith("<")) {
    const words = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (MAINTENANCE.test(words)) {
      throw new MaintenancePageError(`${url}: maintenance or error page instead of SPARQL JSON results: ${words.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML or XML instead of SPARQL JSON results (wrong format parameter?): ${words.slice(0, 80)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Query errors come back as plain text ("Virtuoso 37000 Error SP030: …").
    throw new UnexpectedFormatError(`${url}: not SPARQL JSON results (truncated, or an endpoint error): ${text.slice(0, 100)} (${(error as Error).message})`);
  }
  const results = resultsSchema.safeParse(json);
  if (!results.success) {
    const issue = results.error.issues[0];
    throw new UnexpectedFormatError(
      `${url}: expected SPARQL JSON results {head:{vars}, results:{bindings}}; ${issue?.path.join(".") || "document"}: ${issue?.message}`,
    );
  }
  return results.data;
}

/** A CELEX number's sector and descriptor: `3` legislation, `5` preparatory acts (`PC` = Commission proposal). */
function celexParts(celex: string): { sector: string; descriptor: string } | null {
  const m = CELEX.exec(celex);
  return m ? { sector: m[1]!, descriptor: m[3]! } : null;
}

function kindOf(type: string | undefined, descriptor: string): InstrumentKind {
  const code = type?.startsWith(RESOURCE_TYPE) ? type.slice(RESOURCE_TYPE.length).replace(/^PROP_/, "") : "";
  if (code.startsWith("REG") || (code === "" && descriptor === "R")) return "regulation";
  if (code.startsWith("DIR") || (code === "" && descriptor === "L")) return "directive";
  return "other";
}

export function stageOf(sector: string, inForce: string | undefined): InstrumentStage {
  if (sector === "5") return "introduced";
  if (sector !== "3") return "unknown";
  if (inForce === "true" || inForce === "1") return "in_force";
  // EUR-Lex "no longer in force" covers repeal and expiry alike; the stage list has no "expired".
  if (inForce === "false" || inForce === "0") return "repealed";
  return "enacted";
}

const dateOf = (term: Binding[string] | undefined): string | null => ISO_DATE.exec(term?.value ?? "")?.[1] ?? null;

function topicsOf(celex: string, title: string): TopicTag[] {
  const topics = classifyTitle(title);
  for (const tag of TRACKED_INSTRUMENTS[celex] ?? []) {
    if (!topics.some((t) => t.topic === tag.topic)) topics.push(tag);
  }
  return topics;
}

/** One work can come back in several rows (one per resource type or entry-into-force date): first value wins. */
function mergeByCelex(bindings: Binding[], url: string): Map<string, Binding> {
  const works = new Map<string, Binding>();
  bindings.forEach((row, index) => {
    const celex = row.celex?.value.trim();
    if (!celex) throw new UnexpectedFormatError(`${url}: row ${index + 1} has no celex`);
    works.set(celex, { ...row, ...works.get(celex) });
  });
  return works;
}

function toInstrument(celex: string, row: Binding, url: string): InstrumentRecord {
  const parts = celexParts(celex);
  if (!parts) throw new UnexpectedFormatError(`${url}: "${celex}" is not a CELEX number`);
  const title = row.title?.value.replace(/\s+/g, " ").trim() ?? "";
  if (!title) throw new UnexpectedFormatError(`${url}: ${celex} has no English title`);
  const stage = stageOf(parts.sector, row.inForce?.value);
  const date = dateOf(row.date);
  const eliPath = ELI.exec(row.eli?.value ?? "")?.[1];
  const identifiers: Record<string, string> = { celex };
  if (eliPath) identifiers.eli = `http://data.europa.eu/eli/${eliPath}`;
  return {
    type: "instrument",
    externalId: `http://publications.europa.eu/resource/celex/${celex}`,
    jurisdictionCode: "EU",
    title,
    kind: kindOf(row.type?.value, parts.descriptor),
    stage,
    // The document date of a proposal is its adoption by the Commission; of an act, its signature.
    introducedOn: stage === "introduced" ? date : null,
    enactedOn: parts.sector === "3" ? date : null,
    inForceOn: parts.sector === "3" ? dateOf(row.entryIntoForce) : null,
    identifiers,
    officialUrl: eliPath
      ? `https://eur-lex.europa.eu/eli/${eliPath}`
      : `https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:${celex}`,
    sourceUpdatedAt: null,
    summary: null,
    topics: topicsOf(celex, title),
  };
}

export function parse(payload: Payload): InstrumentRecord[] {
  const { url } = payload;
  const { head, results } = readSparqlResults(payload);
  const missing = REQUIRED_VARS.filter((v) => !head.vars.includes(v));
  if (missing.length > 0) {
    throw new UnexpectedFormatError(
      `${url}: SPARQL results lack the variable(s) ${missing.join(", ")} of the manifest's queries; got ${head.vars.join(", ") || "none"}`,
    );
  }
  if (results.bindings.length === 0) throw new EmptyParseError(`${url}: SPARQL results have no rows`);
  const records: InstrumentRecord[] = [];
  for (const [celex, row] of mergeByCelex(results.bindings, url)) {
    const instrument = toInstrument(celex, row, url);
    if (celex in TRACKED_INSTRUMENTS || instrument.topics.length > 0) records.push(instrument);
  }
  return records;
}
