/**
 * The contract between a source folder and the ingestion pipeline.
 *
 * A source is a folder under `sources/` with a `manifest.ts` (what to fetch, how often, how politely)
 * and a pure `parse()` from recorded bytes to typed records. `parse()` does no I/O and throws one of
 * the named errors below when the bytes are not what the source promised.
 */

export const TOPIC_IDS = ["ai-csam", "platform-duties", "tf-exploitation", "treaties", "capacity-safeguards"] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

export const ASSESSMENT_VALUES = ["met", "partial", "not_met", "pending", "reserved", "unknown"] as const;
export type AssessmentValue = (typeof ASSESSMENT_VALUES)[number];

export const CONFIDENCE_LEVELS = ["high", "medium", "low"] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const INSTRUMENT_STAGES = [
  "introduced",
  "passed_chamber",
  "enacted",
  "in_force",
  "repealed",
  "signed",
  "ratified",
  "acceded",
  "unknown",
] as const;
export type InstrumentStage = (typeof INSTRUMENT_STAGES)[number];

export const INSTRUMENT_KINDS = ["act", "bill", "regulation", "directive", "code", "treaty", "other"] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

/** One topic tag and the rule that produced it (shown to reviewers as evidence). */
export interface TopicTag {
  topic: TopicId;
  reason: string;
}

/** A law, bill, regulation, code or treaty as a source describes it. */
export interface InstrumentRecord {
  type: "instrument";
  /** Stable id within the source (e.g. the legislation.gov.uk id URI). Upserts key on (source, externalId). */
  externalId: string;
  jurisdictionCode: string;
  title: string;
  kind: InstrumentKind;
  stage: InstrumentStage;
  /** ISO 8601 dates (YYYY-MM-DD) or null when the source does not say. */
  introducedOn: string | null;
  enactedOn: string | null;
  inForceOn: string | null;
  /** Official identifiers: celex, eli, billNumber, mtdsg, legislationGovUk, … */
  identifiers: Record<string, string>;
  officialUrl: string;
  /** When the source last changed this record (its own `updated`), ISO 8601. */
  sourceUpdatedAt: string | null;
  summary: string | null;
  topics: TopicTag[];
}

/** Official URLs and citations must be web addresses: they become links (no javascript:, data: or file: URLs). */
export function isWebUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

/** A citation behind an assessment. Every non-`unknown` assessment has at least one. */
export interface Citation {
  instrumentTitle: string;
  provision: string;
  url: string;
  quote?: string | null;
}

/** A jurisdiction × indicator answer as a source (or the curated baseline) states it. */
export interface AssessmentRecord {
  type: "assessment";
  jurisdictionCode: string;
  indicatorId: string;
  value: AssessmentValue;
  rationale: string;
  citations: Citation[];
  /** Valid time: the day the legal position took effect (YYYY-MM-DD); null when it is not established. */
  effectiveFrom: string | null;
  /** The day it stopped holding (repeal, denunciation); null while it holds. */
  effectiveTo: string | null;
  /** How the effective date was established, or why it was not: shown to readers beside the date. */
  effectiveBasis: string;
  /** The day the provision or status page was read (YYYY-MM-DD): recorded time, never a legal date. */
  verifiedOn: string;
  confidence: Confidence;
}

/**
 * A further URL the pipeline should fetch and parse in the same run (a list page pointing at detail
 * pages, a change feed pointing at changed bills). Followed one level deep, at most
 * `manifest.maxFollows` per run, each through the same polite fetcher and content hash.
 */
export interface FollowRecord {
  type: "follow";
  /** Absolute URL, or a path relative to the source's base URL. Never carries an API key. */
  url: string;
  reason: string;
}

/** An indicator of the curated catalogue: one precise legal question asked of every jurisdiction. */
export interface IndicatorRecord {
  type: "indicator";
  id: string;
  topic: TopicId;
  /** True when the indicator describes criminal conduct (it feeds the dual-criminality matrix). */
  offence: boolean;
  question: string;
  definition: string;
  answerScale: Record<Exclude<AssessmentValue, "unknown">, string>;
  exampleLaws: string[];
  catalogueVersion: string;
  sortOrder: number;
}

