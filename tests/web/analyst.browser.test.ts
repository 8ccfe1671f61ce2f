import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTE_COLUMNS } from "../../app/lib/notes.server";
import { openDatabase } from "../../db/client";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";
import { testRedisUrl } from "../helpers/env";

/**
 * Issue 6, done when: a new analyst logs in, accepts a detected bill into an assessment with a citation, and
 * the change shows in the jurisdiction's history, on the recommendation's progress line, in the CSV export
 * and in the audit log — in Chromium against `npm start`'s entry point (embedded PGlite).
 */

const artifacts = path.resolve("tests/artifacts");
// Built from the Bills API's documented schema (see its PROVENANCE.md): item 2 is the Online Safety Act 2023,
// which the classifier tags platform-duties, so ingestion opens a new_instrument review item for GB.
const billsFixture = path.resolve("tests/fixtures/uk-parliament-bills/bills-list.from-docs.json");
const ANALYST = { email: "new.analyst@example.org", password: "a long analyst passphrase" };
const ADMIN = { email: "admin@example.org", password: "a long admin passphrase!" };
const OSA_URL = "https://bills.parliament.uk/bills/3137";
const INDICATOR = "platform.notice-takedown-deadline";
/** Measured by platform.risk-assessment (GB: met, curated), platform.industry-codes and the indicator above (rule: mean). */
const RECOMMENDATION = "icat.content-moderation-duty";
const REASON = "Online Safety Act 2023 read: takedown duty without a fixed deadline";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings on the page. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<unknown> } }).axe;
    return axe.run(document, { resultTypes: ["violations"] });
  })) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
}

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => r.status() >= 400 && r.request().resourceType() !== "document" && problems.push(`HTTP ${r.status()} ${r.url()}`));
  return problems;
}

/** Accounts are created with the command an administrator runs, before the instance holds the PGlite files. */
function createAccount(dataDir: string, role: "analyst" | "admin", account: { email: string; password: string }) {
  const env: NodeJS.ProcessEnv = { ...process.env, HARMONIA_DATA_DIR: dataDir, REDIS_URL: testRedisUrl(), LOG_LEVEL: "warn" };
  // The embedded instance uses PGlite under the data directory, whatever the shell says.
  delete env.DATABASE_URL;
  execFileSync("npx", ["tsx", "workers/cli/user-create.ts", "--role", role, "--email", account.email], {
    env,
    input: account.password,
    stdio: ["pipe", "pipe", "pipe"],
  });
}

async function signIn(context: BrowserContext, base: string, account: { email: string; password: string }, next = "/review") {
  const page = await context.newPage();
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.getByRole("button", { name: "Sign in" }).click()]);
  // With JavaScript the URL changes before React commits the new page; wait for the signed-in header.
  await page.getByRole("button", { name: `Sign out ${account.email}` }).waitFor();
  return page;
}

type ProgressPoint = { date: string; met: number; partial: number; not_met: number; undated: number; insufficient: number; unknown: number };

async function progress(base: string): Promise<ProgressPoint[]> {
  const body = (await (await fetch(`${base}/recommendations/${RECOMMENDATION}/progress.json`)).json()) as { data: ProgressPoint[] };
  return body.data;
}

async function csv(base: string, pathAndQuery: string) {
  const response = await fetch(`${base}${pathAndQuery}`);
  expect(response.status).toBe(200);
  return parseCsv(await response.text(), { columns: true }) as Record<string, string>[];
}

