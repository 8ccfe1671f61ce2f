import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertInstruments } from "../../db/repositories/instruments";
import { dialects } from "../helpers/db";
import { addUser, count, fingerprint, signIn, startInProcess, visitorSession, type InProcessHarmonia, type Session } from "./harness";
import { actionRoutes, routeUrl, type ActionRoute } from "./routes";

/**
 * Every route that exports an `action` (found in app/routes when the test runs, so routes added later are
 * covered too) refuses writes from visitors, from analysts on admin routes, and without the session's CSRF
 * token — and writes nothing when it refuses: every table (app_user, audit_log, assessments, review items,
 * notes, …) and the fetch queue are compared before and after each request.
 *
 * The request bodies are ones that DO write when sent properly (the last test proves it for every route but
 * /logout), so a refusal here is the guard working, not a form the route would have rejected anyway.
 */

const routes = actionRoutes();
const METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

describe.each(dialects)("write protection on every action route (%s)", (dialect) => {
  let h: InProcessHarmonia;
  let admin: Session;
  let analyst: Session;
  let adminEmail: string;
  let victimId: number;
  let reviewItemId: number;
  let indicatorId: string;
  let recommendationId: string;

  beforeAll(async () => {
    h = await startInProcess(dialect, { knowledgeBase: true });
    const db = h.services.database.db;
    adminEmail = (await addUser(h, "admin")).email;
    const analystUser = await addUser(h, "analyst");
    victimId = (await addUser(h, "analyst", "victim@example.org")).id;
    admin = await signIn(h.url, adminEmail);
    analyst = await signIn(h.url, analystUser.email);
    // Something for the review routes to act on: a new on-topic instrument becomes an open review item.
    // One per route that may consume one (dismiss / accept) in the last test.
    await upsertInstruments(
      db,
      "legislation-gov-uk",
      [1, 2, 3, 4, 5, 6].map((i) => ({
        type: "instrument" as const,
        externalId: `security-test-${i}`,
        jurisdictionCode: "GB",
        title: `Security test instrument ${i} on artificial intelligence child sexual abuse material`,
        kind: "bill" as const,
        stage: "introduced" as const,
        introducedOn: "2026-01-05",
        enactedOn: null,
        inForceOn: null,
        identifiers: {},
        officialUrl: "https://www.legislation.gov.uk/ukpga/2023/50",
        sourceUpdatedAt: null,
        summary: null,
        topics: [{ topic: "ai-csam" as const, reason: "security test" }],
      })),
      null,
    );
    reviewItemId = (await db.selectFrom("review_item").select("id").where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow()).id;
    indicatorId = (await db.selectFrom("indicator").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    recommendationId = (await db.selectFrom("recommendation").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Real ids for route parameters, by name (or by the path segment before a bare `$id`). */
  function param(name: string, previous: string | null): string {
    const n = name.toLowerCase();
    const kind = n === "id" ? (previous ?? "") : n;
    if (/code|jurisdiction/.test(kind)) return "GB";
    if (/indicator/.test(kind)) return indicatorId;
    if (/recommendation/.test(kind)) return recommendationId;
    if (/review|item/.test(kind)) return String(reviewItemId);
    if (/user/.test(kind)) return String(victimId);
    return "1";
  }

  const urlOf = (route: ActionRoute) => `${h.url}${routeUrl(route.id, param)}`;

  /** Forms that write when sent by the right user with the right token: one per kind of action Harmonia has. */
  function bodies(csrf: string): URLSearchParams[] {
    const n = randomBytes(3).toString("hex");
    const assessment = {
      jurisdictionCode: "GB",
      indicatorId,
      recommendationId,
      value: "met",
      rationale: "Security test: this must never be stored.",
      instrumentTitle: "Online Safety Act 2023",
      provision: "s. 1",
      url: "https://www.legislation.gov.uk/ukpga/2023/50",
      quote: "security test",
      effectiveFrom: "2026-01-05",
      effectiveBasis: "Security test record.",
      verifiedOn: "2026-01-05",
      confidence: "high",
      reason: "security test",
      body: `Security test note ${n}`,
      notedOn: "2026-01-05",
    };
    const forms: Record<string, string>[] = [
      { intent: "create", email: `intruder-${n}@example.org`, role: "admin", passwordMode: "typed", password: "intruder password 123" },
      { intent: "disable", userId: String(victimId) },
      { intent: "run", sourceId: "curated" },
      { intent: "dismiss", itemId: String(reviewItemId), ...assessment },
      { intent: "accept", itemId: String(reviewItemId), ...assessment },
      { intent: "bulk-dismiss", item: String(reviewItemId), ...assessment },
      { intent: "edit", ...assessment },
      { intent: "create", ...assessment },
      { ...assessment },
      { email: adminEmail, password: "a wrong password", next: "/" },
    ];
    return forms.map((f) => new URLSearchParams({ csrf, ...f }));
  }

  async function send(route: ActionRoute, method: string, body: URLSearchParams, headers: Record<string, string> = {}) {
    return fetch(urlOf(route), { method, body, headers, redirect: "manual" });
  }

  /** 401/403, or a redirect to the sign-in page. */
  function expectRefused(response: Response, what: string) {
    if (response.status >= 300 && response.status < 400) {
      expect(new URL(response.headers.get("location") ?? "", h.url).pathname, what).toBe("/login");
    } else {
      expect([401, 403], `${what}: HTTP ${response.status}`).toContain(response.status);
    }
  }

  it("finds the action routes in app/routes (sign-in, sign-out and the admin pages at least)", () => {
    const files = routes.map((r) => r.file);
    expect(files).toEqual(expect.arrayContaining(["app/routes/login.tsx", "app/routes/logout.ts", "app/routes/admin.users.tsx", "app/routes/admin.sources.tsx"]));
    expect(routes.filter((r) => r.admin).length).toBeGreaterThanOrEqual(2);
  });

  it.each(routes.map((r) => [r.file, r] as const))("%s: without a session, every method is refused and nothing changes", async (_file, route) => {
    for (const method of METHODS) {
      // Every form by POST; PUT, PATCH and DELETE reach the same action, so a few forms suffice for them.
      for (const body of method === "POST" ? bodies("forged-token") : bodies("forged-token").slice(0, 4)) {
        const before = await fingerprint(h);
        const response = await send(route, method, body);
        expectRefused(response, `${method} ${route.file} ${body.get("intent") ?? ""}`);
        expect(await fingerprint(h), `${method} ${route.file} ${body.toString()}`).toEqual(before);
      }
    }
  });

  it.each(routes.filter((r) => !r.file.endsWith("/login.tsx")).map((r) => [r.file, r] as const))(
    "%s: a visitor with a valid CSRF token but no account is refused and nothing changes",
    async (_file, route) => {
      // The sign-in page gives every visitor a session holding a token; a token alone is not an account.
      // (Sign-in itself is for visitors: its throttling is tested in http.test.ts. Signing out a session
      // without an account is allowed and must change nothing.)
      const signOut = route.file.endsWith("/logout.ts");
      const visitor = await visitorSession(h.url);
      for (const body of bodies(visitor.csrf)) {
        const before = await fingerprint(h);
        const response = await send(route, "POST", body, { cookie: visitor.cookie });
        if (!signOut) expectRefused(response, `${route.file} ${body.get("intent") ?? ""}`);
        expect(await fingerprint(h)).toEqual(before);
      }
    },
  );

  it.each(routes.filter((r) => r.admin).map((r) => [r.file, r] as const))("%s: an analyst (valid session and token) gets 403 and nothing changes", async (_file, route) => {
    for (const body of bodies(analyst.csrf)) {
      const before = await fingerprint(h);
      const response = await send(route, "POST", body, { cookie: analyst.cookie });
      expect(response.status, `${route.file} ${body.get("intent")}`).toBe(403);
      expect(await fingerprint(h)).toEqual(before);
    }
  });

  it.each(routes.map((r) => [r.file, r] as const))("%s: a signed-in admin without the right CSRF token gets 403 and nothing changes", async (_file, route) => {
    const other = await visitorSession(h.url);
    const tokens: [string, (b: URLSearchParams) => { body: URLSearchParams; headers: Record<string, string> }][] = [
      ["no token", (b) => (b.delete("csrf"), { body: b, headers: {} })],
      ["an empty token", (b) => (b.set("csrf", ""), { body: b, headers: {} })],
      ["a wrong token of the right length", (b) => (b.set("csrf", randomBytes(32).toString("base64url")), { body: b, headers: {} })],
      ["another session's token", (b) => (b.set("csrf", other.csrf), { body: b, headers: {} })],
      ["a wrong x-csrf-token header", (b) => (b.delete("csrf"), { body: b, headers: { "x-csrf-token": "wrong" } })],
    ];
    for (const [label, mutate] of tokens) {
      for (const original of bodies(admin.csrf)) {
        const { body, headers } = mutate(original);
        const before = await fingerprint(h);
        const response = await send(route, "POST", body, { cookie: admin.cookie, ...headers });
        expect(response.status, `${route.file} with ${label} (${body.get("intent")})`).toBe(403);
        // A refused sign-out must not end the session either.
        expect(response.headers.getSetCookie().some((c) => c.startsWith("__harmonia=") && /expires=Thu, 01 Jan 1970|max-age=0/i.test(c))).toBe(false);
        expect(await fingerprint(h)).toEqual(before);
      }
    }
    // The admin session still works after all that.
    expect((await fetch(`${h.url}/admin/audit`, { headers: { cookie: admin.cookie }, redirect: "manual" })).status).toBe(200);
  });

  it("the same forms do write when sent by an admin with the token (so the refusals above are the guards at work)", async () => {
    const silent: string[] = [];
    for (const route of routes) {
      // Sign-out writes nothing to the database by design; its CSRF check is tested above through the session.
      if (route.file.endsWith("/logout.ts")) continue;
      let wrote = false;
      // The previous route may have decided the item the forms point at.
      reviewItemId = (await h.services.database.db.selectFrom("review_item").select("id").where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow()).id;
      for (const body of bodies(admin.csrf)) {
        const before = await fingerprint(h);
        await send(route, "POST", body, { cookie: admin.cookie });
        if (JSON.stringify(await fingerprint(h)) !== JSON.stringify(before)) {
          wrote = true;
          break;
        }
      }
      if (!wrote) silent.push(route.file);
    }
    expect(silent, "routes none of the test forms could make write — add a form for them in bodies()").toEqual([]);
  });

  it("account and source writes by an admin are audited in the same transaction (one entry per change)", async () => {
    const users = await count(h, "app_user");
    const audit = await count(h, "audit_log");
    const create = await fetch(`${h.url}/admin/users`, {
      method: "POST",
      headers: { cookie: admin.cookie },
      body: new URLSearchParams({ csrf: admin.csrf, intent: "create", email: `audited-${randomBytes(3).toString("hex")}@example.org`, role: "analyst", passwordMode: "generate" }),
    });
    expect(create.status).toBe(200);
    expect(await count(h, "app_user")).toBe(users + 1);
    expect(await count(h, "audit_log")).toBe(audit + 1);
    // A refused change (an admin disabling themself) writes neither.
    const self = (await h.services.database.db.selectFrom("app_user").select("id").where("email", "=", adminEmail).executeTakeFirstOrThrow()).id;
    const refused = await fetch(`${h.url}/admin/users`, {
      method: "POST",
      headers: { cookie: admin.cookie },
      body: new URLSearchParams({ csrf: admin.csrf, intent: "disable", userId: String(self) }),
    });
    expect(refused.status).toBe(400);
    expect(await count(h, "audit_log")).toBe(audit + 1);
    expect((await fetch(`${h.url}/admin/audit`, { headers: { cookie: admin.cookie } })).status).toBe(200);
  });
});