/** A recommendation of the curated catalogue, with its verbatim wording in one catalogue version. */
export interface RecommendationRecord {
  type: "recommendation";
  id: string;
  title: string;
  quote: string;
  /** The document quoted, by id; its record travels in `source`. */
  document: string;
  source: CitedDocument;
  locator: string;
  /** Where the wording was taken from when the document's own link does not hold it. */
  url: string | null;
  addressee: string;
  indicators: string[];
  rule: "mean" | "all" | "any";
  measurementNote: string | null;
  catalogueVersion: string;
}

/** A document recommendations quote: cited by title, issuing bodies, date and official link, never by file. */
export interface CitedDocument {
  id: string;
  title: string;
  issuedBy: string[];
  /** YYYY-MM-DD, or null when no day is established (`dateBasis` says what is known). */
  date: string | null;
  dateBasis: string;
  url: string | null;
  /** For a preparatory document (a concept note): the document it prepares. */
  prepares: CitedDocument | null;
  note: string | null;
}

/** A group of jurisdictions (OSCE, Bali Process, EU…) with the citation for its member list. */
export interface GroupRecord {
  type: "group";
  id: string;
  name: string;
  citationTitle: string;
  citationUrl: string;
  asOf: string;
  note: string | null;
  members: string[];
}

/** The knowledge base's reference data; only the curated source yields these. */
export type CatalogueRecord = IndicatorRecord | RecommendationRecord | GroupRecord;

export type SourceRecord = InstrumentRecord | AssessmentRecord | FollowRecord | CatalogueRecord;

/** A fetched (or recorded) payload handed to `parse()`. */
export interface Payload {
  url: string;
  body: Uint8Array;
  contentType: string | null;
  /** When these bytes were first fetched (ISO 8601); the as-of date for records whose payload gives none. */
  fetchedAt: string;
}

export interface SourceEndpoint {
  /** Short stable name of the endpoint within the source, e.g. "search-online-safety". */
  name: string;
  /** Path and query relative to the source's base URL. */
  path: string;
}

export interface SourceManifest {
  id: string;
  name: string;
  homepage: string;
  /** Default base URL; overridable with the environment (see README, Configuration). */
  baseUrl: string;
  endpoints: SourceEndpoint[];
  /** How often the scheduler runs the source, in milliseconds. */
  everyMs: number;
  politeness: {
    /** Minimum gap between two requests to the source's host. */
    minDelayMs: number;
    timeoutMs: number;
    maxBodyBytes: number;
  };
  /**
   * The API key a source needs, when it needs one: the environment variable that holds it and where
   * the request carries it. The key is added at fetch time only; stored snapshot URLs never contain it.
   */
  apiKey: { env: string; in: "header" | "query"; name: string } | null;
  /** Most follow-up URLs (see FollowRecord) fetched per run; 0 when the source never follows. */
  maxFollows?: number;
  /** A run yielding fewer than this share of the previous good run's records is suspect. */
  suspectDropRatio: number;
}

export interface Source {
  manifest: SourceManifest;
  parse(payload: Payload): SourceRecord[];
}

/** Base of every error a parser throws: the pipeline records `code` and `message` on the run. */
export class SourceParseError extends Error {
  constructor(
    readonly code: "empty_parse" | "unexpected_format" | "maintenance_page",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The payload had the expected shape but yielded no records. */
export class EmptyParseError extends SourceParseError {
  constructor(message: string) {
    super("empty_parse", message);
  }
}

/** The payload is not in the format the source promises (HTML instead of XML, missing root, …). */
export class UnexpectedFormatError extends SourceParseError {
  constructor(message: string) {
    super("unexpected_format", message);
  }
}

/** The source served a maintenance or error page (often with HTTP 200). */
export class MaintenancePageError extends SourceParseError {
  constructor(message: string) {
    super("maintenance_page", message);
  }
}
