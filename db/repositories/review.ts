import { sql, type Kysely, type Transaction } from "kysely";
import type { CitationJson, Database, ReviewItemTable } from "../schema";
import {
  currentAnswer,
  validateAssessment,
  writeAnalystAnswer,
  type AssessmentField,
  type AssessmentInput,
  type CitationInput,
  type FieldErrors,
  type StoredAnswer,
  type ValidAssessment,
  type WriteResult,
} from "./analyst";
import { recordAudit } from "./audit";

/**
 * The review queue: what ingestion detected that a person must decide — a new instrument on a tracked
 * topic, or an ingested value contradicting a reviewed one. Listing gives the evidence (instrument, the
 * classifier's reasons, the snapshot the record came from, the source); accepting writes an analyst
 * answer citing the instrument; dismissing records why. Every decision is audited in its transaction.
 */

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

export type ReviewKind = ReviewItemTable["kind"];
export type ReviewStatus = "open" | "accepted" | "dismissed";
export const REVIEW_KINDS: readonly ReviewKind[] = ["new_instrument", "conflict"];
export const REVIEW_STATUSES: readonly ReviewStatus[] = ["open", "accepted", "dismissed"];
export const REVIEW_PAGE_SIZE = 25;

/** The item does not exist. */
export class ReviewNotFoundError extends Error {
  constructor(readonly itemId: number) {
    super(`There is no review item ${itemId}.`);
    this.name = "ReviewNotFoundError";
  }
}

/** The item was decided already (by someone else, or in another tab). */
export class ReviewDecidedError extends Error {
  constructor(
    readonly itemId: number,
    readonly status: string,
    readonly decidedBy: string | null,
  ) {
    super(`Review item ${itemId} was ${status} already${decidedBy ? ` by ${decidedBy}` : ""}; nothing was changed.`);
    this.name = "ReviewDecidedError";
  }
}

