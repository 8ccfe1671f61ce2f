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
  /** ISO 8601 date the answer is true as of. */
  asOf: string;
  confidence: Confidence;
}

export type SourceRecord = InstrumentRecord | AssessmentRecord;

/** A fetched (or recorded) payload handed to `parse()`. */
export interface Payload {
  url: string;
  body: Uint8Array;
  contentType: string | null;
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
  /** Name of the environment variable holding the API key, when the source needs one. */
  apiKeyEnv: string | null;
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
