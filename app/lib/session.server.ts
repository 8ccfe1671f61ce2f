import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookieSessionStorage, json, redirect, type Session, type SessionStorage } from "@remix-run/node";
import { findActiveUser } from "../../db/repositories/users";
import type { AppUser, Role } from "../../db/schema";
import type { Services } from "../../workers/runtime/services";

/**
 * Accounts, sessions and CSRF in one place. The session is a signed cookie (httpOnly, SameSite=Lax, Secure
 * when the request came over https) holding only the user id and a CSRF token; the user is re-read from the
 * database on every request, so disabling an account takes effect at once.
 */

const EIGHT_HOURS = 8 * 60 * 60;

export interface SessionData {
  userId: number;
  csrf: string;
}

/** The embedded mode keeps a generated secret under the data directory (0600) when none is configured. */
function sessionSecrets(services: Services): string[] {
  if (services.config.HARMONIA_SESSION_SECRETS.length > 0) return services.config.HARMONIA_SESSION_SECRETS;
  const file = path.join(services.config.HARMONIA_DATA_DIR, "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return [fs.readFileSync(file, "utf8").trim()];
}

const storages = new WeakMap<Services, SessionStorage<SessionData>>();

function storage(services: Services): SessionStorage<SessionData> {
  let found = storages.get(services);
  if (!found) {
    found = createCookieSessionStorage<SessionData>({
      cookie: { name: "__harmonia", httpOnly: true, sameSite: "lax", path: "/", maxAge: EIGHT_HOURS, secrets: sessionSecrets(services) },
    });
    storages.set(services, found);
  }
  return found;
}

/**
 * Secure cookies whenever the request arrived over TLS. The request URL's scheme comes from Express's
 * req.protocol, which believes X-Forwarded-Proto only from a proxy on loopback ("trust proxy" in http.ts).
 */
function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export function getSession(services: Services, request: Request): Promise<Session<SessionData>> {
  return storage(services).getSession(request.headers.get("cookie"));
}

export function commitSession(services: Services, request: Request, session: Session<SessionData>): Promise<string> {
  return storage(services).commitSession(session, { secure: isHttps(request) });
}

export function destroySession(services: Services, request: Request, session: Session<SessionData>): Promise<string> {
  return storage(services).destroySession(session, { secure: isHttps(request) });
}

export async function currentUser(services: Services, request: Request): Promise<AppUser | null> {
  const session = await getSession(services, request);
  const id = session.get("userId");
  if (typeof id !== "number") return null;
  return (await findActiveUser(services.database.db, id)) ?? null;
}

const RANK: Record<Role, number> = { analyst: 1, admin: 2 };

/**
 * The signed-in user with at least `role`. No session: a page request is sent to /login (and back after);
 * a wrong role is a 403. Nothing is written in either case.
 */
export async function requireUser(services: Services, request: Request, role: Role): Promise<AppUser> {
  const user = await currentUser(services, request);
  if (!user) {
    const url = new URL(request.url);
    if (request.method !== "GET") throw json({ message: "Sign in first: this action needs an account." }, { status: 401 });
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (RANK[user.role] < RANK[role]) throw json({ message: `This needs the ${role} role; your account is ${user.role}.` }, { status: 403 });
  return user;
}

/**
 * The session's CSRF token for forms, created on first use. Returns the Set-Cookie header to send when the
 * token is new (null when the session already had one).
 */
export async function csrfToken(services: Services, request: Request): Promise<{ token: string; setCookie: string | null }> {
  const session = await getSession(services, request);
  const existing = session.get("csrf");
  if (existing) return { token: existing, setCookie: null };
  const token = randomBytes(32).toString("base64url");
  session.set("csrf", token);
  return { token, setCookie: await commitSession(services, request, session) };
}

/**
 * Every state-changing request carries the session's token in the form field `csrf` (or the
 * `x-csrf-token` header for scripts). SameSite=Lax already stops most cross-site posts; this also stops
 * same-site ones and old browsers. A missing or wrong token is a 403 and nothing is written.
 */
export async function verifyCsrf(services: Services, request: Request, form: FormData | null): Promise<void> {
  const session = await getSession(services, request);
  const expected = session.get("csrf");
  const given = (form?.get("csrf") as string | null) ?? request.headers.get("x-csrf-token");
  const ok =
    typeof expected === "string" &&
    typeof given === "string" &&
    expected.length === given.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(given));
  if (!ok) throw json({ message: "This form has expired or did not come from Harmonia (CSRF check failed). Reload the page and try again." }, { status: 403 });
}

/** For actions: the user with `role`, the form, and a valid CSRF token — in that order, before any write. */
export async function requireWrite(services: Services, request: Request, role: Role): Promise<{ user: AppUser; form: FormData }> {
  const user = await requireUser(services, request, role);
  const form = await request.formData();
  await verifyCsrf(services, request, form);
  return { user, form };
}
