import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, count, csrfIn, fingerprint, PASSWORD, postLogin, sessionCookie, signIn, startInProcess, visitorSession, type InProcessHarmonia } from "./harness";

/**
 * The web layer's own defences, against the real server (app/server/http.ts + the built Remix app) with a
 * real Redis: login throttling, session cookie flags, the sign-in redirect, and request body limits.
 * PGlite only: none of this depends on the database dialect (writes.test.ts covers both).
 */
describe("login throttling, cookies, redirects and body limits", () => {
  let h: InProcessHarmonia;

  beforeAll(async () => {
    // A unique HARMONIA_QUEUE_PREFIX (set by startInProcess) keeps these login counters apart from any other run.
    h = await startInProcess("pglite");
  });

  afterAll(async () => {
    await h?.stop();
  });

  async function loginKeys(): Promise<string[]> {
    return h.services.kv.keys(`${h.prefix}:login:*`);
  }

  describe("login brute force", () => {
    it("the 6th wrong password for one account within 15 minutes gets 429 with Retry-After; then even the right password is refused", async () => {
      const user = await addUser(h, "analyst");
      const visitor = await visitorSession(h.url);
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await postLogin(h.url, visitor, user.email, `wrong password ${attempt}`);
        expect(response.status, `attempt ${attempt}`).toBe(401);
        expect(sessionCookie(response)).toBeNull();
      }
      const sixth = await postLogin(h.url, visitor, user.email, "wrong password 6");
      expect(sixth.status).toBe(429);
      const retryAfter = Number(sixth.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(await sixth.text()).toMatch(/Too many failed sign-ins/);

      const right = await postLogin(h.url, visitor, user.email, PASSWORD);
      expect(right.status).toBe(429);
      expect(right.headers.get("location")).toBeNull();
      expect(sessionCookie(right)).toBeNull();

      // The counters live in Redis (shared by every web instance), under this run's prefix; once they are
      // gone (the window passed), the right password works again.
      const keys = await loginKeys();
      expect(keys.some((k) => k.includes(":login:account"))).toBe(true);
      await h.services.kv.del(...keys);
      expect((await postLogin(h.url, visitor, user.email, PASSWORD)).status).toBe(302);
    });

    it("other accounts can still sign in while one is blocked", async () => {
      const target = await addUser(h, "analyst");
      const bystander = await addUser(h, "analyst");
      const visitor = await visitorSession(h.url);
      for (let attempt = 1; attempt <= 6; attempt++) await postLogin(h.url, visitor, target.email, "wrong");
      expect((await postLogin(h.url, visitor, target.email, PASSWORD)).status).toBe(429);
      expect((await postLogin(h.url, visitor, bystander.email, PASSWORD)).status).toBe(302);
      await h.services.kv.del(...(await loginKeys()));
    });

    it("a client cannot reset its counter by sending its own X-Forwarded-For (behind a proxy on loopback that appends the real address)", async () => {
      // The proxy appends the address it saw; the client controls everything before it. Express's
      // `trust proxy: loopback` gives the rightmost untrusted address (198.51.100.7) — the one to count.
      const user = await addUser(h, "analyst");
      const visitor = await visitorSession(h.url);
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 6; attempt++) {
        const response = await postLogin(h.url, visitor, user.email, `wrong ${attempt}`, { headers: { "x-forwarded-for": `203.0.113.${attempt}, 198.51.100.7` } });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await h.services.kv.del(...(await loginKeys()));
    });
  });

  describe("session cookie", () => {
    function flags(setCookie: string): string[] {
      return setCookie.split(";").slice(1).map((p) => p.trim().toLowerCase());
    }
    const harmoniaCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith("__harmonia="));

    it("is HttpOnly and SameSite=Lax, and not Secure over plain http (embedded mode on localhost must work)", async () => {
      const page = await fetch(`${h.url}/login`);
      const cookie = harmoniaCookie(page)!;
      expect(cookie).toBeDefined();
      expect(flags(cookie)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
      expect(flags(cookie)).not.toContain("secure");
    });

    it("is Secure when a proxy on loopback says the request came over https (X-Forwarded-Proto), on the login page and after signing in", async () => {
      const https = { "x-forwarded-proto": "https" };
      const page = await fetch(`${h.url}/login`, { headers: https });
      const first = harmoniaCookie(page)!;
      expect(flags(first)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure"]));
      const visitor = { cookie: first.split(";")[0]!, csrf: csrfIn(await page.text()) };
      const user = await addUser(h, "admin");
      const signedIn = await postLogin(h.url, visitor, user.email, PASSWORD, { headers: https });
      expect(signedIn.status).toBe(302);
      const cookie = harmoniaCookie(signedIn)!;
      expect(flags(cookie)).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "secure"]));
      // A new cookie value on sign-in: a token planted before sign-in does not carry over.
      expect(cookie.split(";")[0]).not.toBe(visitor.cookie);
    });
  });

  describe("the sign-in redirect (next=) stays on this site", () => {
    const OFF_SITE = [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https:evil.example",
      " //evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
    ];

    it("the login page does not carry an off-site next into its form", async () => {
      for (const next of ["https://evil.example", "//evil.example"]) {
        const html = await (await fetch(`${h.url}/login?next=${encodeURIComponent(next)}`)).text();
        expect(html).toContain('name="next" value="/review"');
        // (The page's own URL stays in the form's action and in Remix's hydration data — same-site, and the
        // action reads only the posted field; no attribute may point off-site.)
        expect(html).not.toMatch(/(href|value|action|src)="(?:[a-z]+:)?\/\/evil\.example/i);
      }
    });

    it.each(OFF_SITE)("next=%j after a successful sign-in lands on this site", async (next) => {
      const user = await addUser(h, "analyst");
      const visitor = await visitorSession(h.url);
      const response = await postLogin(h.url, visitor, user.email, PASSWORD, { next });
      expect(response.status).toBeLessThan(500);
      expect(response.status).toBe(302);
      // Resolved as a browser resolves Location (the WHATWG URL parser drops tabs and turns \ into /).
      const target = new URL(response.headers.get("location")!, h.url);
      expect(target.origin).toBe(new URL(h.url).origin);
    });

    it("a same-site next is honoured", async () => {
      const user = await addUser(h, "analyst");
      const visitor = await visitorSession(h.url);
      const response = await postLogin(h.url, visitor, user.email, PASSWORD, { next: "/jurisdictions/GB?as_of=2025-01-01" });
      expect(response.headers.get("location")).toBe("/jurisdictions/GB?as_of=2025-01-01");
    });
  });

  describe("oversized request bodies", () => {
    const TWO_MIB = 2 * 1024 * 1024;
    const big = (csrf: string) => `csrf=${encodeURIComponent(csrf)}&email=a%40example.org&password=${"x".repeat(TWO_MIB)}`;

    it("2 MiB to /login gets 413 before anything reads it, and nothing is written", async () => {
      const visitor = await visitorSession(h.url);
      const before = await fingerprint(h);
      const response = await fetch(`${h.url}/login`, {
        method: "POST",
        headers: { cookie: visitor.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: big(visitor.csrf),
      });
      expect(response.status).toBe(413);
      expect(await fingerprint(h)).toEqual(before);
    });

    it("the limit is the configured one: just under it is read (and refused as a wrong password), just over it is 413", async () => {
      const limit = h.services.config.HARMONIA_MAX_BODY_BYTES;
      const visitor = await visitorSession(h.url);
      const prefix = `csrf=${encodeURIComponent(visitor.csrf)}&email=limit%40example.org&password=`;
      const post = (size: number) =>
        fetch(`${h.url}/login`, {
          method: "POST",
          headers: { cookie: visitor.cookie, "content-type": "application/x-www-form-urlencoded" },
          body: prefix + "x".repeat(size - prefix.length),
        });
      expect((await post(limit + 1)).status).toBe(413);
      expect((await post(limit)).status).toBe(401);
      await h.services.kv.del(...(await loginKeys()));
    });

    it("2 MiB to the account, note and review forms (signed in, valid token) gets 413 and writes nothing", async () => {
      const admin = await addUser(h, "admin");
      const session = await signIn(h.url, admin.email);
      const users = await count(h, "app_user");
      for (const path of ["/admin/users", "/admin/sources", "/notes", "/review?index"]) {
        const before = await fingerprint(h);
        const response = await fetch(`${h.url}${path}`, {
          method: "POST",
          headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" },
          body: `csrf=${encodeURIComponent(session.csrf)}&intent=create&email=big%40example.org&role=admin&body=${"x".repeat(TWO_MIB)}`,
        });
        expect(response.status, path).toBe(413);
        expect(await fingerprint(h)).toEqual(before);
      }
      expect(await count(h, "app_user")).toBe(users);
    });

    it("a body without Content-Length (chunked) gets 411, so the limit cannot be dodged", async () => {
      const visitor = await visitorSession(h.url);
      const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= TWO_MIB) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${h.url}/login`, {
        method: "POST",
        headers: { cookie: visitor.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(411);
    });
  });
});
