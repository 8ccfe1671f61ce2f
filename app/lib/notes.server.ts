import { json, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import { addFollowUpNote, listFollowUpNotes, todayIso, type NoteView } from "../../db/repositories/analyst";
import type { Database } from "../../db/schema";
import type { Services } from "../../workers/runtime/services";
import type { FollowUpNotesData, NoteFailure } from "../components/FollowUpNotes";
import { exportResponse, jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError } from "./overview.server";
import { currentUser, getSession, requireWrite } from "./session.server";

/**
 * Follow-up notes per recommendation × jurisdiction: the panel the recommendation and jurisdiction pages
 * show, the /notes page and its POST, and /notes/export.csv|json.
 */

type Db = Kysely<Database>;

export const NOTE_COLUMNS = ["recommendation_id", "jurisdiction_code", "noted_on", "body", "link_url", "created_by", "created_at"] as const;

export interface NoteQuery {
  recommendation: string | null;
  jurisdiction: string | null;
}

/** Reads `recommendation` and `jurisdiction` from the URL; unknown ids are BadQueryErrors naming the parameter. */
export async function readNoteQuery(db: Db, url: URL): Promise<NoteQuery> {
  const recommendation = url.searchParams.get("recommendation")?.trim() || null;
  const jurisdiction = url.searchParams.get("jurisdiction")?.trim().toUpperCase() || null;
  if (recommendation && !(await db.selectFrom("recommendation").select("id").where("id", "=", recommendation).executeTakeFirst())) {
    throw new BadQueryError("recommendation", `There is no recommendation "${recommendation}". See /recommendations for the list.`);
  }
  if (jurisdiction && !(await db.selectFrom("jurisdiction").select("code").where("code", "=", jurisdiction).executeTakeFirst())) {
    throw new BadQueryError("jurisdiction", `There is no jurisdiction "${jurisdiction}". See /jurisdictions for the list.`);
  }
  return { recommendation, jurisdiction };
}

const noteRow = (n: NoteView) => ({
  id: n.id,
  recommendation_id: n.recommendation_id,
  recommendation_title: n.recommendation_title,
  jurisdiction_code: n.jurisdiction_code,
  jurisdiction_name: n.jurisdiction_name,
  noted_on: n.noted_on,
  body: n.body,
  link_url: n.link_url,
  created_by: n.created_by,
  created_at: n.created_at.toISOString(),
});

/**
 * What <FollowUpNotes> needs: the notes for the recommendation and/or jurisdiction, whether the visitor may
 * add one (analysts), the CSRF token, and the choices for whichever of the two is not fixed.
 */
export async function notesPanel(
  services: Services,
  request: Request,
  target: { recommendationId?: string | null; jurisdictionCode?: string | null },
): Promise<FollowUpNotesData> {
  const db = services.database.db;
  const user = await currentUser(services, request);
  const canAdd = user !== null && (user.role === "analyst" || user.role === "admin");
  const notes = await listFollowUpNotes(db, { recommendationId: target.recommendationId ?? undefined, jurisdictionCode: target.jurisdictionCode ?? undefined });
  const [recommendations, jurisdictions] = canAdd
    ? await Promise.all([
        target.recommendationId ? Promise.resolve([]) : db.selectFrom("recommendation").select(["id", "title"]).orderBy("id").execute(),
        target.jurisdictionCode ? Promise.resolve([]) : db.selectFrom("jurisdiction").select(["code", "name"]).orderBy("name").execute(),
      ])
    : [[], []];
  const params = new URLSearchParams();
  if (target.recommendationId) params.set("recommendation", target.recommendationId);
  if (target.jurisdictionCode) params.set("jurisdiction", target.jurisdictionCode);
  const query = params.toString() ? `?${params.toString()}` : "";
  return {
    notes: notes.map(noteRow),
    canAdd,
    csrf: canAdd ? ((await getSession(services, request)).get("csrf") ?? "") : "",
    recommendationId: target.recommendationId ?? null,
    jurisdictionCode: target.jurisdictionCode ?? null,
    recommendations: recommendations.map((r) => ({ id: r.id, title: r.title })),
    jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: j.name })),
    today: todayIso(),
    exportQuery: query,
  };
}

/** Only same-site paths (no `//host`), so the hidden field cannot send anyone elsewhere. */
function safeRedirect(raw: string, fallback: string): string {
  return raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") && !/[\s]/.test(raw) ? raw : fallback;
}

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

const NOTE_FIELDS = ["recommendationId", "jurisdictionCode", "body", "linkUrl", "notedOn", "redirectTo"] as const;