// One user's journey in one browser session: each step builds on the one before, so its order is the test
// (never shuffled). Every data-level test builds its own rows and runs in any order.
describe("analyst workflow in a real browser: review, accept with a citation, history, progress, exports, audit", { shuffle: false }, () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;
  let dataDir: string;
  let stopped = false;
  let progressBefore: ProgressPoint[];
  let itemId: string;

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-analyst-"));
    createAccount(dataDir, "analyst", ANALYST);
    createAccount(dataDir, "admin", ADMIN);
    harmonia = await startHarmonia({ HARMONIA_DATA_DIR: dataDir, HARMONIA_SCHEDULER: "false" });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (harmonia && !stopped) expect(await harmonia.stop()).toBe(0);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("visitors cannot review: /review sends them to sign in, a POST without a session is refused", async () => {
    const get = await fetch(`${harmonia.url}/review`, { redirect: "manual" });
    expect(get.status).toBe(302);
    expect(get.headers.get("location")).toBe("/login?next=%2Freview");
    const post = await fetch(`${harmonia.url}/review?index`, { method: "POST", body: new URLSearchParams({ intent: "dismiss", itemId: "1", reason: "x" }) });
    expect(post.status).toBe(401);
    const edit = await fetch(`${harmonia.url}/jurisdictions/GB/indicators/${INDICATOR}/edit`, { method: "POST", body: new URLSearchParams({ value: "met" }) });
    expect(edit.status).toBe(401);
  });

  it("ingesting the bills fixture detects the Online Safety Act 2023 on a tracked topic", async () => {
    progressBefore = await progress(harmonia.url);
    const stdout = execFileSync("npx", ["tsx", "workers/cli/ingest.ts", "uk-parliament-bills", "--file", billsFixture], {
      env: harmonia.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const records = stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; title?: string; topics?: { topic: string }[] });
    const osa = records.find((r) => r.title === "Online Safety Act 2023");
    expect(osa?.topics?.map((t) => t.topic)).toEqual(["platform-duties"]);
  });

  it("a new analyst signs in and accepts the detected bill into a cited assessment", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const page = await signIn(context, harmonia.url, ANALYST);
    const problems = watch(page);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("h1").textContent()).toBe("Review queue");

    const item = page.locator("article.review-item", { hasText: "Online Safety Act 2023" });
    expect(await item.count()).toBe(1);
    itemId = (await item.getAttribute("id"))!.replace("item-", "");
    // The evidence, as text: source, classifier reason, instrument, snapshot hash.
    const evidence = (await item.locator("dl.evidence").textContent())!;
    expect(evidence).toContain("UK Parliament Bills API");
    expect(evidence).toContain('title: online safety regime: "Online Safety"');
    expect(evidence).toContain(OSA_URL);
    expect(evidence).toMatch(/sha256 [0-9a-f]{64}/);
    expect(await item.locator(`a[href="${OSA_URL}"]`).first().getAttribute("rel")).toBe("noopener noreferrer");

    // The accept form is prefilled from the instrument: title, official URL, and the date it became law.
    await item.locator("summary", { hasText: "Accept into an assessment" }).click();
    const field = (name: string) => item.locator(`#item-${itemId}-accept-${name}`);
    expect(await field("instrumentTitle").inputValue()).toBe("Online Safety Act 2023");
    expect(await field("url").inputValue()).toBe(OSA_URL);
    // Enacted (Royal Assent) is not in force: no effective date is prefilled, the reason is.
    expect(await field("effectiveFrom").inputValue()).toBe("");
    expect(await field("effectiveBasis").inputValue()).toBe("Enacted 2023-10-26; the source gives no commencement date: date not established.");
    // The indicators on the instrument's topic come first.
    expect(await field("indicatorId").locator("optgroup").first().getAttribute("label")).toContain("Platform");
    await field("indicatorId").selectOption(INDICATOR);
    await field("value").selectOption("partial");
    await field("rationale").fill("Services must swiftly take down illegal content once aware of it (s.10(3)(b)); no fixed deadline is set.");
    await field("provision").fill("s.10(3)(b)");
    await field("confidence").selectOption("medium");
    await field("reason").fill(REASON);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, "review.png"), fullPage: true });

    await Promise.all([page.waitForURL((u) => u.searchParams.has("done")), item.getByRole("button", { name: `Accept item #${itemId}` }).click()]);
    expect(await page.locator("p.done").textContent()).toBe(`Item #${itemId} accepted: GB ${INDICATOR} is now partial.`);
    expect(await page.locator("article.review-item", { hasText: "Online Safety Act 2023" }).count()).toBe(0);
    // The decided item keeps its decision.
    await page.goto(`${harmonia.url}/review/${itemId}`);
    expect(await page.locator("dl.evidence").textContent()).toContain(`accepted by ${ANALYST.email}`);
    expect(await page.locator("section[aria-labelledby=cell-history] tbody tr").first().textContent()).toContain(REASON);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the change is in the jurisdiction's history: who, why, and the value it replaced", async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(`${harmonia.url}/jurisdictions/GB`);
    await page.waitForLoadState("networkidle");
    const row = page.locator("section[aria-labelledby=history] tbody tr", { hasText: INDICATOR }).first();
    const cells = await row.locator("td, th").allTextContents();
    expect(cells[1]).toBe(ANALYST.email);
    expect(cells[2]).toBe(INDICATOR);
    expect(cells[3]).toBe("(none) → Partly");
    expect(cells[4]).toBe(REASON);
    const answer = page.locator(`[id="indicator-${INDICATOR}"]`);
    expect(await answer.locator(".value").textContent()).toBe("Partly");
    expect(await answer.textContent()).toContain("s.10(3)(b)");
    expect(await answer.locator(`a[href="${OSA_URL}"]`).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("the change moves the recommendation's progress line and is listed among its changes", async () => {
    const after = await progress(harmonia.url);
    expect(after.map((p) => p.date)).toEqual(progressBefore.map((p) => p.date));
    const [before, now] = [progressBefore.at(-1)!, after.at(-1)!];
    // The accepted answer's effective date is not established (enacted, commencement unknown): in legal time it joins
    // the undated band and moves no decided count.
    expect({ met: now.met, partial: now.partial, not_met: now.not_met }).toEqual({ met: before.met, partial: before.partial, not_met: before.not_met });
    expect(now.undated).toBeGreaterThanOrEqual(before.undated);
    const changes = await csv(harmonia.url, `/recommendations/${RECOMMENDATION}/changes.csv`);
    expect(changes.find((c) => c.jurisdiction_code === "GB" && c.indicator_id === INDICATOR)).toBeUndefined();
    // It is on the jurisdiction's history, with both times.
    const history = await csv(harmonia.url, "/jurisdictions/GB/history.csv");
    expect(history.find((c) => c.indicator_id === INDICATOR)).toMatchObject({
      old_value: "",
      new_value: "partial",
      effective_from: "",
      change_kind: "first",
      changed_by: ANALYST.email,
      change_reason: REASON,
    });
  });

  it("the assessments CSV export has the analyst's answer with its citation", async () => {
    const rows = await csv(harmonia.url, `/api/v1/assessments.csv?jurisdiction=GB&indicator=${INDICATOR}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      jurisdiction_code: "GB",
      indicator_id: INDICATOR,
      value: "partial",
      origin: "analyst",
      instrument_title: "Online Safety Act 2023",
      provision: "s.10(3)(b)",
      citation_url: OSA_URL,
      effective_from: "",
      date_status: "not_established",
      effective_basis: "Enacted 2023-10-26; the source gives no commencement date: date not established.",
      confidence: "medium",
    });
  });

  it("the audit log shows the decision to an administrator", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, harmonia.url, ADMIN, "/admin/audit");
    const response = await context.request.get(`${harmonia.url}/admin/audit/export.csv?actor=${encodeURIComponent(ANALYST.email)}`);
    expect(response.status()).toBe(200);
    const entries = parseCsv(await response.text(), { columns: true }) as Record<string, string>[];
    // Sign-ins are audited too; the writes of the workflow are these.
    expect(entries.filter((e) => !e.action!.startsWith("login.")).map((e) => [e.action, e.target]).sort()).toEqual([
      ["assessment.set", `assessment:GB/${INDICATOR}`],
      ["review.accept", `review_item:${itemId}`],
    ]);
    expect(await page.locator("main").textContent()).toContain(`review_item:${itemId}`);
    await context.close();
  });

  it("editing the answer without JavaScript: errors beside the fields (400), the old value visible, then saved", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 1000 } });
    const page = await signIn(context, harmonia.url, ANALYST, `/jurisdictions/GB/indicators/${INDICATOR}/edit`);
    expect(await page.locator("section[aria-labelledby=current] .value").textContent()).toBe("Partly");
    expect(await page.locator("#edit-value").inputValue()).toBe("partial");
    expect(await page.locator("#edit-url").inputValue()).toBe(OSA_URL);
    expect(await page.locator("#edit-provision").inputValue()).toBe("s.10(3)(b)");
    await page.locator("#edit-value").selectOption("pending");
    await page.locator("#edit-rationale").fill("A government amendment would set a 48-hour deadline for intimate images.");
    await page.locator("#edit-provision").fill("");
    await page.locator("#edit-url").fill("http://bills.parliament.uk/bills/3137");
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Save the answer" }).click()]);
    await page.waitForLoadState("load");
    expect(refused.status()).toBe(400);
    expect(await page.locator("#edit-provision-error").textContent()).toContain("give the provision");
    expect(await page.locator("#edit-url-error").textContent()).toContain("not an https URL");
    expect(await page.locator("#edit-reason-error").textContent()).toContain("reason");
    expect(await page.locator("#edit-provision").getAttribute("aria-invalid")).toBe("true");
    // What was typed is kept; the old value is still shown.
    expect(await page.locator("#edit-value").inputValue()).toBe("pending");
    expect(await page.locator("section[aria-labelledby=current] .value").textContent()).toBe("Partly");
    await page.screenshot({ path: path.join(artifacts, "edit.png"), fullPage: true });

    await page.locator("#edit-provision").fill("s.10(3)(b)");
    await page.locator("#edit-url").fill(OSA_URL);
    await page.locator("#edit-reason").fill("Amendment tabled");
    await Promise.all([page.waitForURL((u) => u.searchParams.get("saved") === "1"), page.getByRole("button", { name: "Save the answer" }).click()]);
    const newest = await page.locator("section[aria-labelledby=history] tbody tr").first().locator("td").allTextContents();
    expect(newest[1]).toBe(ANALYST.email);
    expect(newest[2]).toBe("Partly → Bill pending");
    expect(newest[3]).toBe("Amendment tabled");
    await context.close();
  });

  it("with JavaScript, a refused edit shows the same errors in place, accessibly, and writes nothing", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, harmonia.url, ANALYST, `/jurisdictions/GB/indicators/${INDICATOR}/edit`);
    const problems = watch(page);
    await page.waitForLoadState("networkidle");
    await page.locator("#edit-value").selectOption("met");
    await page.locator("#edit-confidence").selectOption("");
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Save the answer" }).click()]);
    expect(refused.status()).toBe(400);
    await page.locator("#edit-reason-error").waitFor();
    expect(await page.locator("#edit-confidence-error").textContent()).toContain("how firmly");
    expect(await page.locator("section[aria-labelledby=current] .value").textContent()).toBe("Bill pending");
    expect(await axeProblems(page)).toEqual([]);
    // The browser's own 400 report for the refused POST is expected; nothing else.
    expect(problems.filter((p) => !p.includes("400"))).toEqual([]);
    await context.close();
  });

  it("follow-up notes: an analyst adds one on the recommendation's notes page; it is listed and exported", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, harmonia.url, ANALYST, `/recommendations/${RECOMMENDATION}/notes`);
    const problems = watch(page);
    await page.waitForLoadState("networkidle");
    await page.locator("summary", { hasText: "Add a follow-up note" }).click();
    await page.getByLabel("Jurisdiction").selectOption("GB");
    await page.getByLabel("Date of the note").fill("2026-03-01");
    await page.getByLabel("Note", { exact: true }).fill("<script>alert(1)</script> Ofcom reported on takedown times at the 2026 meeting.");
    await page.getByLabel("Link to the evidence (https, optional)").fill("https://www.ofcom.org.uk/online-safety");
    await Promise.all([page.waitForURL((u) => u.hash === "#follow-up-notes"), page.getByRole("button", { name: "Add the note" }).click()]);
    const row = page.locator("table.notes-table tbody tr").first();
    // Text stays text.
    expect(await row.locator("td.note-body").textContent()).toContain("<script>alert(1)</script> Ofcom reported");
    expect(await row.textContent()).toContain(ANALYST.email);
    expect(problems).toEqual([]);
    await context.close();

    const exported = await fetch(`${harmonia.url}/notes/export.csv?recommendation=${RECOMMENDATION}`);
    const text = await exported.text();
    expect(text.split(/\r?\n/)[0]).toBe(NOTE_COLUMNS.join(","));
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      expect.objectContaining({ recommendation_id: RECOMMENDATION, jurisdiction_code: "GB", noted_on: "2026-03-01", link_url: "https://www.ofcom.org.uk/online-safety", created_by: ANALYST.email }),
    ]);
    // Visitors read notes but get no form.
    const anonymous = await (await fetch(`${harmonia.url}/recommendations/${RECOMMENDATION}/notes`)).text();
    expect(anonymous).toContain("Ofcom reported on takedown times");
    expect(anonymous).not.toContain("Add the note");
  });

  it("the review queue reads without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(context, harmonia.url, ANALYST, "/review");
    await page.goto(`${harmonia.url}/review?status=accepted`);
    expect(await page.locator("article.review-item").count()).toBe(1);
    expect(await page.locator("article.review-item dl.evidence").textContent()).toContain("Online Safety Act 2023");
    const bad = await page.goto(`${harmonia.url}/review?kind=bill`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator("main").textContent()).toContain('"bill" is not a kind of review item');
    await context.close();
  });

  it("every write is in the database's audit log, in order, by the analyst", async () => {
    expect(await harmonia.stop()).toBe(0);
    stopped = true;
    const database = await openDatabase({ kind: "pglite", dataDir });
    try {
      const rows = await database.db.selectFrom("audit_log").select(["actor", "action", "target"]).where("actor", "=", ANALYST.email).orderBy("id").execute();
      expect(rows.filter((r) => !r.action.startsWith("login.")).map((r) => `${r.action} ${r.target}`)).toEqual([
        `assessment.set assessment:GB/${INDICATOR}`,
        `review.accept review_item:${itemId}`,
        `assessment.set assessment:GB/${INDICATOR}`,
        expect.stringMatching(/^note\.add note:\d+$/),
      ]);
      const history = await database.db
        .selectFrom("assessment_history")
        .select(["value", "changed_by"])
        .where("jurisdiction_code", "=", "GB")
        .where("indicator_id", "=", INDICATOR)
        .orderBy("id")
        .execute();
      expect(history).toEqual([
        { value: "partial", changed_by: ANALYST.email },
        { value: "pending", changed_by: ANALYST.email },
      ]);
    } finally {
      await database.close();
    }
  });
});
