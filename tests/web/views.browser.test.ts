import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressDates } from "../../app/lib/recommendation.server";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";

const artifacts = path.resolve("tests/artifacts");
const fixture = path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml");

describe("indicator, recommendation and instrument pages in a real browser (embedded mode)", () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    harmonia = await startHarmonia({ HARMONIA_SCHEDULER: "false" });
    // The recorded legislation.gov.uk feed (20 instruments), handed to the running instance.
    execFileSync("npx", ["tsx", "workers/cli/ingest.ts", "legislation-gov-uk", "--file", fixture], { env: harmonia.env, stdio: ["ignore", "pipe", "pipe"] });
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
  async function open(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" || /hydrat/i.test(m.text())) && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    const response = await page.goto(`${harmonia.url}${url}`);
    expect(response?.status(), url).toBe(200);
    await page.waitForLoadState("networkidle");
    return { page, errors };
  }

  /** Client-side navigation changes the URL as it renders: wait for what the new page shows. */
  async function until(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  /** The charts themselves (legend icons are small recharts-surface SVGs too). */
  const charts = (page: Page) => page.locator(".recharts-wrapper > svg.recharts-surface");

  async function serverHtml(url: string) {
    const response = await fetch(`${harmonia.url}${url}`);
    return { status: response.status, html: await response.text() };
  }

  it("/indicators lists the catalogue by topic with counts, linking each indicator", async () => {
    const context = await browser.newContext();
    const { page, errors } = await open(context, "/indicators");
    expect(await page.locator("h1").allTextContents()).toEqual(["Indicators"]);
    expect(await page.locator("section h2").count()).toBeGreaterThanOrEqual(5);
    const link = page.locator('a[href="/indicators/treaty.opsc"]');
    expect(await link.count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/indicators\/treaty\.opsc$/);
    await until("the indicator page", async () => (await page.locator("h1").textContent()) !== "Indicators");
    expect(await page.locator("h1").textContent()).toMatch(/Optional Protocol|sale of children/i);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("/indicators/:id: distribution chart in the server HTML, the matrix with symbols, laws cited; a group via the form", async () => {
    const { html } = await serverHtml("/indicators/csam.simple-possession");
    expect(html).toContain("<svg");
    expect(html).toContain("recharts-bar-rectangle");
    expect(html).toMatch(/<table class="matrix">/);
    // The map of this indicator's answers, drawn on the server: GB's curated answer is "met", China's "not met".
    expect(html).toMatch(/<svg id="indicator-map"/);
    expect(html).toMatch(/<path[^>]*data-code="GB"[^>]*data-category="met"/);
    expect(html).toMatch(/<path[^>]*data-code="CN"[^>]*data-category="not_met"/);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const { page, errors } = await open(context, "/indicators/csam.simple-possession");
    expect(await charts(page).count()).toBe(1);
    expect(await page.locator("h1").count()).toBe(1);
    // GB (met) against CN (not met): a gap, shown by a symbol and spelled out for screen readers.
    const gbRow = page.locator("table.matrix tbody tr", { has: page.locator('th abbr:text-is("GB")') });
    expect(await gbRow.locator("td.matrix-gap").count()).toBeGreaterThan(0);
    expect(await gbRow.locator("td.matrix-gap").first().textContent()).toMatch(/✗.*Gap/);
    expect(await page.locator("#laws ~ table a[href^='https://']").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, "indicator.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the pairs as CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe("a,b,a_value,b_value,dual_criminality");
    expect(csv).toContain("CN,GB,not_met,met,no");

    await page.getByLabel("Group").selectOption("eu");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/group=eu/);
    await until("the EU matrix", async () => (await page.locator('table.matrix th abbr:text-is("US")').count()) === 0);
    expect(await page.locator("table.matrix tbody tr").count()).toBeGreaterThan(1);
    expect(await page.locator('table.matrix th abbr:text-is("US")').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("/recommendations/:id: quote, alignment and progress charts, the series table, who moved and what is pending", async () => {
    const id = "osce-bp.international-collaboration";
    const { html } = await serverHtml(`/recommendations/${id}`);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain("recharts-line");

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await open(context, `/recommendations/${id}`);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator("blockquote.quote").textContent()).toBe("international collaboration");
    expect(await charts(page).count()).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.locator("section[aria-labelledby=progress] tbody tr").count()).toBe(progressDates(today).length);
    expect(await page.locator("section[aria-labelledby=changes] tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator('a[href^="/indicators/treaty.opsc"]').count()).toBeGreaterThan(0);
    await page.locator("section[aria-labelledby=progress] details summary").click();
    await page.screenshot({ path: path.join(artifacts, "recommendation.png"), fullPage: true });
    const progress = await fetch(`${harmonia.url}/recommendations/${id}/progress.csv`);
    expect((await progress.text()).split("\n")[0]).toBe("recommendation_id,date,met,partial,not_met,undated,insufficient,unknown,jurisdictions,group");
    expect(errors).toEqual([]);

    const list = await open(context, "/recommendations");
    expect(await list.page.locator("table.recommendations tbody tr").count()).toBeGreaterThan(20);
    expect(list.errors).toEqual([]);
    await context.close();
  });

  it("/instruments: the recorded feed's instruments, filtered by the form, streamed CSV, and a 400 naming a bad filter", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The laws the curated answers cite are instruments too: the source filter shows the feed alone.
    const { page, errors } = await open(context, "/instruments?source=legislation-gov-uk");
    expect(await page.locator("table.instruments tbody tr").count()).toBe(20);
    expect(await page.locator('table.instruments a[href^="https://www.legislation.gov.uk/"][rel="noopener noreferrer"]').count()).toBe(20);
    await page.getByLabel("Jurisdiction").selectOption("GB-NIR");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/jurisdiction=GB-NIR.*source=legislation-gov-uk/);
    await until("the filtered list", async () => (await page.locator("table.instruments tbody tr").count()) < 20);
    expect(await page.locator("table.instruments tbody tr").count()).toBe(5);
    await page.screenshot({ path: path.join(artifacts, "instruments.png"), fullPage: true });
    expect(errors).toEqual([]);

    const csv = await fetch(`${harmonia.url}/instruments.csv?jurisdiction=GB-NIR&source=legislation-gov-uk`);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toBe("id,jurisdiction_code,title,kind,stage,introduced_on,enacted_on,in_force_on,official_url,identifiers,topics,source_id,first_seen_at,last_seen_at,summary");
    expect(lines).toHaveLength(6);
    const json = (await (await fetch(`${harmonia.url}/instruments.json?stage=enacted&source=legislation-gov-uk`)).json()) as { count: number };
    expect(json.count).toBe(20);

    const bad = await page.goto(`${harmonia.url}/instruments?stage=drafted`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator("main").textContent()).toMatch(/stage/);
    const missing = await page.goto(`${harmonia.url}/indicators/no.such-thing`);
    expect(missing?.status()).toBe(404);
    const missingRecommendation = await page.goto(`${harmonia.url}/recommendations/no.such-thing`);
    expect(missingRecommendation?.status()).toBe(404);
    await context.close();
  });

  it("every page reads without JavaScript: charts, matrix and tables are in the HTML", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${harmonia.url}/indicators/csam.simple-possession?group=eu`);
    expect(await charts(page).count()).toBe(1);
    expect(await page.locator("table.matrix td.matrix-yes").count()).toBeGreaterThan(0);
    await page.goto(`${harmonia.url}/recommendations/osce-bp.international-collaboration?as_of=2025-12-31`);
    expect(await charts(page).count()).toBe(2);
    expect(await page.locator("section[aria-labelledby=progress] tbody tr").last().locator("th").textContent()).toBe("2025-12-31");
    await page.goto(`${harmonia.url}/instruments?jurisdiction=GB-WLS`);
    expect(await page.locator("table.instruments tbody tr").count()).toBe(3);
    await page.goto(`${harmonia.url}/indicators`);
    expect(await page.locator("table.catalogue").count()).toBeGreaterThan(3);
    await context.close();
  });
});
