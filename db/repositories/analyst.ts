import type { Kysely, Transaction } from "kysely";
import { isIsoDate } from "../../sources/curated/schema";
import type { AssessmentTable, CitationJson, Database, FollowUpNote } from "../schema";
import { writeAssessment } from "./assessments";
import { recordAudit } from "./audit";

/**
 * What analysts write by hand: assessments (validated: no legal fact without a citation) and dated
 * follow-up notes per recommendation × jurisdiction. Every write appends history where the table has
 * one and an audit entry, in the same transaction as the write.
 */

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

export type AssessmentValue = AssessmentTable["value"];
export type Confidence = NonNullable<AssessmentTable["confidence"]>;

export const ASSESSMENT_VALUES: readonly AssessmentValue[] = ["met", "partial", "not_met", "pending", "reserved", "unknown"];
export const CONFIDENCES: readonly Confidence[] = ["high", "medium", "low"];

export const MAX_RATIONALE = 2000;
export const MAX_QUOTE = 4000;
export const MAX_REASON = 1000;
export const MAX_NOTE = 4000;

export interface CitationInput {
  instrumentTitle: string;
  provision: string;
  url: string;
  quote?: string | null;
}

/** An analyst's answer for one cell, as typed into a form (strings are trimmed and checked here). */
export interface AssessmentInput {
  jurisdictionCode: string;
  indicatorId: string;
  value: string;
  rationale: string;
  /** The main citation; null or all-empty for an `unknown` answer without one. */
  citation: CitationInput | null;
  /** Further citations kept with the answer (already stored ones, e.g. from the curated baseline). */
  furtherCitations?: CitationJson[];
  /** The day the legal position took effect; empty when it is not established (then the basis says why). */
  effectiveFrom: string;
  /** How the effective date is known, or why it is not. */
  effectiveBasis: string;
  /** The day the analyst read the provision. */
  verifiedOn: string;
  confidence: string | null;
}

/** The field names the errors are keyed by (the edit and review forms use the same names for their inputs). */
export type AssessmentField =
  | "jurisdictionCode"
  | "indicatorId"
  | "value"
  | "rationale"
  | "instrumentTitle"
  | "provision"
  | "url"
  | "quote"
  | "effectiveFrom"
  | "effectiveBasis"
  | "verifiedOn"
  | "confidence"
  | "reason";

export type FieldErrors<F extends string = string> = Partial<Record<F, string>>;

