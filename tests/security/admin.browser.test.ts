import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";

const artifacts = path.resolve("tests/artifacts");
const ADMIN = { email: "first-admin@example.org", password: "first admin password" };

/**
 * The admin pages in a real Chromium against `npm start`'s embedded mode: the first admin made with
 * `npm run user:create` (before the instance starts: PGlite is single-process), then everything through
 * the pages — with JavaScript and without.
 */
// One user's journey in one browser session: each step builds on the one before, so its order is the test
// (never shuffled). Every data-level test builds its own rows and runs in any order.
describe("admin pages in a real browser (embedded mode)", { shuffle: false }, () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;
  let generatedPassword = "";

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-admin-"));
    const env: NodeJS.ProcessEnv = { ...process.env, HARMONIA_DATA_DIR: dataDir, LOG_LEVEL: "error" };
    delete env.DATABASE_URL;
    const out = execFileSync("npx", ["tsx", "workers/cli/user-create.ts", "--role", "admin", "--email", ADMIN.email], { env, input: ADMIN.password, encoding: "utf8" });
    expect(out).toContain(`Created admin ${ADMIN.email}`);
    harmonia = await startHarmonia({ HARMONIA_DATA_DIR: dataDir, HARMONIA_SCHEDULER: "false" });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (harmonia) expect(await harmonia.stop()).toBe(0);
  });

  /** A page that records console errors, page errors and React hydration warnings. */
  async function open(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" || /hydrat/i.test(m.text())) && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    return { page, errors };
  }

  async function signIn(page: Page, email: string, password: string, next: string) {
    await page.goto(`${harmonia.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await Promise.all([page.waitForURL((u) => u.pathname === next.split("?")[0]), page.getByRole("button", { name: "Sign in" }).click()]);
    // With JavaScript the URL changes before React commits the new page; the header's sign-out button
    // shows the signed-in page is the one on screen.
    await page.getByRole("button", { name: `Sign out ${email}` }).waitFor();
  }

  it("an admin creates an analyst with a generated password, shown once; the analyst signs in with it and cannot open admin pages", async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const { page, errors } = await open(context);
    await signIn(page, ADMIN.email, ADMIN.password, "/admin/users");
    expect(await page.locator("h1").allTextContents()).toEqual(["Accounts"]);
    await page.getByRole("textbox", { name: "Email" }).fill("new-analyst@example.org");
    await page.getByLabel("Role").selectOption("analyst");
    await page.getByLabel("Generate a strong password and show it once").check();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain("Created analyst new-analyst@example.org");
    generatedPassword = (await page.getByTestId("generated-password").textContent()) ?? "";
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await page.locator("table.accounts tbody tr").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining("new-analyst@example.org"), expect.stringContaining(`${ADMIN.email} (you)`)]),
    );
    await page.screenshot({ path: path.join(artifacts, "users.png"), fullPage: true });
    // Reloading does not show the password again.
    await page.goto(`${harmonia.url}/admin/users`);
    expect(await page.content()).not.toContain(generatedPassword);
    expect(errors).toEqual([]);
    await context.close();

    const analyst = await browser.newContext();
    const { page: ap, errors: analystErrors } = await open(analyst);
    await signIn(ap, "new-analyst@example.org", generatedPassword, "/review");
    expect(await ap.locator("header nav").getByRole("link", { name: "Audit" }).count()).toBe(0);
    const refused = await ap.goto(`${harmonia.url}/admin/audit`);
    expect(refused?.status()).toBe(403);
    expect(await ap.locator("main").textContent()).toContain("This needs the admin role");
    expect(analystErrors.filter((e) => !/403/.test(e))).toEqual([]);
    await analyst.close();
  });

  it("disable the analyst, run a source now, and find all of it in the audit log, filtered and as CSV", async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    const { page, errors } = await open(context);
    await signIn(page, ADMIN.email, ADMIN.password, "/admin/users");
    await page.getByRole("button", { name: "Disable new-analyst@example.org" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain("new-analyst@example.org is disabled");
    await expect.poll(() => page.locator("table.accounts tr", { hasText: "new-analyst@example.org" }).textContent()).toContain("disabled since");

    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Source runs" }).click();
    await page.waitForURL(/\/admin\/sources$/);
    await page.getByRole("button", { name: /Run now Harmonia curated knowledge base/ }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toMatch(/Queued a run of Harmonia curated knowledge base .* \(job \d+\)/);
    // The instance's own worker takes the job; its run is recorded as manual.
    await expect
      .poll(async () => {
        await page.goto(`${harmonia.url}/admin/sources`);
        return page.locator("#source-curated td").first().textContent();
      }, { timeout: 30_000 })
      .toMatch(/\(manual\)/);

    await page.goto(`${harmonia.url}/admin/audit`);
    const actions = await page.locator("table.audit tbody td:nth-child(4)").allTextContents();
    expect(actions).toEqual(expect.arrayContaining(["login.success", "user.create", "user.disable", "source.run"]));
    const rows = await page.locator("table.audit tbody tr").allTextContents();
    expect(rows.find((r) => r.includes("user.create") && r.includes("new-analyst@example.org"))).toContain(ADMIN.email);
    expect(rows.find((r) => r.includes("user.create") && r.includes(ADMIN.email) && r.includes("cli:user:create"))).toBeDefined();
    await page.screenshot({ path: path.join(artifacts, "audit.png"), fullPage: true });

    await page.getByLabel("Action").selectOption("user.create");
    await Promise.all([page.waitForURL(/action=user\.create/), page.getByRole("button", { name: "Filter" }).click()]);
    await expect.poll(() => page.locator("table.audit tbody td:nth-child(4)").allTextContents()).toEqual(["user.create", "user.create"]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download the matching entries as CSV/ }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe("id,at,actor,action,target,detail");
    expect(csv).toHaveLength(3);
    expect(csv.slice(1).every((line) => line.includes(",user.create,"))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works without JavaScript: sign in, create an account with a typed password, enable the analyst, filter the log", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password, "/admin/users");
    await page.getByRole("textbox", { name: "Email" }).fill("typed-admin@example.org");
    await page.getByLabel("Role").selectOption("admin");
    await page.getByLabel("Use the password typed below").check();
    await page.getByLabel(/^Password/).fill("a typed password");
    // A form post to the same address: wait for the answer's text, not for a load event that has passed.
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain("Created admin typed-admin@example.org");
    expect(await page.getByTestId("generated-password").count()).toBe(0);
    await page.getByRole("button", { name: "Enable new-analyst@example.org" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain("new-analyst@example.org is active again");

    await page.goto(`${harmonia.url}/admin/audit`);
    await page.getByLabel("Actor").fill(ADMIN.email);
    await Promise.all([page.waitForURL(/actor=/), page.getByRole("button", { name: "Filter" }).click()]);
    const actors = await page.locator("table.audit tbody td:nth-child(3)").allTextContents();
    expect(actors.length).toBeGreaterThan(3);
    expect(new Set(actors)).toEqual(new Set([ADMIN.email]));
    await context.close();

    // The typed password works.
    const again = await browser.newContext({ javaScriptEnabled: false });
    await signIn(await again.newPage(), "typed-admin@example.org", "a typed password", "/admin/audit");
    await again.close();
  });
});