export interface ReviewFilter {
  status?: ReviewStatus | "all";
  kind?: ReviewKind | "all";
  source?: string | null;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface ReviewEvidence {
  id: number;
  kind: ReviewKind;
  status: ReviewStatus;
  reason: string;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  source: { id: string; name: string; homepage: string };
  jurisdiction: { code: string; name: string } | null;
  indicator: { id: string; question: string; topic_id: string } | null;
  instrument: {
    id: number;
    title: string;
    kind: string;
    stage: string;
    jurisdiction_code: string;
    official_url: string;
    introduced_on: string | null;
    enacted_on: string | null;
    in_force_on: string | null;
    summary: string | null;
    identifiers: Record<string, string>;
    first_seen_at: Date;
  } | null;
  /** The classifier's reason for each topic the instrument matched. */
  topics: { topic_id: string; topic_name: string; reason: string }[];
  snapshot: { id: number; url: string; sha256: string; http_status: number | null; first_fetched_at: Date; last_fetched_at: Date } | null;
  /** The cell's stored answer now (for a conflict, the reviewed value the source contradicts). */
  current: StoredAnswer | null;
}

function itemQuery(db: Db | Tx) {
  return db
    .selectFrom("review_item as r")
    .innerJoin("source as s", "s.id", "r.source_id")
    .leftJoin("instrument as i", "i.id", "r.instrument_id")
    .leftJoin("jurisdiction as j", "j.code", "r.jurisdiction_code")
    .leftJoin("indicator as ind", "ind.id", "r.indicator_id")
    .leftJoin("snapshot as sn", "sn.id", "r.snapshot_id")
    .select([
      "r.id",
      "r.kind",
      "r.status",
      "r.reason",
      "r.created_at",
      "r.decided_by",
      "r.decided_at",
      "r.decision_reason",
      "r.jurisdiction_code",
      "r.indicator_id",
      "s.id as source_id",
      "s.name as source_name",
      "s.homepage as source_homepage",
      "j.name as jurisdiction_name",
      "ind.question as indicator_question",
      "ind.topic_id as indicator_topic",
      "i.id as instrument_id",
      "i.title as instrument_title",
      "i.kind as instrument_kind",
      "i.stage as instrument_stage",
      "i.jurisdiction_code as instrument_jurisdiction",
      "i.official_url as instrument_url",
      "i.introduced_on",
      "i.enacted_on",
      "i.in_force_on",
      "i.summary as instrument_summary",
      "i.identifiers as instrument_identifiers",
      "i.first_seen_at as instrument_first_seen_at",
      "sn.id as snapshot_id",
      "sn.url as snapshot_url",
      "sn.sha256 as snapshot_sha256",
      "sn.http_status as snapshot_status",
      "sn.first_fetched_at as snapshot_first_fetched_at",
      "sn.last_fetched_at as snapshot_last_fetched_at",
    ]);
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof itemQuery>["execute"]>>[number];

async function withEvidence(db: Db | Tx, rows: ItemRow[]): Promise<ReviewEvidence[]> {
  const instrumentIds = rows.map((r) => r.instrument_id).filter((id): id is number => id !== null);
  const topics = instrumentIds.length
    ? await db
        .selectFrom("instrument_topic as it")
        .innerJoin("topic as t", "t.id", "it.topic_id")
        .select(["it.instrument_id", "it.topic_id", "t.name as topic_name", "it.reason"])
        .where("it.instrument_id", "in", instrumentIds)
        .orderBy("it.topic_id")
        .execute()
    : [];
  const out: ReviewEvidence[] = [];
  for (const r of rows) {
    const cell = r.jurisdiction_code && r.indicator_id ? await currentAnswer(db, r.jurisdiction_code, r.indicator_id) : null;
    out.push({
      id: Number(r.id),
      kind: r.kind,
      status: r.status,
      reason: r.reason,
      created_at: new Date(r.created_at),
      decided_by: r.decided_by,
      decided_at: r.decided_at ? new Date(r.decided_at) : null,
      decision_reason: r.decision_reason,
      source: { id: r.source_id, name: r.source_name, homepage: r.source_homepage },
      jurisdiction: r.jurisdiction_code ? { code: r.jurisdiction_code, name: r.jurisdiction_name ?? r.jurisdiction_code } : null,
      indicator: r.indicator_id ? { id: r.indicator_id, question: r.indicator_question ?? "", topic_id: r.indicator_topic ?? "" } : null,
      instrument:
        r.instrument_id !== null
          ? {
              id: Number(r.instrument_id),
              title: r.instrument_title ?? "",
              kind: r.instrument_kind ?? "",
              stage: r.instrument_stage ?? "",
              jurisdiction_code: r.instrument_jurisdiction ?? "",
              official_url: r.instrument_url ?? "",
              introduced_on: r.introduced_on,
              enacted_on: r.enacted_on,
              in_force_on: r.in_force_on,
              summary: r.instrument_summary,
              identifiers:
                typeof r.instrument_identifiers === "string"
                  ? (JSON.parse(r.instrument_identifiers) as Record<string, string>)
                  : ((r.instrument_identifiers as Record<string, string> | null) ?? {}),
              first_seen_at: new Date(r.instrument_first_seen_at!),
            }
          : null,
      topics: topics.filter((t) => t.instrument_id === r.instrument_id).map((t) => ({ topic_id: t.topic_id, topic_name: t.topic_name, reason: t.reason })),
      snapshot:
        r.snapshot_id !== null
          ? {
              id: Number(r.snapshot_id),
              url: r.snapshot_url ?? "",
              sha256: r.snapshot_sha256 ?? "",
              http_status: r.snapshot_status,
              first_fetched_at: new Date(r.snapshot_first_fetched_at!),
              last_fetched_at: new Date(r.snapshot_last_fetched_at!),
            }
          : null,
      current: cell,
    });
  }
  return out;
}

/** A page of review items with their evidence, oldest open first (the queue order); decided ones newest first. */
export async function listReviewItems(db: Db, filter: ReviewFilter = {}) {
  const status = filter.status ?? "open";
  const kind = filter.kind ?? "all";
  const pageSize = filter.pageSize ?? REVIEW_PAGE_SIZE;
  const page = Math.max(1, Math.floor(filter.page ?? 1));
  let base = db.selectFrom("review_item as r");
  if (status !== "all") base = base.where("r.status", "=", status);
  if (kind !== "all") base = base.where("r.kind", "=", kind);
  if (filter.source) base = base.where("r.source_id", "=", filter.source);
  const total = await base.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();

  let query = itemQuery(db);
  if (status !== "all") query = query.where("r.status", "=", status);
  if (kind !== "all") query = query.where("r.kind", "=", kind);
  if (filter.source) query = query.where("r.source_id", "=", filter.source);
  query = status === "open" ? query.orderBy("r.created_at", "asc").orderBy("r.id", "asc") : query.orderBy("r.id", "desc");
  const rows = await query
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const counts = await db
    .selectFrom("review_item")
    .select(["status", "kind", sql<number>`count(*)::int`.as("n")])
    .groupBy(["status", "kind"])
    .execute();
  return {
    items: await withEvidence(db, rows),
    total: Number(total.n),
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(Number(total.n) / pageSize)),
    counts: counts.map((c) => ({ status: c.status, kind: c.kind, n: Number(c.n) })),
  };
}

/** One item with its evidence, or null. */
export async function getReviewItem(db: Db | Tx, itemId: number): Promise<ReviewEvidence | null> {
  const rows = await itemQuery(db).where("r.id", "=", itemId).execute();
  return (await withEvidence(db, rows))[0] ?? null;
}

async function lockOpenItem(trx: Tx, itemId: number) {
  const item = await trx.selectFrom("review_item").selectAll().where("id", "=", itemId).forUpdate().executeTakeFirst();
  if (!item) throw new ReviewNotFoundError(itemId);
  if (item.status !== "open") throw new ReviewDecidedError(itemId, item.status, item.decided_by);
  return item;
}

async function decide(trx: Tx, itemId: number, status: "accepted" | "dismissed", actor: string, reason: string) {
  await trx
    .updateTable("review_item")
    .set({ status, decided_by: actor, decided_at: new Date(), decision_reason: reason.trim() })
    .where("id", "=", itemId)
    .where("status", "=", "open")
    .execute();
}

export interface AcceptInput {
  itemId: number;
  /** The analyst's email. */
  actor: string;
  /** Why the item is accepted; also the history's change reason. */
  reason: string;
  assessment: Omit<AssessmentInput, "furtherCitations"> & { citation: CitationInput };
}

/** Checks an accept against its item: the answer is for the item's jurisdiction (and, for a conflict, its indicator). */
function itemMismatch(item: { kind: ReviewKind; jurisdiction_code: string | null; indicator_id: string | null }, a: ValidAssessment): FieldErrors<AssessmentField> {
  const errors: FieldErrors<AssessmentField> = {};
  if (item.jurisdiction_code && a.jurisdictionCode !== item.jurisdiction_code) {
    errors.jurisdictionCode = `This item is about ${item.jurisdiction_code}; an answer for ${a.jurisdictionCode} is edited on its own page.`;
  }
  if (item.kind === "conflict" && item.indicator_id && a.indicatorId !== item.indicator_id) {
    errors.indicatorId = `This conflict is about ${item.indicator_id}.`;
  }
  return errors;
}

/** The instrument's own record, cited beside the analyst's citation when that points elsewhere. */
function withInstrumentLink(citations: CitationJson[], instrument: { title: string; official_url: string } | undefined): CitationJson[] {
  if (!instrument || citations.some((c) => c.url === instrument.official_url)) return citations;
  return [...citations, { instrumentTitle: instrument.title, provision: "Official record of the instrument", url: instrument.official_url }];
}

async function acceptInTransaction(trx: Tx, input: AcceptInput, bulk: boolean): Promise<WriteResult<{ assessment: ValidAssessment; previous: StoredAnswer | null }>> {
  const item = await lockOpenItem(trx, input.itemId);
  const checked = await validateAssessment(trx, input.assessment, input.reason);
  if (!checked.ok) return checked;
  const mismatch = itemMismatch(item, checked.value);
  if (Object.keys(mismatch).length > 0) return { ok: false, errors: mismatch };
  const instrument = item.instrument_id
    ? await trx.selectFrom("instrument").select(["id", "title", "official_url"]).where("id", "=", item.instrument_id).executeTakeFirst()
    : undefined;
  const assessment = { ...checked.value, citations: withInstrumentLink(checked.value.citations, instrument) };
  const previous = await writeAnalystAnswer(trx, assessment, input.actor, input.reason, {
    action: "assessment.set",
    sourceId: item.source_id,
    detail: { review_item: item.id, instrument_id: item.instrument_id },
  });
  await decide(trx, item.id, "accepted", input.actor, input.reason);
  await recordAudit(trx, {
    actor: input.actor,
    action: "review.accept",
    target: `review_item:${item.id}`,
    detail: {
      kind: item.kind,
      source_id: item.source_id,
      instrument_id: item.instrument_id,
      assessment: `${assessment.jurisdictionCode}/${assessment.indicatorId}`,
      value: assessment.value,
      reason: input.reason.trim(),
      ...(bulk ? { bulk: true } : {}),
    },
  });
  return { ok: true, value: { assessment, previous } };
}

/**
 * Accepts an open item into an analyst answer, in one transaction: the assessment (citing the item's
 * instrument), its history row, the item marked accepted, and the audit entries. Invalid input returns the
 * errors per field and writes nothing. Throws ReviewNotFoundError / ReviewDecidedError.
 */
export async function acceptReviewItem(db: Db, input: AcceptInput) {
  if (!input.actor) throw new Error("acceptReviewItem needs the actor");
  return db.transaction().execute((trx) => acceptInTransaction(trx, input, false));
}

export interface DismissInput {
  itemId: number;
  actor: string;
  reason: string;
}

function reasonError(reason: string): FieldErrors<"reason"> | null {
  const r = reason.trim();
  if (!r) return { reason: "Give the reason for dismissing; it is kept with the item." };
  if (r.length > 1000) return { reason: "Keep the reason under 1000 characters." };
  return null;
}

async function dismissInTransaction(trx: Tx, input: DismissInput, bulk: boolean) {
  const item = await lockOpenItem(trx, input.itemId);
  await decide(trx, item.id, "dismissed", input.actor, input.reason);
  await recordAudit(trx, {
    actor: input.actor,
    action: "review.dismiss",
    target: `review_item:${item.id}`,
    detail: { kind: item.kind, source_id: item.source_id, instrument_id: item.instrument_id, reason: input.reason.trim(), ...(bulk ? { bulk: true } : {}) },
  });
}

/** Dismisses an open item with a reason (required), audited in the same transaction. */
export async function dismissReviewItem(db: Db, input: DismissInput): Promise<WriteResult<{ itemId: number }, "reason">> {
  if (!input.actor) throw new Error("dismissReviewItem needs the actor");
  const invalid = reasonError(input.reason);
  if (invalid) return { ok: false, errors: invalid };
  await db.transaction().execute((trx) => dismissInTransaction(trx, input, false));
  return { ok: true, value: { itemId: input.itemId } };
}

/**
 * Dismisses every selected item with one reason, all or nothing: if one of them is unknown or decided
 * already, none is dismissed (the error names it).
 */
export async function bulkDismiss(db: Db, input: { itemIds: number[]; actor: string; reason: string }): Promise<WriteResult<{ dismissed: number }, "reason" | "items">> {
  if (!input.actor) throw new Error("bulkDismiss needs the actor");
  const ids = [...new Set(input.itemIds)];
  if (ids.length === 0) return { ok: false, errors: { items: "Select at least one item." } };
  const invalid = reasonError(input.reason);
  if (invalid) return { ok: false, errors: invalid };
  await db.transaction().execute(async (trx) => {
    for (const id of ids) await dismissInTransaction(trx, { itemId: id, actor: input.actor, reason: input.reason }, true);
  });
  return { ok: true, value: { dismissed: ids.length } };
}

export interface BulkAcceptInput {
  itemIds: number[];
  actor: string;
  reason: string;
  /**
   * One answer applied to each selected new-instrument item, in the item's jurisdiction, citing the item's
   * instrument (title and official URL) at `provision` — e.g. "these five bills make the answer pending".
   */
  answer: { indicatorId: string; value: string; rationale: string; provision: string; effectiveFrom: string; effectiveBasis: string; verifiedOn: string; confidence: string | null };
}

/**
 * Accepts several new-instrument items with one answer each, all or nothing. Two items of the same
 * jurisdiction would overwrite each other's answer, so they are refused; so are conflicts (each needs its own
 * decision). Errors are keyed by field, or `items`, and name the item.
 */
export async function bulkAccept(db: Db, input: BulkAcceptInput): Promise<WriteResult<{ accepted: number }, AssessmentField | "items">> {
  if (!input.actor) throw new Error("bulkAccept needs the actor");
  const ids = [...new Set(input.itemIds)];
  if (ids.length === 0) return { ok: false, errors: { items: "Select at least one item." } };
  return db.transaction().execute(async (trx) => {
    const items = await trx
      .selectFrom("review_item as r")
      .leftJoin("instrument as i", "i.id", "r.instrument_id")
      .select(["r.id", "r.kind", "r.status", "r.jurisdiction_code", "i.title", "i.official_url"])
      .where("r.id", "in", ids)
      .execute();
    for (const id of ids) if (!items.some((i) => Number(i.id) === id)) throw new ReviewNotFoundError(id);
    const conflict = items.find((i) => i.kind !== "new_instrument" || !i.title);
    if (conflict) return { ok: false as const, errors: { items: `Item ${conflict.id} is a conflict: decide it on its own.` } };
    const seen = new Map<string, number>();
    for (const i of items) {
      const earlier = seen.get(i.jurisdiction_code ?? "");
      if (earlier !== undefined) {
        return { ok: false as const, errors: { items: `Items ${earlier} and ${i.id} are both about ${i.jurisdiction_code}: accept them one by one so neither answer overwrites the other.` } };
      }
      seen.set(i.jurisdiction_code ?? "", Number(i.id));
    }
    for (const i of items) {
      const result = await acceptInTransaction(
        trx,
        {
          itemId: Number(i.id),
          actor: input.actor,
          reason: input.reason,
          assessment: {
            jurisdictionCode: i.jurisdiction_code ?? "",
            indicatorId: input.answer.indicatorId,
            value: input.answer.value,
            rationale: input.answer.rationale,
            citation: { instrumentTitle: i.title ?? "", provision: input.answer.provision, url: i.official_url ?? "" },
            effectiveFrom: input.answer.effectiveFrom,
            effectiveBasis: input.answer.effectiveBasis,
            verifiedOn: input.answer.verifiedOn,
            confidence: input.answer.confidence,
          },
        },
        true,
      );
      if (!result.ok) {
        // Nothing of the batch may stay: roll back by throwing, and hand the errors out below.
        throw new BulkInvalid(Number(i.id), result.errors);
      }
    }
    return { ok: true as const, value: { accepted: items.length } };
  }).catch((error: unknown) => {
    if (error instanceof BulkInvalid) {
      const errors: FieldErrors<AssessmentField | "items"> = { ...error.errors, items: `Item ${error.itemId} could not be accepted with this answer; nothing was accepted.` };
      return { ok: false as const, errors };
    }
    throw error;
  });
}

class BulkInvalid extends Error {
  constructor(
    readonly itemId: number,
    readonly errors: FieldErrors<AssessmentField>,
  ) {
    super(`item ${itemId} is invalid`);
  }
}

/** Open items per kind: for the navigation badge and the page summary. */
export async function openReviewCounts(db: Db) {
  const rows = await db.selectFrom("review_item").select(["kind", sql<number>`count(*)::int`.as("n")]).where("status", "=", "open").groupBy("kind").execute();
  return Object.fromEntries(REVIEW_KINDS.map((k) => [k, Number(rows.find((r) => r.kind === k)?.n ?? 0)])) as Record<ReviewKind, number>;
}
