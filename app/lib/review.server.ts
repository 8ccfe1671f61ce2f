import { json, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import { listIndicators } from "../../db/repositories/knowledge";
import {
  acceptReviewItem,
  bulkAccept,
  bulkDismiss,
  dismissReviewItem,
  getReviewItem,
  listReviewItems,
  openReviewCounts,
  REVIEW_KINDS,
  REVIEW_STATUSES,
  ReviewDecidedError,
  ReviewNotFoundError,
  type ReviewEvidence,
  type ReviewKind,
  type ReviewStatus,
} from "../../db/repositories/review";
import type { Database } from "../../db/schema";
import type { Services } from "../../workers/runtime/services";
import type { AssessmentValues, FormFailure, IndicatorChoice, ReviewItemView } from "../components/Review";
import { todayIso } from "../../db/repositories/analyst";
import { BadQueryError } from "./overview.server";
import { getSession, requireUser, requireWrite } from "./session.server";

/** /review and /review/:id: the queue, one item's evidence, and the accept / dismiss / bulk actions. */

type Db = Kysely<Database>;

export interface ReviewQuery {
  status: ReviewStatus | "all";
  kind: ReviewKind | "all";
  source: string | null;
  page: number;
}

/** Reads `status`, `kind`, `source` and `page` from the URL; a bad one is a BadQueryError naming it. */
export async function readReviewQuery(db: Db, url: URL): Promise<ReviewQuery> {
  const p = url.searchParams;
  const status = p.get("status")?.trim() || "open";
  if (status !== "all" && !REVIEW_STATUSES.includes(status as ReviewStatus)) {
    throw new BadQueryError("status", `"${status}" is not a review status: use open, accepted, dismissed or all.`);
  }
  const kind = p.get("kind")?.trim() || "all";
  if (kind !== "all" && !REVIEW_KINDS.includes(kind as ReviewKind)) {
    throw new BadQueryError("kind", `"${kind}" is not a kind of review item: use new_instrument, conflict or all.`);
  }
  const source = p.get("source")?.trim() || null;
  if (source && !(await db.selectFrom("source").select("id").where("id", "=", source).executeTakeFirst())) {
    throw new BadQueryError("source", `There is no source "${source}". See /sources for the list.`);
  }
  const pageRaw = p.get("page")?.trim() || "1";
  if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1) throw new BadQueryError("page", `"${pageRaw}" is not a page number (1, 2, …).`);
  return { status: status as ReviewQuery["status"], kind: kind as ReviewQuery["kind"], source, page: Number(pageRaw) };
}

