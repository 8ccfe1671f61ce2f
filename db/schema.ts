import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps come back as Date and may be written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` columns are kept as ISO strings (YYYY-MM-DD) on both dialects: no time-zone drift. */
type IsoDate = string;
/** A timestamp the database fills in by default. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A value the database defaults when an insert leaves it out. */
type WithDefault<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string, string>;

export interface JurisdictionTable {
  code: string;
  name: string;
  kind: "state" | "subnational" | "supranational";
  parent_code: string | null;
}

export interface JurisdictionGroupTable {
  id: string;
  name: string;
  citation_title: string;
  citation_url: string;
  as_of: IsoDate;
  note: string | null;
}

export interface GroupMembershipTable {
  group_id: string;
  jurisdiction_code: string;
}

export interface TopicTable {
  id: string;
  name: string;
  description: string;
}

export interface IndicatorTable {
  id: string;
  topic_id: string;
  question: string;
  definition: string;
  answer_scale: string;
  example_laws: Json<string[]>;
  is_offence: boolean;
  catalogue_version: string;
  sort_order: number;
}

export interface RecommendationTable {
  id: string;
  title: string;
  addressee: string;
  combine_rule: "mean" | "all" | "any";
  /** Version of the catalogue whose wording is current; older wordings stay in recommendation_text. */
  current_version: string;
  /** How a recommendation without indicators is followed up. */
  measurement_note: string | null;
}

export interface RecommendationTextTable {
  recommendation_id: string;
  version: string;
  quote: string;
  document: string;
  locator: string;
  /** Where the wording was taken from when the document's own link does not hold it. */
  url: string | null;
  recorded_at: DefaultTimestamp;
}

/** A document recommendations quote (see sources/curated recommendations.yaml, `documents`). */
export interface DocumentTable {
  id: string;
  title: string;
  issued_by: Json<string[]>;
  /** Null when no day is established; `date_basis` says what is known. */
  issued_on: IsoDate | null;
  date_basis: string;
  url: string | null;
  /** For a preparatory document: the id of the document it prepares. */
  prepares: string | null;
  note: string | null;
}

export interface RecommendationIndicatorTable {
  recommendation_id: string;
  indicator_id: string;
}

export interface InstrumentTable {
  id: Generated<number>;
  source_id: string;
  external_id: string;
  jurisdiction_code: string;
  title: string;
  kind: string;
  stage: string;
  introduced_on: IsoDate | null;
  enacted_on: IsoDate | null;
  in_force_on: IsoDate | null;
  identifiers: Json<Record<string, string>>;
  official_url: string;
  summary: string | null;
  source_updated_at: Timestamp | null;
  /** sha256 of the normalized record: an unchanged record is not rewritten. */
  record_hash: string;
  first_seen_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  first_snapshot_id: number | null;
}

export interface InstrumentTopicTable {
  instrument_id: number;
  topic_id: string;
  reason: string;
}

export interface CitationJson {
  instrumentTitle: string;
  provision: string;
  url: string;
  quote?: string | null;
}

export interface AssessmentTable {
  jurisdiction_code: string;
  indicator_id: string;
  value: "met" | "partial" | "not_met" | "pending" | "reserved" | "unknown";
  rationale: string;
  citations: Json<CitationJson[]>;
  /** Valid time: the day the legal position took effect; null when not established. */
  effective_from: IsoDate | null;
  /** The day it stopped holding; null while it holds. */
  effective_to: IsoDate | null;
  /** How the effective date is known, or why it is not. */
  effective_basis: WithDefault<string>;
  /** Recorded time: the day the provision or status page was read. Never a legal date. */
  verified_on: IsoDate;
  origin: "curated" | "ingested" | "analyst";
  confidence: "high" | "medium" | "low" | null;
  source_id: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  updated_at: DefaultTimestamp;
}

/** Append-only: every change to an assessment adds a row; measures "as of" a date read from here. */
export interface AssessmentHistoryTable {
  id: Generated<number>;
  jurisdiction_code: string;
  indicator_id: string;
  value: AssessmentTable["value"];
  rationale: string;
  citations: Json<CitationJson[]>;
  effective_from: IsoDate | null;
  effective_to: IsoDate | null;
  effective_basis: WithDefault<string>;
  verified_on: IsoDate;
  origin: AssessmentTable["origin"];
  confidence: AssessmentTable["confidence"];
  source_id: string | null;
  changed_at: DefaultTimestamp;
  changed_by: string;
  change_reason: string;
  /** `first` answer of the cell, a change in the `law`, or a `correction` of the record (see domain/valid-time). */
  change_kind: WithDefault<"first" | "law" | "correction">;
}

export interface SourceTable {
  id: string;
  name: string;
  homepage: string;
  enabled: WithDefault<boolean>;
}

export interface SnapshotTable {
  id: Generated<number>;
  source_id: string;
  url: string;
  sha256: string;
  http_status: number | null;
  headers: Json<Record<string, string>>;
  content_type: string | null;
  body: Uint8Array;
  byte_length: number;
  /** Records the last successful parse of these bytes yielded; null until parsed. */
  record_count: ColumnType<number | null, number | null | undefined, number | null>;
  first_fetched_at: DefaultTimestamp;
  last_fetched_at: DefaultTimestamp;
}

export type IngestRunStatus = "running" | "retrying" | "ok" | "unchanged" | "suspect" | "failed" | "skipped";

export interface IngestRunTable {
  id: Generated<number>;
  source_id: string;
  /** BullMQ job id; retries of one job update one run. Null for command-line runs. */
  job_id: string | null;
  /** `startup`: the curated knowledge base, loaded by every process that runs workers before it serves. */
  trigger: "schedule" | "manual" | "cli" | "file" | "startup";
  status: IngestRunStatus;
  attempts: WithDefault<number>;
  started_at: DefaultTimestamp;
  finished_at: Timestamp | null;
  error: string | null;
  payloads_fetched: WithDefault<number>;
  payloads_unchanged: WithDefault<number>;
  records_parsed: WithDefault<number>;
  records_inserted: WithDefault<number>;
  records_updated: WithDefault<number>;
}

export interface ReviewItemTable {
  id: Generated<number>;
  kind: "new_instrument" | "conflict";
  status: WithDefault<"open" | "accepted" | "dismissed">;
  source_id: string;
  instrument_id: number | null;
  jurisdiction_code: string | null;
  indicator_id: string | null;
  snapshot_id: number | null;
  reason: string;
  created_at: DefaultTimestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}

export type Role = "analyst" | "admin";

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  /** scrypt: `scrypt$N$r$p$salt$hash` (base64). */
  password_hash: string;
  role: Role;
  created_at: DefaultTimestamp;
  disabled_at: Timestamp | null;
}

/** A dated follow-up remark on one recommendation for one jurisdiction ("reported progress at the 2026 meeting"). */
export interface FollowUpNoteTable {
  id: Generated<number>;
  recommendation_id: string;
  jurisdiction_code: string;
  body: string;
  link_url: string | null;
  noted_on: IsoDate;
  created_by: string;
  created_at: DefaultTimestamp;
}

/** Append-only: one row per write made by a person or an admin command. */
export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultTimestamp;
  /** The account's email, or `cli:<command>` for commands. */
  actor: string;
  action: string;
  target: string;
  detail: Json<Record<string, unknown>>;
}

/** One row per upsert that inserted or changed instruments: the version that whole-table figures are cached on. */
export interface InstrumentChangeTable {
  id: Generated<number>;
  at: DefaultTimestamp;
  source_id: string;
  inserted: number;
  updated: number;
}

export interface Database {
  jurisdiction: JurisdictionTable;
  jurisdiction_group: JurisdictionGroupTable;
  group_membership: GroupMembershipTable;
  topic: TopicTable;
  indicator: IndicatorTable;
  recommendation: RecommendationTable;
  recommendation_text: RecommendationTextTable;
  document: DocumentTable;
  recommendation_indicator: RecommendationIndicatorTable;
  instrument: InstrumentTable;
  instrument_topic: InstrumentTopicTable;
  assessment: AssessmentTable;
  assessment_history: AssessmentHistoryTable;
  source: SourceTable;
  snapshot: SnapshotTable;
  ingest_run: IngestRunTable;
  review_item: ReviewItemTable;
  app_user: AppUserTable;
  follow_up_note: FollowUpNoteTable;
  audit_log: AuditLogTable;
  instrument_change: InstrumentChangeTable;
}

export type Instrument = Selectable<InstrumentTable>;
export type NewInstrument = Insertable<InstrumentTable>;
export type Assessment = Selectable<AssessmentTable>;
export type NewAssessment = Insertable<AssessmentTable>;
export type IngestRun = Selectable<IngestRunTable>;
export type IngestRunUpdate = Updateable<IngestRunTable>;
export type Snapshot = Selectable<SnapshotTable>;
export type ReviewItem = Selectable<ReviewItemTable>;
export type Jurisdiction = Selectable<JurisdictionTable>;
export type AppUser = Selectable<AppUserTable>;
export type FollowUpNote = Selectable<FollowUpNoteTable>;
export type AuditEntry = Selectable<AuditLogTable>;
