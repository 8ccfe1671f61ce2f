import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { closeServer, createApp, listen, loadBuild } from "../../app/server/http";
import { createUser } from "../../db/repositories/users";
import type { Role } from "../../db/schema";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { closeServices, loadKnowledgeBase, openServices, type Services } from "../../workers/runtime/services";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { testRedisUrl } from "../helpers/env";

/**
 * The real web app (the built Remix server behind app/server/http.ts: body limit, trust proxy, sessions)
 * served from the test process, so a test can read the database before and after each request. PGlite
 * allows one process; in-process, the test and the server share it. No workers run: a queued job stays
 * queued, where the test can see it. A fresh HARMONIA_QUEUE_PREFIX keeps Redis keys (queues, login
 * counters) apart from every other run.
 */
export interface InProcessHarmonia {
  url: string;
  services: Services;
  prefix: string;
  stop(): Promise<void>;
}

export async function startInProcess(
  dialect: "pglite" | "postgres",
  options: { knowledgeBase?: boolean; env?: Record<string, string> } = {},
): Promise<InProcessHarmonia> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-sec-"));
  const prefix = `sec-${randomBytes(5).toString("hex")}`;
  let testDb: TestDatabase | null = null;
  if (dialect === "postgres") testDb = await freshDatabase("postgres");
  const config = loadConfig({
    NODE_ENV: "production",
    HARMONIA_DATA_DIR: dataDir,
    REDIS_URL: testRedisUrl(),
    HARMONIA_QUEUE_PREFIX: prefix,
    HARMONIA_SCHEDULER: "false",
    LOG_LEVEL: "error",
    ...(testDb?.url ? { DATABASE_URL: testDb.url } : {}),
    ...options.env,
  } as NodeJS.ProcessEnv);
  const services = await openServices(config, createLogger("error"));
  if (options.knowledgeBase) await loadKnowledgeBase(services);
  const server: http.Server = await listen(createApp(services, await loadBuild()), 0, "127.0.0.1");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    prefix,
    stop: async () => {
      await closeServer(server);
      // Leave nothing behind in the shared Redis: queues and login counters under this run's prefix.
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, found] = await services.kv.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== "0");
      if (keys.length > 0) await services.kv.del(...keys);
      await closeServices(services);
      await testDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = "correct horse battery staple";

export async function addUser(h: InProcessHarmonia, role: Role, email = `${role}-${randomBytes(3).toString("hex")}@example.org`) {
  return createUser(h.services.database.db, { email, password: PASSWORD, role }, "test");
}

/* ------------------------------------------------------------------ a tiny cookie-aware HTTP client */

export interface Session {
  cookie: string;
  csrf: string;
}

/** `name=value` of the session cookie in a response, or null. */
export function sessionCookie(response: Response): string | null {
  for (const header of response.headers.getSetCookie()) {
    const first = header.split(";")[0]!;
    if (first.startsWith("__harmonia=")) return first;
  }
  return null;
}

export function csrfIn(html: string): string {
  const match = /name="csrf" value="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error("no CSRF token in the page");
  return match[1];
}

export function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}

/** An anonymous visitor's session as the login page makes it: a cookie holding only a CSRF token. */
export async function visitorSession(url: string, headers: Record<string, string> = {}): Promise<Session> {
  const response = await fetch(`${url}/login`, { headers });
  const cookie = sessionCookie(response);
  if (!cookie) throw new Error(`GET /login set no session cookie (HTTP ${response.status})`);
  return { cookie, csrf: csrfIn(await response.text()) };
}

export function postLogin(url: string, session: Session, email: string, password: string, extra: { next?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: session.cookie, ...extra.headers },
    body: form({ csrf: session.csrf, email, password, ...(extra.next !== undefined ? { next: extra.next } : {}) }),
  });
}

/** Signs in through the login form; returns the signed-in session and its CSRF token (read from a page). */
export async function signIn(url: string, email: string, password = PASSWORD): Promise<Session> {
  const visitor = await visitorSession(url);
  const response = await postLogin(url, visitor, email, password);
  if (response.status !== 302) throw new Error(`sign-in as ${email} failed: HTTP ${response.status} ${await response.text()}`);
  const cookie = sessionCookie(response)!;
  // The root layout's sign-out form carries the session's token on every page.
  const page = await fetch(`${url}/methodology`, { headers: { cookie } });
  return { cookie, csrf: csrfIn(await page.text()) };
}

/* ------------------------------------------------------------------ what a request may have changed */

/**
 * A digest of everything a write could touch: every table's rows (snapshot bodies by count only, they are
 * large) and the fetch queue's jobs. Equal before and after a refused request means nothing was written.
 */
export async function fingerprint(h: InProcessHarmonia): Promise<Record<string, string>> {
  const db = h.services.database.db;
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
  ).rows.map((r) => r.name);
  const out: Record<string, string> = {};
  for (const table of tables) {
    const digest =
      table === "snapshot"
        ? sql<{ d: string }>`select count(*)::text as d from snapshot`
        : sql<{ d: string }>`select count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d from ${sql.table(table)} t`;
    out[table] = (await digest.execute(db)).rows[0]!.d;
  }
  const counts = await h.services.queues.fetch.getJobCounts();
  out["queue:fetch"] = JSON.stringify(counts);
  return out;
}

export async function count(h: InProcessHarmonia, table: "audit_log" | "app_user"): Promise<number> {
  const row = await h.services.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return row.n;
}
