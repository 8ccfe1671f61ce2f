import { randomBytes } from "node:crypto";
import { json } from "@remix-run/node";
import { listAudit, recordAudit } from "../../db/repositories/audit";
import { auditFilterOptions, iterateAudit } from "../../db/repositories/audit-export";
import { createAccount, disableUser, enableUser, listAccounts } from "../../db/repositories/user-admin";
import { MIN_PASSWORD_LENGTH, UserInputError } from "../../db/repositories/users";
import type { AuditEntry, Role } from "../../db/schema";
import { allSources } from "../../sources/registry";
import { missingKey } from "../../workers/scheduler";
import type { FetchJobData } from "../../workers/queues";
import type { Services } from "../../workers/runtime/services";
import type { ExportFormat } from "./export.server";
import { badRequest } from "./http.server";
import { exportStream } from "./instruments.server";
import { getSession, requireUser, requireWrite } from "./session.server";
import { sourcesHealthData } from "./sources.server";

/**
 * The administrator's pages: the audit log (with exports), accounts, and source re-runs. Every loader
 * needs the admin role (a visitor is sent to /login, an analyst gets 403); every action goes through
 * requireWrite (role, then CSRF token) before it reads anything else, and writes its audit entry in the
 * same transaction as the change.
 */

export const requireAdmin = (services: Services, request: Request) => requireUser(services, request, "admin");

async function csrfOf(services: Services, request: Request): Promise<string> {
  return (await getSession(services, request)).get("csrf") ?? "";
}

/* ------------------------------------------------------------------ audit log */

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_COLUMNS = ["id", "at", "actor", "action", "target", "detail"] as const;

export interface AuditQuery {
  actor?: string;
  action?: string;
  before?: number;
}

/** `?actor=&action=&before=`; a malformed `before` is a 400 that names it. */
export function readAuditQuery(url: URL): AuditQuery {
  const text = (name: string) => {
    const raw = url.searchParams.get(name)?.trim() ?? "";
    if (raw.length > 320) throw badRequest(name, `The ${name} filter is too long (at most 320 characters).`);
    return raw || undefined;
  };
  const query: AuditQuery = { actor: text("actor"), action: text("action") };
  const before = url.searchParams.get("before")?.trim();
  if (before) {
    if (!/^[1-9]\d{0,9}$/.test(before) || Number(before) > 2 ** 31 - 1) {
      throw badRequest("before", `"before" must be an entry id (a positive whole number), not "${before}".`);
    }
    query.before = Number(before);
  }
  return query;
}

/** The filters as a query string (without `before`), for the pager and the export links. */
export function auditSearch(query: AuditQuery): string {
  const params = new URLSearchParams();
  if (query.actor) params.set("actor", query.actor);
  if (query.action) params.set("action", query.action);
  const s = params.toString();
  return s ? `?${s}` : "";
}

const detailText = (entry: AuditEntry) => JSON.stringify(entry.detail ?? {});

export async function auditPageData(services: Services, request: Request) {
  await requireAdmin(services, request);
  const query = readAuditQuery(new URL(request.url));
  const db = services.database.db;
  const [rows, options] = await Promise.all([listAudit(db, { ...query, limit: AUDIT_PAGE_SIZE + 1 }), auditFilterOptions(db)]);
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    query,
    search: auditSearch(query),
    entries: entries.map((e) => ({ id: e.id, at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, target: e.target, detail: detailText(e) })),
    /** Id to pass as `before` for the next (older) page; null on the last page. */
    olderBefore: rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1]!.id : null,
    options,
  };
}