export type WriteResult<T, F extends string = AssessmentField> = { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

export interface ValidAssessment {
  jurisdictionCode: string;
  indicatorId: string;
  value: AssessmentValue;
  rationale: string;
  citations: CitationJson[];
  effectiveFrom: string | null;
  effectiveBasis: string;
  verifiedOn: string;
  confidence: Confidence | null;
}

const text = (s: string | null | undefined) => (typeof s === "string" ? s.trim() : "");

/** An https URL with a host: the only kind of link a citation or note may carry. */
export function isHttpsUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === "https:" && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

const todayIso = () => new Date().toISOString().slice(0, 10);

/** A date (YYYY-MM-DD) no later than tomorrow (UTC): answers and notes are about what has happened. */
function dateError(raw: string, label: string): string | undefined {
  if (!raw) return `Give the ${label} (YYYY-MM-DD).`;
  if (!isIsoDate(raw)) return `"${raw}" is not a date in the form YYYY-MM-DD.`;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (raw > tomorrow) return `The ${label} ${raw} is in the future.`;
  return undefined;
}

function citationErrors(c: CitationJson, where: string): FieldErrors<AssessmentField> {
  const errors: FieldErrors<AssessmentField> = {};
  if (!c.instrumentTitle) errors.instrumentTitle = `${where}: give the title of the law, bill or treaty.`;
  if (!c.provision) errors.provision = `${where}: give the provision (article, section, or status entry).`;
  if (!c.url) errors.url = `${where}: give the official URL of the text.`;
  else if (!isHttpsUrl(c.url)) errors.url = `${where}: "${c.url}" is not an https URL.`;
  return errors;
}

/**
 * Checks an answer and its reason. A value other than `unknown` needs a complete citation (instrument
 * title, provision, https URL), a rationale and a confidence; `unknown` may carry a citation, but a
 * partial one is an error. Unknown jurisdiction or indicator ids are errors on their fields.
 */
export async function validateAssessment(
  db: Db | Tx,
  input: AssessmentInput,
  reason: string,
): Promise<WriteResult<ValidAssessment>> {
  const errors: FieldErrors<AssessmentField> = {};
  const jurisdictionCode = text(input.jurisdictionCode).toUpperCase();
  const indicatorId = text(input.indicatorId);
  const value = text(input.value);
  const rationale = text(input.rationale);
  const effectiveFrom = text(input.effectiveFrom);
  const effectiveBasis = text(input.effectiveBasis);
  const verifiedOn = text(input.verifiedOn);
  const confidenceRaw = text(input.confidence);

  if (!jurisdictionCode) errors.jurisdictionCode = "Choose a jurisdiction.";
  else if (!(await db.selectFrom("jurisdiction").select("code").where("code", "=", jurisdictionCode).executeTakeFirst())) {
    errors.jurisdictionCode = `There is no jurisdiction "${jurisdictionCode}".`;
  }
  if (!indicatorId) errors.indicatorId = "Choose the indicator this answers.";
  else if (!(await db.selectFrom("indicator").select("id").where("id", "=", indicatorId).executeTakeFirst())) {
    errors.indicatorId = `There is no indicator "${indicatorId}".`;
  }
  if (!value) errors.value = "Choose a value.";
  else if (!ASSESSMENT_VALUES.includes(value as AssessmentValue)) errors.value = `"${value}" is not one of ${ASSESSMENT_VALUES.join(", ")}.`;
  const known = value !== "unknown";

  if (known && !rationale) errors.rationale = "Say in one line why the law gives this value.";
  else if (rationale.length > MAX_RATIONALE) errors.rationale = `Keep the rationale under ${MAX_RATIONALE} characters (it has ${rationale.length}).`;

  const c = input.citation;
  const primary: CitationJson = {
    instrumentTitle: text(c?.instrumentTitle),
    provision: text(c?.provision),
    url: text(c?.url),
    ...(text(c?.quote) ? { quote: text(c?.quote) } : {}),
  };
  const anyCitationField = Boolean(primary.instrumentTitle || primary.provision || primary.url || primary.quote);
  if (known || anyCitationField) {
    const where = known ? `A ${value.replace("_", " ")} answer needs a citation` : "The citation is incomplete";
    Object.assign(errors, citationErrors(primary, where));
  }
  if ((primary.quote ?? "").length > MAX_QUOTE) errors.quote = `Keep the quote under ${MAX_QUOTE} characters.`;
  const further = (input.furtherCitations ?? []).map((f) => ({
    instrumentTitle: text(f.instrumentTitle),
    provision: text(f.provision),
    url: text(f.url),
    ...(text(f.quote) ? { quote: text(f.quote) } : {}),
  }));
  further.forEach((f, n) => {
    const problems = citationErrors(f, `Further citation ${n + 1}`);
    for (const [field, message] of Object.entries(problems)) errors[field as AssessmentField] ??= message;
  });

  const verifiedError = dateError(verifiedOn, "date you read the provision");
  if (verifiedError) errors.verifiedOn = verifiedError;
  if (effectiveFrom) {
    if (!isIsoDate(effectiveFrom)) errors.effectiveFrom = `"${effectiveFrom}" is not a date in the form YYYY-MM-DD.`;
  }
  if (known && !effectiveBasis) {
    errors.effectiveBasis = effectiveFrom
      ? "Say where the date comes from (e.g. the commencement order, or the status page)."
      : "Leave the date empty only with a reason: say why the date it took effect is not established.";
  } else if (effectiveBasis.length > MAX_RATIONALE) errors.effectiveBasis = `Keep this under ${MAX_RATIONALE} characters.`;

  let confidence: Confidence | null = null;
  if (confidenceRaw) {
    if (!CONFIDENCES.includes(confidenceRaw as Confidence)) errors.confidence = `"${confidenceRaw}" is not one of ${CONFIDENCES.join(", ")}.`;
    else confidence = confidenceRaw as Confidence;
  } else if (known) errors.confidence = "Say how firmly the citation supports the value (high, medium or low).";

  const why = text(reason);
  if (!why) errors.reason = "Give the reason for this change; it is kept in the history.";
  else if (why.length > MAX_REASON) errors.reason = `Keep the reason under ${MAX_REASON} characters.`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const citations = anyCitationField ? [primary, ...further] : further;
  return {
    ok: true,
    value: {
      jurisdictionCode,
      indicatorId,
      value: value as AssessmentValue,
      rationale,
      citations,
      effectiveFrom: effectiveFrom || null,
      effectiveBasis,
      verifiedOn,
      confidence: !known && citations.length === 0 ? null : confidence,
    },
  };
}

export interface StoredAnswer {
  value: AssessmentValue;
  origin: AssessmentTable["origin"];
  effective_from: string | null;
  effective_basis: string;
  verified_on: string;
  rationale: string;
  citations: CitationJson[];
  confidence: AssessmentTable["confidence"];
  reviewed_by: string | null;
}

const parseCitations = (c: unknown): CitationJson[] => (typeof c === "string" ? (JSON.parse(c) as CitationJson[]) : ((c as CitationJson[]) ?? []));

/** The stored answer of a cell, or null when it has none (unknown). */
export async function currentAnswer(db: Db | Tx, jurisdictionCode: string, indicatorId: string): Promise<StoredAnswer | null> {
  const row = await db
    .selectFrom("assessment")
    .select(["value", "origin", "effective_from", "effective_basis", "verified_on", "rationale", "citations", "confidence", "reviewed_by"])
    .where("jurisdiction_code", "=", jurisdictionCode)
    .where("indicator_id", "=", indicatorId)
    .executeTakeFirst();
  return row ? { ...row, citations: parseCitations(row.citations) } : null;
}

/**
 * Writes an already validated analyst answer inside `trx`: the assessment (origin analyst, reviewed by the
 * actor now), a history row (changed_by = actor, change_reason = reason) and an audit entry. Returns the
 * answer it replaced (null for a first answer).
 */
export async function writeAnalystAnswer(
  trx: Tx,
  a: ValidAssessment,
  actor: string,
  reason: string,
  audit: { action: string; detail?: Record<string, unknown>; sourceId?: string | null },
): Promise<StoredAnswer | null> {
  const previous = await currentAnswer(trx, a.jurisdictionCode, a.indicatorId);
  await writeAssessment(trx, {
    ...a,
    effectiveTo: null,
    origin: "analyst",
    sourceId: audit.sourceId ?? null,
    reviewedBy: actor,
    changedBy: actor,
    changeReason: reason.trim(),
  });
  await recordAudit(trx, {
    actor,
    action: audit.action,
    target: `assessment:${a.jurisdictionCode}/${a.indicatorId}`,
    detail: {
      old: previous ? { value: previous.value, origin: previous.origin, effective_from: previous.effective_from, verified_on: previous.verified_on } : null,
      new: { value: a.value, effective_from: a.effectiveFrom, verified_on: a.verifiedOn, confidence: a.confidence, citation_url: a.citations[0]?.url ?? null },
      reason: reason.trim(),
      ...audit.detail,
    },
  });
  return previous;
}

export interface SetAssessmentInput extends AssessmentInput {
  /** The account's email: recorded as who changed the answer. */
  actor: string;
  reason: string;
}

/**
 * An analyst's direct edit of one cell. Invalid input writes nothing and returns the errors per field;
 * a valid one writes the assessment, its history and the audit entry in one transaction.
 */
export async function setAnalystAssessment(
  db: Db,
  input: SetAssessmentInput,
): Promise<WriteResult<{ assessment: ValidAssessment; previous: StoredAnswer | null }>> {
  if (!input.actor) throw new Error("setAnalystAssessment needs the actor");
  return db.transaction().execute(async (trx) => {
    const checked = await validateAssessment(trx, input, input.reason);
    if (!checked.ok) return checked;
    const previous = await writeAnalystAnswer(trx, checked.value, input.actor, input.reason, { action: "assessment.set" });
    return { ok: true as const, value: { assessment: checked.value, previous } };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Follow-up notes
// ---------------------------------------------------------------------------------------------------------

export type NoteField = "recommendationId" | "jurisdictionCode" | "body" | "linkUrl" | "notedOn";

export interface NoteInput {
  recommendationId: string;
  jurisdictionCode: string;
  body: string;
  linkUrl?: string | null;
  notedOn: string;
  actor: string;
}

/** Adds a dated note on one recommendation for one jurisdiction (checked; audited in the same transaction). */
export async function addFollowUpNote(db: Db, input: NoteInput): Promise<WriteResult<FollowUpNote, NoteField>> {
  if (!input.actor) throw new Error("addFollowUpNote needs the actor");
  return db.transaction().execute(async (trx) => {
    const errors: FieldErrors<NoteField> = {};
    const recommendationId = text(input.recommendationId);
    const jurisdictionCode = text(input.jurisdictionCode).toUpperCase();
    const body = text(input.body);
    const linkUrl = text(input.linkUrl) || null;
    const notedOn = text(input.notedOn);
    if (!recommendationId) errors.recommendationId = "Choose the recommendation.";
    else if (!(await trx.selectFrom("recommendation").select("id").where("id", "=", recommendationId).executeTakeFirst())) {
      errors.recommendationId = `There is no recommendation "${recommendationId}".`;
    }
    if (!jurisdictionCode) errors.jurisdictionCode = "Choose the jurisdiction.";
    else if (!(await trx.selectFrom("jurisdiction").select("code").where("code", "=", jurisdictionCode).executeTakeFirst())) {
      errors.jurisdictionCode = `There is no jurisdiction "${jurisdictionCode}".`;
    }
    if (!body) errors.body = "Write the note.";
    else if (body.length > MAX_NOTE) errors.body = `Keep the note under ${MAX_NOTE} characters (it has ${body.length}).`;
    if (linkUrl && !isHttpsUrl(linkUrl)) errors.linkUrl = `"${linkUrl}" is not an https URL.`;
    const notedError = dateError(notedOn, "date of the note");
    if (notedError) errors.notedOn = notedError;
    if (Object.keys(errors).length > 0) return { ok: false as const, errors };
    const note = await trx
      .insertInto("follow_up_note")
      .values({ recommendation_id: recommendationId, jurisdiction_code: jurisdictionCode, body, link_url: linkUrl, noted_on: notedOn, created_by: input.actor })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: input.actor,
      action: "note.add",
      target: `note:${note.id}`,
      detail: { recommendation_id: recommendationId, jurisdiction_code: jurisdictionCode, noted_on: notedOn, link_url: linkUrl },
    });
    return { ok: true as const, value: note };
  });
}

export interface NoteView {
  id: number;
  recommendation_id: string;
  recommendation_title: string;
  jurisdiction_code: string;
  jurisdiction_name: string;
  body: string;
  link_url: string | null;
  noted_on: string;
  created_by: string;
  created_at: Date;
}

/** Notes, newest first by date noted, filtered by recommendation and/or jurisdiction. */
export async function listFollowUpNotes(db: Db | Tx, filter: { recommendationId?: string; jurisdictionCode?: string } = {}): Promise<NoteView[]> {
  let query = db
    .selectFrom("follow_up_note as n")
    .innerJoin("recommendation as r", "r.id", "n.recommendation_id")
    .innerJoin("jurisdiction as j", "j.code", "n.jurisdiction_code")
    .select([
      "n.id",
      "n.recommendation_id",
      "r.title as recommendation_title",
      "n.jurisdiction_code",
      "j.name as jurisdiction_name",
      "n.body",
      "n.link_url",
      "n.noted_on",
      "n.created_by",
      "n.created_at",
    ]);
  if (filter.recommendationId) query = query.where("n.recommendation_id", "=", filter.recommendationId);
  if (filter.jurisdictionCode) query = query.where("n.jurisdiction_code", "=", filter.jurisdictionCode);
  const rows = await query.orderBy("n.noted_on", "desc").orderBy("n.id", "desc").execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), created_at: new Date(r.created_at) }));
}

export { todayIso };
