import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPARE_COLUMNS } from "../../app/lib/compare.server";
import { INDICATOR_COLUMNS } from "../../app/lib/jurisdiction.server";
import { parseIndicators } from "../../sources/curated";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";

const artifacts = path.resolve("tests/artifacts");
const indicatorCount = parseIndicators(fs.readFileSync(path.resolve("sources/curated/data/indicators.yaml"))).indicators.length;
const clml = path.resolve("tests/fixtures/legislation-gov-uk/uksi-2015-1978-contents-made.data.clml.xml");

/** Console errors and warnings (React's hydration errors among them) and uncaught page errors. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && problems.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

describe("jurisdiction pages and comparison in a real browser (embedded mode, curated baseline)", () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    harmonia = await startHarmonia({ HARMONIA_SCHEDULER: "false" });
    // A recorded legislation.gov.uk CLML record gives GB an instrument for the timeline and table.
    execFileSync("npx", ["tsx", "workers/cli/ingest.ts", "legislation-gov-uk", "--file", clml], { env: harmonia.env, stdio: "ignore" });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (harmonia) expect(await harmonia.stop()).toBe(0);
  });

  it("the timeline's SVG is in the server HTML of /jurisdictions/GB", async () => {
    const html = await (await fetch(`${harmonia.url}/jurisdictions/GB`)).text();
    expect(html).toMatch(/<svg[^>]*id="jurisdiction-timeline"/);
    expect(html).toContain("The Value Added Tax (Amendment) Regulations 2015");
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it("/jurisdictions/GB: cited answers, treaty dates, timeline, history; no console errors; CSV download", async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${harmonia.url}/jurisdictions/GB`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("h1").textContent()).toBe("United Kingdom (GB)");

    const possession = page.locator('[id="indicator-csam.simple-possession"]');
    expect(await possession.locator(".value").textContent()).toBe("Yes");
    const link = possession.locator('a[href="https://www.legislation.gov.uk/ukpga/1988/33/section/160"]');
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");

    const opsc = page.locator("section[aria-labelledby=treaties] tr", { hasText: "treaty.opsc" });
    expect(await opsc.locator("td").nth(2).textContent()).toBe("2009-02-20 (ratification)");
    expect(await page.locator("svg#jurisdiction-timeline").count()).toBe(1);
    expect(await page.locator("svg#jurisdiction-timeline polygon, svg#jurisdiction-timeline rect").count()).toBeGreaterThan(4);
    // Every curated first answer is in the history, by source:curated.
    expect(await page.locator("section[aria-labelledby=history] tbody tr", { hasText: "source:curated" }).count()).toBeGreaterThan(10);
    await page.screenshot({ path: path.join(artifacts, "jurisdiction.png"), fullPage: true });
    expect(problems).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the indicator table as CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8").split("\n");
    expect(csv[0]).toBe(INDICATOR_COLUMNS.join(","));
    await context.close();
  });

  it("without JavaScript: the timeline shows, the as-of form and the group filter work", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${harmonia.url}/jurisdictions/GB`);
    expect(await page.locator("svg#jurisdiction-timeline").count()).toBe(1);
    await page.getByLabel("Show the state as of").fill("1980-01-01");
    await Promise.all([page.waitForURL(/as_of=1980-01-01/), page.getByRole("button", { name: "Show" }).click()]);
    // On 1 January 1980 no GB answer had yet taken effect (the earliest established date is CJA 1988 s.160): said in words.
    expect(await page.locator("main > p", { hasText: "As the law stood on" }).textContent()).toContain(`0 of ${indicatorCount} indicators have a cited answer`);

    await page.goto(`${harmonia.url}/jurisdictions`);
    const all = await page.locator("table.counts tbody tr").count();
    await page.getByLabel("Group").selectOption("g7");
    await Promise.all([page.waitForURL(/group=g7/), page.getByRole("button", { name: "Show" }).click()]);
    const g7 = await page.locator("table.counts tbody tr th a").allTextContents();
    expect(g7.length).toBeGreaterThan(0);
    expect(g7.length).toBeLessThan(all);
    expect(g7).toContain("United Kingdom");
    await context.close();
  });

  it("/compare: the GET form picks jurisdictions without JavaScript; differing rows are marked in text", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${harmonia.url}/compare`);
    await page.getByLabel(/Jurisdictions with answers/).selectOption(["GB", "DE"]);
    await page.getByLabel("Or type codes, comma-separated").fill("us");
    await Promise.all([page.waitForURL(/j=GB/), page.getByRole("button", { name: "Compare" }).click()]);
    // The multi-select sends its choices in list order (by name), then the typed codes.
    expect(await page.locator("table.compare-table thead th").allTextContents()).toEqual([
      "Indicator",
      "Germany (DE)",
      "United Kingdom (GB)",
      "United States of America (US)",
      "Agreement",
    ]);
    const row = page.locator('[id="row-aicsam.non-photographic"]');
    expect(await row.getAttribute("class")).toBe("differs");
    expect(await row.locator("td.agreement").textContent()).toBe("≠ Differs");
    expect(await row.locator('a[href="https://www.legislation.gov.uk/ukpga/2009/25/section/62"]').count()).toBe(1);
    const deepfakes = page.locator("section[aria-labelledby=dual-criminality] tbody tr", { hasText: "tfe.intimate-deepfakes" }).first();
    expect(await deepfakes.textContent()).toContain("Crime in United Kingdom, not in Germany");
    await context.close();
  });

  it("/compare with JavaScript: no console errors, screenshot, CSV of the table", async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${harmonia.url}/compare?j=GB,US,AU`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("table.compare-table tbody tr.differs").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifacts, "compare.png"), fullPage: true });
    expect(problems).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the comparison as CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe(COMPARE_COLUMNS.join(","));
    expect(csv).toHaveLength(1 + indicatorCount * 3);
    await context.close();
  });

  it("bad parameters are a 400 naming them; an unknown jurisdiction is a 404", async () => {
    const page = await browser.newPage();
    for (const [query, status, text] of [
      ["/compare?j=GB", 400, "j (you gave 1"],
      ["/compare?j=GB,ZZ", 400, '"ZZ"'],
      ["/jurisdictions/GB?as_of=2026-13-01", 400, '"2026-13-01"'],
      ["/jurisdictions?group=nope", 400, '"nope"'],
      ["/jurisdictions/XX", 404, '"XX"'],
    ] as const) {
      const response = await page.goto(`${harmonia.url}${query}`);
      expect(response?.status()).toBe(status);
      expect(await page.locator("main").textContent()).toContain(text);
    }
    await page.close();
  });
});