/** `/admin/audit/export.csv|json`: every entry matching the filters (not only one page), streamed. */
export async function auditExport(services: Services, request: Request, format: ExportFormat): Promise<Response> {
  await requireAdmin(services, request);
  const { before: _ignored, ...filters } = readAuditQuery(new URL(request.url));
  async function* rows() {
    for await (const e of iterateAudit(services.database.db, filters)) {
      yield { id: e.id, at: new Date(e.at), actor: e.actor, action: e.action, target: e.target, detail: detailText(e) };
    }
  }
  const response = exportStream(format, "audit-log", AUDIT_COLUMNS, rows(), { filters: { actor: filters.actor ?? null, action: filters.action ?? null } });
  response.headers.set("cache-control", "no-store");
  return response;
}

const AUDIT_COLUMN_HELP: Record<(typeof AUDIT_COLUMNS)[number], string> = {
  id: "Entry id; increases with every write (use it as `before` to page).",
  at: "When the write happened (ISO 8601, UTC).",
  actor: "Email of the account that made the change, or `cli:<command>` for commands run on the server.",
  action: "What was done, e.g. user.create, user.disable, user.enable, source.run, login.success, login.failure, and the review and assessment actions.",
  target: "What it was done to, e.g. `user:<email>` or `source:<id>`.",
  detail: "Further facts about the change, as JSON text (e.g. the role given, the queued job id, the old and new value).",
};

/** Data dictionary entry for methodology: `import { AUDIT_DICTIONARY } from "./admin.server"` and spread it in. */
export const AUDIT_DICTIONARY = [
  {
    name: "audit log (/admin/audit/export.csv, administrators only)",
    description: "Every write made through Harmonia — sign-ins, account changes, source re-runs, reviews and edits — newest first.",
    parameters: { actor: "Only this actor's entries (exact email).", action: "Only this action (e.g. user.create)." },
    columns: AUDIT_COLUMNS.map((name) => ({ name, description: AUDIT_COLUMN_HELP[name] })),
  },
];

/* ------------------------------------------------------------------ accounts */

export async function usersPageData(services: Services, request: Request) {
  const me = await requireAdmin(services, request);
  const users = await listAccounts(services.database.db);
  return {
    me: me.id,
    csrf: await csrfOf(services, request),
    minPasswordLength: MIN_PASSWORD_LENGTH,
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      role: u.role,
      createdAt: new Date(u.created_at).toISOString(),
      disabledAt: u.disabled_at ? new Date(u.disabled_at).toISOString() : null,
      lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
    })),
  };
}

export type UsersActionResult =
  | { ok: true; intent: "create"; message: string; created: { email: string; role: Role; password: string | null } }
  | { ok: true; intent: "disable" | "enable"; message: string }
  | { ok: false; error: string; fields?: { email: string; role: string; passwordMode: string } };

const noStore = { "cache-control": "no-store" };

function userId(form: FormData): number {
  const raw = String(form.get("userId") ?? "");
  if (!/^\d{1,9}$/.test(raw)) throw new UserInputError("Choose an account (the form lacks a valid userId).");
  return Number(raw);
}

export async function usersAction(services: Services, request: Request) {
  const { user, form } = await requireWrite(services, request, "admin");
  const db = services.database.db;
  const intent = String(form.get("intent") ?? "");
  const fields = { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? ""), passwordMode: String(form.get("passwordMode") ?? "generate") };
  try {
    if (intent === "create") {
      if (fields.role !== "admin" && fields.role !== "analyst") throw new UserInputError("Choose a role: analyst or admin.");
      const generated = fields.passwordMode !== "typed";
      const password = generated ? randomBytes(18).toString("base64url") : String(form.get("password") ?? "");
      const created = await createAccount(db, { email: fields.email, password, role: fields.role }, user);
      return json<UsersActionResult>(
        { ok: true, intent, message: `Created ${created.role} ${created.email}.`, created: { email: created.email, role: created.role, password: generated ? password : null } },
        { headers: noStore },
      );
    }
    if (intent === "disable" || intent === "enable") {
      const changed = await (intent === "disable" ? disableUser : enableUser)(db, userId(form), user);
      return json<UsersActionResult>({ ok: true, intent, message: `${changed.email} is ${intent === "disable" ? "disabled: it can no longer sign in" : "active again"}.` }, { headers: noStore });
    }
    throw new UserInputError(`Unknown action "${intent}": use create, disable or enable.`);
  } catch (error) {
    if (error instanceof UserInputError) return json<UsersActionResult>({ ok: false, error: error.message, fields }, { status: 400, headers: noStore });
    throw error;
  }
}