/**
 * POST /notes: adds a note (analyst, CSRF-checked) and goes back to `redirectTo` at the notes; a refused
 * note is a 400 with the errors per field, which the /notes page shows beside its form.
 */
export async function noteAction(services: Services, request: Request) {
  const { user, form } = await requireWrite(services, request, "analyst");
  const result = await addFollowUpNote(services.database.db, {
    recommendationId: field(form, "recommendationId"),
    jurisdictionCode: field(form, "jurisdictionCode"),
    body: field(form, "body"),
    linkUrl: field(form, "linkUrl") || null,
    notedOn: field(form, "notedOn"),
    actor: user.email,
  });
  if (!result.ok) {
    const body: NoteFailure = { errors: result.errors, values: Object.fromEntries(NOTE_FIELDS.map((f) => [f, field(form, f)])) };
    return json(body, { status: 400 });
  }
  const params = new URLSearchParams({ recommendation: result.value.recommendation_id, jurisdiction: result.value.jurisdiction_code });
  const target = safeRedirect(field(form, "redirectTo"), `/notes?${params.toString()}`);
  return redirect(`${target.split("#")[0]}#follow-up-notes`);
}

/** The /notes page: every note, filtered by recommendation and jurisdiction in the URL. */
export async function notesPage(services: Services, request: Request) {
  const db = services.database.db;
  const url = new URL(request.url);
  const query = await readNoteQuery(db, url);
  const panel = await notesPanel(services, request, { recommendationId: query.recommendation, jurisdictionCode: query.jurisdiction });
  const [recommendation, jurisdiction, latest] = await Promise.all([
    query.recommendation ? db.selectFrom("recommendation").select(["id", "title"]).where("id", "=", query.recommendation).executeTakeFirst() : null,
    query.jurisdiction ? db.selectFrom("jurisdiction").select(["code", "name"]).where("code", "=", query.jurisdiction).executeTakeFirst() : null,
    db.selectFrom("follow_up_note").select((eb) => eb.fn.max("created_at").as("at")).executeTakeFirst(),
  ]);
  return {
    query,
    recommendation: recommendation ?? null,
    jurisdiction: jurisdiction ?? null,
    panel,
    lastUpdated: latest?.at ? new Date(latest.at).toISOString() : null,
    search: url.search,
  };
}

/** /notes/export.csv|json: the notes, optionally for one recommendation and/or jurisdiction. */
export async function notesExport(db: Db, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const query = await readNoteQuery(db, url);
    const notes = await listFollowUpNotes(db, { recommendationId: query.recommendation ?? undefined, jurisdictionCode: query.jurisdiction ?? undefined });
    return exportResponse(format, "follow-up-notes", NOTE_COLUMNS, notes.map(noteRow), { recommendation: query.recommendation, jurisdiction: query.jurisdiction });
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

/** Data-dictionary entry for the methodology page. */
export const NOTES_DICTIONARY = [
  {
    name: "follow-up notes (/notes/export.csv)",
    description:
      "Dated follow-up remarks by analysts on one recommendation for one jurisdiction (e.g. progress reported at a meeting), newest first by the date noted.",
    parameters: {
      recommendation: "A recommendation id: only its notes.",
      jurisdiction: "A jurisdiction code: only its notes.",
    },
    columns: [
      { name: "recommendation_id", description: "Recommendation id (see /api/v1/recommendations)." },
      { name: "jurisdiction_code", description: "Jurisdiction code (see /api/v1/jurisdictions)." },
      { name: "noted_on", description: "The date the note is about (ISO 8601)." },
      { name: "body", description: "The note, in the analyst's words." },
      { name: "link_url", description: "An https link to the evidence, when given." },
      { name: "created_by", description: "The analyst who wrote it (account email)." },
      { name: "created_at", description: "When it was recorded (ISO 8601 timestamp)." },
    ],
  },
];

/** /recommendations/:id/notes: every jurisdiction's notes on one recommendation; 404 for an unknown id. */
export async function recommendationNotesPage(services: Services, request: Request, id: string) {
  const db = services.database.db;
  const recommendation = await db.selectFrom("recommendation").select(["id", "title"]).where("id", "=", id).executeTakeFirst();
  if (!recommendation) throw json({ message: `There is no recommendation "${id}". See /recommendations for the list.` }, { status: 404, statusText: "Not found" });
  const panel = await notesPanel(services, request, { recommendationId: id });
  const latest = panel.notes.reduce<string | null>((max, n) => (!max || n.created_at > max ? n.created_at : max), null);
  return { recommendation, panel, lastUpdated: latest };
}
