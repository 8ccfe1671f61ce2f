import { json, redirect } from "@remix-run/node";
import { currentAnswer, setAnalystAssessment, todayIso } from "../../db/repositories/analyst";
import type { Services } from "../../workers/runtime/services";
import type { AssessmentValues, FormFailure } from "../components/Review";
import type { Value } from "../../domain/alignment";
import { indicatorChoices } from "./review.server";
import { getSession, requireUser, requireWrite } from "./session.server";

/**
 * /jurisdictions/:code/indicators/:indicatorId/edit: an analyst's direct edit of one answer, with the
 * current (old) value and the cell's history beside the form.
 */

function notFound(message: string): Response {
  return json({ message }, { status: 404, statusText: "Not found" });
}

async function cell(services: Services, code: string, indicatorId: string) {
  const db = services.database.db;
  const [jurisdiction, indicator] = await Promise.all([
    db.selectFrom("jurisdiction").select(["code", "name"]).where("code", "=", code).executeTakeFirst(),
    db.selectFrom("indicator").select(["id", "question", "definition", "answer_scale", "topic_id"]).where("id", "=", indicatorId).executeTakeFirst(),
  ]);
  if (!jurisdiction) throw notFound(`There is no jurisdiction "${code}". See /jurisdictions.`);
  if (!indicator) throw notFound(`There is no indicator "${indicatorId}". See /indicators.`);
  return { jurisdiction, indicator: { ...indicator, answer_scale: JSON.parse(indicator.answer_scale) as Record<string, string> } };
}

export async function editPage(services: Services, request: Request, code: string, indicatorId: string) {
  const user = await requireUser(services, request, "analyst");
  const db = services.database.db;
  const { jurisdiction, indicator } = await cell(services, code, indicatorId);
  const [current, history, conflicts, choices] = await Promise.all([
    currentAnswer(db, code, indicatorId),
    db
      .selectFrom("assessment_history")
      .select(["id", "value", "rationale", "citations", "origin", "effective_from", "verified_on", "change_kind", "confidence", "changed_at", "changed_by", "change_reason"])
      .where("jurisdiction_code", "=", code)
      .where("indicator_id", "=", indicatorId)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("review_item")
      .select(["id", "kind", "reason", "created_at"])
      .where("status", "=", "open")
      .where("jurisdiction_code", "=", code)
      .where((eb) => eb.or([eb("indicator_id", "=", indicatorId), eb("indicator_id", "is", null)]))
      .orderBy("id")
      .execute(),
    indicatorChoices(db),
  ]);
  // Each history row with the value it replaced: the old value stays visible.
  let previous: Value | null = null;
  const rows = history.map((h) => {
    const row = {
      id: Number(h.id),
      old_value: previous,
      value: h.value,
      rationale: h.rationale,
      citation: (typeof h.citations === "string" ? JSON.parse(h.citations) : h.citations)[0] ?? null,
      origin: h.origin,
      effective_from: h.effective_from,
      verified_on: h.verified_on,
      change_kind: h.change_kind,
      confidence: h.confidence,
      changed_at: new Date(h.changed_at).toISOString(),
      changed_by: h.changed_by,
      change_reason: h.change_reason,
    };
    previous = h.value;
    return row;
  });
  const first = current?.citations[0];
  const values: AssessmentValues = {
    jurisdictionCode: code,
    indicatorId,
    value: current?.value ?? "",
    rationale: current?.rationale ?? "",
    instrumentTitle: first?.instrumentTitle ?? "",
    provision: first?.provision ?? "",
    url: first?.url ?? "",
    quote: first?.quote ?? "",
    effectiveFrom: current?.effective_from ?? "",
    effectiveBasis: current?.effective_basis ?? "",
    verifiedOn: todayIso(),
    confidence: current?.confidence ?? "medium",
    reason: "",
  };
  const url = new URL(request.url);
  return {
    user: { email: user.email },
    csrf: (await getSession(services, request)).get("csrf") ?? "",
    jurisdiction,
    indicator,
    indicatorChoice: choices.find((c) => c.id === indicatorId)!,
    current,
    furtherCitations: current?.citations.slice(1) ?? [],
    values,
    history: rows.reverse(),
    conflicts: conflicts.map((c) => ({ id: Number(c.id), kind: c.kind, reason: c.reason, created_at: new Date(c.created_at).toISOString() })),
    saved: url.searchParams.get("saved") === "1",
  };
}

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

const FIELDS = ["value", "rationale", "instrumentTitle", "provision", "url", "quote", "effectiveFrom", "effectiveBasis", "verifiedOn", "confidence", "reason", "keepFurther"] as const;

export async function editAction(services: Services, request: Request, code: string, indicatorId: string) {
  const { user, form } = await requireWrite(services, request, "analyst");
  await cell(services, code, indicatorId);
  const db = services.database.db;
  const current = await currentAnswer(db, code, indicatorId);
  const keepFurther = field(form, "keepFurther") === "yes";
  const result = await setAnalystAssessment(db, {
    jurisdictionCode: code,
    indicatorId,
    value: field(form, "value"),
    rationale: field(form, "rationale"),
    citation: { instrumentTitle: field(form, "instrumentTitle"), provision: field(form, "provision"), url: field(form, "url"), quote: field(form, "quote") },
    furtherCitations: keepFurther ? (current?.citations.slice(1) ?? []) : [],
    effectiveFrom: field(form, "effectiveFrom"),
    effectiveBasis: field(form, "effectiveBasis"),
    verifiedOn: field(form, "verifiedOn"),
    confidence: field(form, "confidence") || null,
    actor: user.email,
    reason: field(form, "reason"),
  });
  if (!result.ok) {
    const body: FormFailure = { intent: "edit", itemId: null, errors: result.errors, values: Object.fromEntries(FIELDS.map((f) => [f, field(form, f)])) };
    return json(body, { status: 400 });
  }
  return redirect(`/jurisdictions/${encodeURIComponent(code)}/indicators/${encodeURIComponent(indicatorId)}/edit?saved=1`);
}