/* ------------------------------------------------------------------ sources */

export async function adminSourcesData(services: Services, request: Request) {
  await requireAdmin(services, request);
  const health = await sourcesHealthData(services);
  // Manual runs waiting or running now, so a second click is not needed to see the first was taken.
  let pending = new Map<string, string>();
  let queueError: string | null = null;
  try {
    const jobs = await services.queues.fetch.getJobs(["waiting", "active", "prioritized"], 0, 500);
    pending = new Map(
      await Promise.all(
        jobs
          .filter((j) => j?.name === "fetch" && (j.data as FetchJobData).trigger === "manual")
          .map(async (j) => [(j.data as FetchJobData).sourceId, await j.getState()] as [string, string]),
      ),
    );
  } catch (error) {
    queueError = `The queue (Redis) cannot be reached: ${(error as Error).message}`;
  }
  return {
    csrf: await csrfOf(services, request),
    schedulerError: health.schedulerError ?? queueError,
    sources: health.sources.map((s) => ({
      id: s.id,
      name: s.name,
      homepage: s.homepage,
      needsKey: s.needsKey,
      lastRun: s.lastRun
        ? { status: s.lastRun.status, trigger: s.lastRun.trigger, startedAt: new Date(s.lastRun.started_at).toISOString(), error: s.lastRun.error }
        : null,
      nextRun: s.nextRun,
      pending: pending.get(s.id) ?? null,
    })),
  };
}

export type SourcesActionResult = { ok: true; message: string; sourceId: string; jobId: string } | { ok: false; error: string };

/** "Run now": one fetch job, as the scheduler would enqueue it, marked manual; audited with the job id. */
export async function adminSourcesAction(services: Services, request: Request) {
  const { user, form } = await requireWrite(services, request, "admin");
  const intent = String(form.get("intent") ?? "");
  const sourceId = String(form.get("sourceId") ?? "");
  if (intent !== "run") return json<SourcesActionResult>({ ok: false, error: `Unknown action "${intent}": use run.` }, { status: 400 });
  const source = allSources.find((s) => s.manifest.id === sourceId);
  if (!source) return json<SourcesActionResult>({ ok: false, error: `There is no source "${sourceId}".` }, { status: 400 });
  const needsKey = missingKey(source);
  if (needsKey) return json<SourcesActionResult>({ ok: false, error: `${source.manifest.name} cannot run: it ${needsKey}.` }, { status: 400 });
  class QueueUnavailable extends Error {}
  try {
    const jobId = await services.database.db.transaction().execute(async (trx) => {
      const data: FetchJobData = { sourceId, trigger: "manual" };
      const job = await services.queues.fetch.add("fetch", data).catch((error: Error) => {
        throw new QueueUnavailable(error.message);
      });
      try {
        await recordAudit(trx, { actor: user.email, action: "source.run", target: `source:${sourceId}`, detail: { jobId: job.id ?? null, trigger: "manual" } });
      } catch (error) {
        // No run without its audit entry.
        await job.remove().catch(() => undefined);
        throw error;
      }
      return String(job.id);
    });
    return json<SourcesActionResult>({ ok: true, sourceId, jobId, message: `Queued a run of ${source.manifest.name} (job ${jobId}). Its outcome appears below and on /sources when it ends.` });
  } catch (error) {
    if (error instanceof QueueUnavailable) {
      return json<SourcesActionResult>({ ok: false, error: `The queue (Redis) cannot be reached, so nothing was queued: ${error.message}` }, { status: 503 });
    }
    throw error;
  }
}

