import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit, recordAudit } from "../../db/repositories/audit";
import { iterateAudit } from "../../db/repositories/audit-export";
import { disableUser, enableUser } from "../../db/repositories/user-admin";
import { UserInputError } from "../../db/repositories/users";
import type { FetchJobData } from "../../workers/queues";
import { allSources } from "../../sources/registry";
import { dialects } from "../helpers/db";
import { addUser, count, PASSWORD, postLogin, signIn, startInProcess, visitorSession, type InProcessHarmonia, type Session } from "./harness";

/**
 * The admin pages on both dialects, against the real server: the audit log (filters, keyset pages,
 * exports), accounts (create with a typed or generated password, disable, enable, never yourself) and
 * source re-runs (a manual fetch job in the queue, audited).
 */
describe.each(dialects)("administration (%s)", (dialect) => {
  let h: InProcessHarmonia;
  let admin: Session;
  let adminUser: { id: number; email: string };
  let analyst: Session;

  beforeAll(async () => {
    h = await startInProcess(dialect);
    adminUser = await addUser(h, "admin", "root-admin@example.org");
    admin = await signIn(h.url, adminUser.email);
    analyst = await signIn(h.url, (await addUser(h, "analyst")).email);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const get = (path: string, session?: Session) => fetch(`${h.url}${path}`, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });
  const post = (path: string, session: Session, fields: Record<string, string>) =>
    fetch(`${h.url}${path}`, { method: "POST", headers: { cookie: session.cookie }, body: new URLSearchParams({ csrf: session.csrf, ...fields }), redirect: "manual" });
  const db = () => h.services.database.db;

  describe("access", () => {
    it.each(["/admin", "/admin/audit", "/admin/users", "/admin/sources", "/admin/audit/export.csv", "/admin/audit/export.json"])(
      "%s: visitors are sent to sign in, analysts get 403, admins get 200",
      async (path) => {
        const visitor = await get(path);
        expect(visitor.status).toBe(302);
        expect(visitor.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
        const refused = await get(path, analyst);
        expect(refused.status).toBe(403);
        expect(await refused.text()).toContain("This needs the admin role");
        expect((await get(path, admin)).status).toBe(200);
      },
    );
  });

  describe("audit log", () => {
    beforeAll(async () => {
      for (let i = 1; i <= 70; i++) {
        await recordAudit(db(), { actor: i % 2 ? "odd@example.org" : "even@example.org", action: i % 7 === 0 ? "test.seventh" : "test.entry", target: `thing:${i}`, detail: { i } });
      }
    });

    const entryIds = (html: string) => [...html.matchAll(/<tr id="entry-(\d+)"/g)].map((m) => Number(m[1]));

    it("shows the newest 50 first, and pages back by id (?before=) without gaps or repeats", async () => {
      const total = await count(h, "audit_log");
      const first = await (await get("/admin/audit", admin)).text();
      const page1 = entryIds(first);
      expect(page1).toHaveLength(50);
      expect(page1).toEqual([...page1].sort((a, b) => b - a));
      const all = (await listAudit(db(), { limit: 1000 })).map((e) => e.id);
      expect(page1).toEqual(all.slice(0, 50));
      const older = /href="([^"]*before=(\d+)[^"]*)" rel="next"/.exec(first);
      expect(older?.[2]).toBe(String(page1[49]));
      const second = await (await get(`/admin/audit?before=${older![2]}`, admin)).text();
      const page2 = entryIds(second);
      expect(page2).toEqual(all.slice(50, 100));
      expect([...page1, ...page2]).toHaveLength(Math.min(total, 100));
      expect(second).toContain("Newest entries");
    });

    it("filters by actor and action in the URL (the form is a GET form)", async () => {
      const html = await (await get("/admin/audit?actor=even%40example.org&action=test.seventh", admin)).text();
      expect(html).toMatch(/<form method="get" action="\/admin\/audit"/);
      const ids = entryIds(html);
      // Entries 14, 28, 42, 56, 70 are even and every seventh.
      expect(ids).toHaveLength(5);
      const stored = await listAudit(db(), { actor: "even@example.org", action: "test.seventh" });
      expect(ids).toEqual(stored.map((e) => e.id));
      expect(html).toContain('href="/admin/audit/export.csv?actor=even%40example.org&amp;action=test.seventh"');
    });

    it("a malformed before= is a 400 that names it", async () => {
      for (const bad of ["abc", "-1", "0", "1.5", "99999999999"]) {
        const response = await get(`/admin/audit?before=${bad}`, admin);
        expect(response.status, bad).toBe(400);
        expect(await response.text()).toContain("&quot;before&quot; must be an entry id");
      }
    });

    it("export.csv has all matching entries (not one page): id, at, actor, action, target, detail as JSON text", async () => {
      const response = await get("/admin/audit/export.csv?action=test.entry", admin);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(response.headers.get("content-disposition")).toContain("harmonia-audit-log.csv");
      const [header, ...rows] = parse(await response.text()) as string[][];
      expect(header).toEqual(["id", "at", "actor", "action", "target", "detail"]);
      expect(rows).toHaveLength(60);
      expect(rows.every((r) => r[3] === "test.entry")).toBe(true);
      expect(rows.map((r) => Number(r[0]))).toEqual(rows.map((r) => Number(r[0])).sort((a, b) => b - a));
      expect(rows[0]![1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const last = rows.find((r) => r[4] === "thing:69")!;
      expect(JSON.parse(last[5]!)).toEqual({ i: 69 });
      expect(last[2]).toBe("odd@example.org");
    });

    it("export.json has the same entries and the filters", async () => {
      const body = (await (await get("/admin/audit/export.json?actor=odd%40example.org", admin)).json()) as { dataset: string; count: number; filters: unknown; data: Record<string, unknown>[] };
      expect(body.dataset).toBe("audit-log");
      expect(body.filters).toEqual({ actor: "odd@example.org", action: null });
      expect(body.count).toBe(35);
      expect(Object.keys(body.data[0]!)).toEqual(["id", "at", "actor", "action", "target", "detail"]);
      expect(typeof body.data[0]!.detail).toBe("string");
    });

    it("iterateAudit walks every entry by keyset in batches, newest first", async () => {
      const all = [];
      for await (const e of iterateAudit(db(), { action: "test.entry" }, 7)) all.push(e.id);
      expect(all).toHaveLength(60);
      expect(new Set(all).size).toBe(60);
      expect(all).toEqual([...all].sort((a, b) => b - a));
    });
  });

  describe("accounts", () => {
    it("creates an account with a generated password shown once; it can sign in; the creation is audited", async () => {
      const response = await post("/admin/users", admin, { intent: "create", email: "New.Analyst@Example.org", role: "analyst", passwordMode: "generate" });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const html = await response.text();
      const password = /data-testid="generated-password">([^<]+)</.exec(html)?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      // Shown once: the page itself never shows it again.
      expect(await (await get("/admin/users", admin)).text()).not.toContain(password);
      const user = await db().selectFrom("app_user").selectAll().where("email", "=", "new.analyst@example.org").executeTakeFirstOrThrow();
      expect(user.role).toBe("analyst");
      expect(user.password_hash).not.toContain(password!);
      await signIn(h.url, "new.analyst@example.org", password);
      const [entry] = await listAudit(db(), { action: "user.create", limit: 1 });
      expect(entry).toMatchObject({ actor: adminUser.email, target: "user:new.analyst@example.org", detail: { role: "analyst" } });
    });

    it("creates an account with a typed password of at least 12 characters; a shorter one, a bad email or a taken email is a 400 and writes nothing", async () => {
      const before = [await count(h, "app_user"), await count(h, "audit_log")];
      for (const [fields, message] of [
        [{ email: "short@example.org", password: "elevenchars" }, "at least 12 characters"],
        [{ email: "not-an-email", password: "a long enough password" }, "is not an email address"],
        [{ email: adminUser.email, password: "a long enough password" }, "exists already"],
      ] as const) {
        const response = await post("/admin/users", admin, { intent: "create", role: "admin", passwordMode: "typed", ...fields });
        expect(response.status).toBe(400);
        expect(await response.text()).toContain(message);
      }
      expect([await count(h, "app_user"), await count(h, "audit_log")]).toEqual(before);
      const ok = await post("/admin/users", admin, { intent: "create", email: "typed@example.org", role: "admin", passwordMode: "typed", password: "twelve chars" });
      expect(ok.status).toBe(200);
      expect(await ok.text()).not.toContain("generated-password");
      await signIn(h.url, "typed@example.org", "twelve chars");
    });

    it("disabling an account ends its sessions at once and refuses its sign-in; enabling it again restores both; both are audited", async () => {
      const victim = await addUser(h, "analyst");
      const session = await signIn(h.url, victim.email);
      expect((await get("/review", session)).status).toBe(200);
      const disabled = await post("/admin/users", admin, { intent: "disable", userId: String(victim.id) });
      expect(disabled.status).toBe(200);
      expect(await disabled.text()).toContain("can no longer sign in");
      expect((await get("/review", session)).status).toBe(302);
      expect((await postLogin(h.url, await visitorSession(h.url), victim.email, PASSWORD)).status).toBe(401);
      expect((await post("/admin/users", admin, { intent: "disable", userId: String(victim.id) })).status).toBe(400);
      expect((await post("/admin/users", admin, { intent: "enable", userId: String(victim.id) })).status).toBe(200);
      expect((await get("/review", session)).status).toBe(200);
      const audit = await listAudit(db(), { limit: 5 });
      expect(audit.filter((e) => e.target === `user:${victim.email}`).map((e) => e.action)).toEqual(expect.arrayContaining(["user.disable", "user.enable"]));
    });

    it("an admin cannot disable themself (form, page and repository all refuse)", async () => {
      const before = await count(h, "audit_log");
      const response = await post("/admin/users", admin, { intent: "disable", userId: String(adminUser.id) });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("You cannot disable your own account");
      expect(await count(h, "audit_log")).toBe(before);
      const page = await (await get("/admin/users", admin)).text();
      const ownRow = new RegExp(`<tr id="user-${adminUser.id}"[^]*?</tr>`).exec(page)![0];
      expect(ownRow).not.toContain("<button");
      await expect(disableUser(db(), adminUser.id, adminUser)).rejects.toBeInstanceOf(UserInputError);
      await expect(enableUser(db(), 999999, adminUser)).rejects.toThrow(/no account with id 999999/);
      expect((await get("/admin/users", admin)).status).toBe(200);
    });
  });

  describe("source runs", () => {
    it("Run now queues a manual fetch job for the source and audits it with the job id", async () => {
      const response = await post("/admin/sources", admin, { intent: "run", sourceId: "curated" });
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/Queued a run of .* \(job \d+\)/);
      const jobs = await h.services.queues.fetch.getJobs(["waiting", "prioritized"]);
      const job = jobs.find((j) => (j.data as FetchJobData).sourceId === "curated");
      expect(job?.name).toBe("fetch");
      expect(job?.data).toEqual({ sourceId: "curated", trigger: "manual" });
      const [entry] = await listAudit(db(), { action: "source.run", limit: 1 });
      expect(entry).toMatchObject({ actor: adminUser.email, target: "source:curated", detail: { jobId: job!.id, trigger: "manual" } });
      // The page says a manual run is waiting.
      const page = await (await get("/admin/sources", admin)).text();
      expect(/<tr id="source-curated">[^]*?<\/tr>/.exec(page)![0]).toContain("A manual run is queued");
    });

    it("an unknown source, or one without its API key, is a 400 and queues nothing", async () => {
      const keyed = allSources.find((s) => s.manifest.apiKey && !process.env[s.manifest.apiKey.env])!;
      expect(keyed).toBeDefined();
      const before = JSON.stringify(await h.services.queues.fetch.getJobCounts());
      const unknown = await post("/admin/sources", admin, { intent: "run", sourceId: "atlantis" });
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain("There is no source");
      const noKey = await post("/admin/sources", admin, { intent: "run", sourceId: keyed.manifest.id });
      expect(noKey.status).toBe(400);
      expect(await noKey.text()).toContain(`needs API key (set ${keyed.manifest.apiKey!.env})`);
      expect(JSON.stringify(await h.services.queues.fetch.getJobCounts())).toBe(before);
    });

    it("offers no enable/disable switch, and says why (the scheduler does not read source.enabled)", async () => {
      const page = await (await get("/admin/sources", admin)).text();
      expect(page).toContain("does not read a per-source on/off");
      expect(page).not.toMatch(/name="intent" value="(enable|disable)"/);
    });
  });
});
