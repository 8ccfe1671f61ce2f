import type { SourceManifest } from "../types";
import { TRACKED_INSTRUMENTS } from "./tracked";

const DAY = 24 * 60 * 60 * 1000;

/** Phrases searched in English titles of recent regulations, directives and proposals for them. */
const TITLE_PHRASES = [
  "child sexual abuse",
  "sexual exploitation of children",
  "digital services",
  "trafficking in human beings",
  "violence against women",
] as const;

const PREFIXES = `PREFIX cdm: <http://publications.europa.eu/ontology/cdm#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rt: <http://publications.europa.eu/resource/authority/resource-type/>`;

/** Every query selects these variables; the parser reads them by name. */
const SELECT = "SELECT DISTINCT ?celex ?title ?date ?type ?eli ?inForce ?entryIntoForce";

/** The English title and the legal status of `?work`. */
const WORK_DETAILS = `
  ?work cdm:resource_legal_id_celex ?celex ;
        cdm:work_date_document ?date ;
        cdm:work_has_resource-type ?type .
  ?expression cdm:expression_belongs_to_work ?work ;
              cdm:expression_uses_language <http://publications.europa.eu/resource/authority/language/ENG> ;
              cdm:expression_title ?title .
  OPTIONAL { ?work cdm:resource_legal_eli ?eli }
  OPTIONAL { ?work cdm:resource_legal_in-force ?inForce }
  OPTIONAL { ?work cdm:resource_legal_date_entry-into-force ?entryIntoForce }`;

export const TRACKED_QUERY = `${PREFIXES}
${SELECT} WHERE {
  VALUES ?celex { ${Object.keys(TRACKED_INSTRUMENTS).map((c) => `"${c}"^^xsd:string`).join(" ")} }${WORK_DETAILS}
} ORDER BY ?celex`;

// Narrowed by type and date before the title test: the endpoint times out on broad scans.
export const TITLE_SEARCH_QUERY = `${PREFIXES}
${SELECT} WHERE {${WORK_DETAILS}
  FILTER(?type IN (rt:REG, rt:DIR, rt:PROP_REG, rt:PROP_DIR))
  FILTER(?date >= "2019-01-01"^^xsd:date)
  FILTER(${TITLE_PHRASES.map((p) => `CONTAINS(LCASE(STR(?title)), "${p}")`).join(" || ")})
} ORDER BY DESC(?date) LIMIT 50`;

const sparqlPath = (query: string): string =>
  `/webapi/rdf/sparql?query=${encodeURIComponent(query.replace(/\s+/g, " ").trim())}&format=${encodeURIComponent("application/sparql-results+json")}`;

export const manifest: SourceManifest = {
  id: "eu-cellar",
  name: "EU Publications Office CELLAR (SPARQL)",
  homepage: "https://op.europa.eu/en/web/cellar",
  baseUrl: "https://publications.europa.eu",
  endpoints: [
    { name: "tracked-celex", path: sparqlPath(TRACKED_QUERY) },
    { name: "title-search", path: sparqlPath(TITLE_SEARCH_QUERY) },
  ],
  everyMs: DAY,
  // No published rate limit and no key; the endpoint enforces query timeouts, so: one query every 2 s, a long timeout.
  politeness: { minDelayMs: 2000, timeoutMs: 60_000, maxBodyBytes: 5 * 1024 * 1024 },
  apiKey: null,
  suspectDropRatio: 0.5,
};