export function reviewSearch(q: ReviewQuery, page = q.page): string {
  const params = new URLSearchParams();
  if (q.status !== "open") params.set("status", q.status);
  if (q.kind !== "all") params.set("kind", q.kind);
  if (q.source) params.set("source", q.source);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** An accepted answer's prefilled effective date: the instrument's in-force date once in force, else empty (not established). */
function defaultEffectiveFrom(item: ReviewEvidence): string {
  const i = item.instrument;
  return i && i.stage === "in_force" && i.in_force_on ? i.in_force_on : "";
}

function defaultEffectiveBasis(item: ReviewEvidence): string {
  const i = item.instrument;
  if (!i) return "";
  if (i.stage === "in_force" && i.in_force_on) return `In force ${i.in_force_on} (${i.title}, as the source reports it).`;
  // Enactment is not commencement: the analyst gives the in-force date or keeps this reason.
  if (i.enacted_on) return `Enacted ${i.enacted_on}; the source gives no commencement date: date not established.`;
  return "";
}

function prefill(item: ReviewEvidence): AssessmentValues {
  const cited = item.current?.citations[0];
  const i = item.instrument;
  return {
    jurisdictionCode: item.jurisdiction?.code ?? i?.jurisdiction_code ?? "",
    indicatorId: item.indicator?.id ?? "",
    // A new instrument's answer is the analyst's judgement: no value is preselected.
    value: item.kind === "conflict" ? (item.current?.value ?? "") : "",
    rationale: item.kind === "conflict" ? (item.current?.rationale ?? "") : "",
    instrumentTitle: i?.title ?? cited?.instrumentTitle ?? "",
    provision: i ? "" : (cited?.provision ?? ""),
    url: i?.official_url ?? cited?.url ?? "",
    quote: i ? "" : (cited?.quote ?? ""),
    effectiveFrom: item.kind === "conflict" ? (item.current?.effective_from ?? "") : defaultEffectiveFrom(item),
    effectiveBasis: item.kind === "conflict" ? (item.current?.effective_basis ?? "") : defaultEffectiveBasis(item),
    verifiedOn: todayIso(),
    confidence: item.current?.confidence ?? "medium",
    reason: "",
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function itemView(item: ReviewEvidence): ReviewItemView {
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    reason: item.reason,
    created_at: item.created_at.toISOString(),
    decided_by: item.decided_by,
    decided_at: iso(item.decided_at),
    decision_reason: item.decision_reason,
    source: item.source,
    jurisdiction: item.jurisdiction,
    indicator: item.indicator ? { id: item.indicator.id, question: item.indicator.question } : null,
    instrument: item.instrument ? { ...item.instrument, first_seen_at: item.instrument.first_seen_at.toISOString() } : null,
    topics: item.topics,
    snapshot: item.snapshot
      ? { ...item.snapshot, first_fetched_at: item.snapshot.first_fetched_at.toISOString(), last_fetched_at: item.snapshot.last_fetched_at.toISOString() }
      : null,
    current: item.current,
    prefill: prefill(item),
  };
}

export async function indicatorChoices(db: Db): Promise<IndicatorChoice[]> {
  const [indicators, topics] = await Promise.all([listIndicators(db), db.selectFrom("topic").select(["id", "name"]).execute()]);
  const name = new Map(topics.map((t) => [t.id, t.name]));
  return indicators.map((i) => ({ id: i.id, question: i.question, topic_id: i.topic_id, topic_name: name.get(i.topic_id) ?? i.topic_id }));
}

async function csrfOf(services: Services, request: Request): Promise<string> {
  return (await getSession(services, request)).get("csrf") ?? "";
}

/** What the /review page shows: the analyst's queue page with evidence and the choices for its forms. */
export async function reviewPage(services: Services, request: Request) {
  const user = await requireUser(services, request, "analyst");
  const db = services.database.db;
  const url = new URL(request.url);
  const query = await readReviewQuery(db, url);
  const [list, sources, indicators, open, csrf, detected] = await Promise.all([
    listReviewItems(db, { status: query.status, kind: query.kind, source: query.source, page: query.page }),
    db.selectFrom("source").select(["id", "name"]).orderBy("name").execute(),
    indicatorChoices(db),
    openReviewCounts(db),
    csrfOf(services, request),
    db
      .selectFrom("review_item as r")
      .innerJoin("source as s", "s.id", "r.source_id")
      .select(["s.id", "s.name", (eb) => eb.fn.max("r.created_at").as("at")])
      .groupBy(["s.id", "s.name"])
      .execute(),
  ]);
  const latest = detected.reduce<Date | null>((max, d) => (d.at && (!max || new Date(d.at) > max) ? new Date(d.at) : max), null);
  if (query.page > list.pages && list.total > 0) throw new BadQueryError("page", `There are only ${list.pages} pages of items for these filters.`);
  const done = url.searchParams.get("done");
  return {
    user: { email: user.email, role: user.role },
    csrf,
    query,
    search: reviewSearch(query),
    pageLinks: { previous: query.page > 1 ? reviewSearch(query, query.page - 1) : null, next: query.page < list.pages ? reviewSearch(query, query.page + 1) : null },
    items: list.items.map(itemView),
    total: list.total,
    page: list.page,
    pages: list.pages,
    pageSize: list.pageSize,
    open,
    sources,
    indicators,
    done: done ? done.slice(0, 300) : null,
    freshness: { lastUpdated: latest?.toISOString() ?? null, sources: detected.map((d) => ({ id: d.id, name: d.name })) },
  };
}

/** One item's page; 404 for an unknown id. */
export async function reviewItemPage(services: Services, request: Request, idParam: string) {
  await requireUser(services, request, "analyst");
  const db = services.database.db;
  const id = /^\d{1,9}$/.test(idParam) ? Number(idParam) : NaN;
  const item = Number.isFinite(id) ? await getReviewItem(db, id) : null;
  if (!item) throw json({ message: `There is no review item "${idParam}". See /review for the queue.` }, { status: 404, statusText: "Not found" });
  const url = new URL(request.url);
  const audit = await db.selectFrom("audit_log").select(["id", "at", "actor", "action", "detail"]).where("target", "=", `review_item:${id}`).orderBy("id").execute();
  // The cell: the item's own (a conflict), or the one its acceptance answered (a new instrument).
  const accepted = audit.find((a) => a.action === "review.accept");
  const acceptedDetail = accepted ? ((typeof accepted.detail === "string" ? JSON.parse(accepted.detail) : accepted.detail) as { assessment?: string }) : null;
  const [cellJurisdiction, cellIndicator] = item.jurisdiction && item.indicator ? [item.jurisdiction.code, item.indicator.id] : (acceptedDetail?.assessment?.split("/") ?? []);
  const history =
    cellJurisdiction && cellIndicator
      ? await db
          .selectFrom("assessment_history")
          .select(["id", "value", "origin", "effective_from", "verified_on", "change_kind", "changed_at", "changed_by", "change_reason"])
          .where("jurisdiction_code", "=", cellJurisdiction)
          .where("indicator_id", "=", cellIndicator)
          .orderBy("id", "desc")
          .limit(50)
          .execute()
      : [];
  return {
    csrf: await csrfOf(services, request),
    item: itemView(item),
    indicators: await indicatorChoices(db),
    cell: cellJurisdiction && cellIndicator ? { jurisdiction: cellJurisdiction, indicator: cellIndicator } : null,
    history: history.map((h) => ({ ...h, id: Number(h.id), changed_at: new Date(h.changed_at).toISOString() })),
    decisions: audit.map((a) => ({ id: Number(a.id), at: new Date(a.at).toISOString(), actor: a.actor, action: a.action })),
    done: url.searchParams.get("done")?.slice(0, 300) ?? null,
  };
}

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/** Only review pages are valid places to go back to (no open redirect through the hidden field). */
function safeBack(raw: string): string {
  return /^\/review(\/\d+)?(\?[^#\s]*)?$/.test(raw) ? raw : "/review";
}

function withDone(back: string, message: string): string {
  const [path, search = ""] = back.split("?");
  const params = new URLSearchParams(search);
  params.set("done", message);
  return `${path}?${params.toString()}`;
}

const ASSESSMENT_FIELDS = ["jurisdictionCode", "indicatorId", "value", "rationale", "instrumentTitle", "provision", "url", "quote", "effectiveFrom", "effectiveBasis", "verifiedOn", "confidence", "reason"] as const;

function failure(intent: string, itemId: number | null, errors: Record<string, string | undefined>, form: FormData, status = 400) {
  const values = Object.fromEntries(ASSESSMENT_FIELDS.map((f) => [f, field(form, f)]));
  const body: FormFailure = { intent, itemId, errors: errors as FormFailure["errors"], values };
  return json(body, { status });
}

/** POST /review and /review/:id: accept, dismiss, bulk-dismiss or bulk-accept (analyst, CSRF-checked). */
export async function reviewAction(services: Services, request: Request) {
  const { user, form } = await requireWrite(services, request, "analyst");
  const db = services.database.db;
  const intent = field(form, "intent");
  const back = safeBack(field(form, "back"));
  const itemId = /^\d{1,9}$/.test(field(form, "itemId")) ? Number(field(form, "itemId")) : null;
  const reason = field(form, "reason");
  try {
    if (intent === "accept" || intent === "dismiss") {
      if (itemId === null) return failure(intent, null, { form: "The form did not say which item it is for." }, form);
      if (intent === "dismiss") {
        const result = await dismissReviewItem(db, { itemId, actor: user.email, reason });
        if (!result.ok) return failure(intent, itemId, result.errors, form);
        return redirect(withDone(back, `Item #${itemId} dismissed.`));
      }
      const result = await acceptReviewItem(db, {
        itemId,
        actor: user.email,
        reason,
        assessment: {
          jurisdictionCode: field(form, "jurisdictionCode"),
          indicatorId: field(form, "indicatorId"),
          value: field(form, "value"),
          rationale: field(form, "rationale"),
          citation: { instrumentTitle: field(form, "instrumentTitle"), provision: field(form, "provision"), url: field(form, "url"), quote: field(form, "quote") },
          effectiveFrom: field(form, "effectiveFrom"),
          effectiveBasis: field(form, "effectiveBasis"),
          verifiedOn: field(form, "verifiedOn"),
          confidence: field(form, "confidence") || null,
        },
      });
      if (!result.ok) return failure(intent, itemId, result.errors, form);
      const a = result.value.assessment;
      return redirect(
        withDone(back, `Item #${itemId} accepted: ${a.jurisdictionCode} ${a.indicatorId} is now ${a.value.replace("_", " ")}${result.value.previous ? ` (was ${result.value.previous.value.replace("_", " ")})` : ""}.`),
      );
    }
    if (intent === "bulk-dismiss" || intent === "bulk-accept") {
      const ids = form
        .getAll("item")
        .map((v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : NaN))
        .filter((n) => Number.isFinite(n));
      if (intent === "bulk-dismiss") {
        const result = await bulkDismiss(db, { itemIds: ids, actor: user.email, reason });
        if (!result.ok) return failure(intent, null, result.errors, form);
        return redirect(withDone(back, `${result.value.dismissed} item${result.value.dismissed === 1 ? "" : "s"} dismissed.`));
      }
      const result = await bulkAccept(db, {
        itemIds: ids,
        actor: user.email,
        reason,
        answer: {
          indicatorId: field(form, "indicatorId"),
          value: field(form, "value"),
          rationale: field(form, "rationale"),
          provision: field(form, "provision"),
          effectiveFrom: field(form, "effectiveFrom"),
          effectiveBasis: field(form, "effectiveBasis"),
          verifiedOn: field(form, "verifiedOn"),
          confidence: field(form, "confidence") || null,
        },
      });
      if (!result.ok) return failure(intent, null, result.errors, form);
      return redirect(withDone(back, `${result.value.accepted} item${result.value.accepted === 1 ? "" : "s"} accepted.`));
    }
    return failure(intent, itemId, { form: `Unknown action "${intent}".` }, form);
  } catch (error) {
    if (error instanceof ReviewNotFoundError) return failure(intent, error.itemId, { form: error.message }, form, 404);
    if (error instanceof ReviewDecidedError) return failure(intent, error.itemId, { form: error.message }, form, 409);
    throw error;
  }
}
