import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import getPort from "get-port";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";

const artifacts = path.resolve("tests/artifacts");
const fixture = path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml");

describe("Harmonia in a real browser (embedded mode, recorded legislation.gov.uk feed)", () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;

  /** `npm run ingest -- legislation-gov-uk --file <recorded feed>` against the running instance. */
  const ingestFeed = () =>
    execFileSync("npx", ["tsx", "workers/cli/ingest.ts", "legislation-gov-uk", "--file", fixture], {
      env: harmonia.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    // A free port nobody listens on: the source fails the way it does with no network.
    const closedPort = await getPort({ host: "127.0.0.1" });
    harmonia = await startHarmonia({
      HARMONIA_SOURCE_URLS: `legislation-gov-uk=http://127.0.0.1:${closedPort}`,
      HARMONIA_ALLOW_PRIVATE_FETCH: `http://127.0.0.1:${closedPort}`,
      HARMONIA_REQUEST_GAP: "0ms",
    });
    // Every page test reads the recorded feed's 20 instruments, whatever order the tests run in.
    ingestFeed();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (harmonia) expect(await harmonia.stop()).toBe(0);
  });

  it("`npm run ingest -- <id> --file` prints JSON lines only and hands the records to the running instance", () => {
    // The feed is already in (beforeAll); ingesting it again stores nothing new and prints the same records.
    const stdout = ingestFeed();
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(20);
    const records = lines.map((l) => JSON.parse(l) as { type: string; officialUrl: string });
    expect(records.every((r) => r.type === "instrument" && r.officialUrl.startsWith("https://www.legislation.gov.uk/"))).toBe(true);
  });

  it("overview: chart SVG in the server HTML, the table behind it, and its CSV download", async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${harmonia.url}/`);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("section[aria-labelledby=by-topic] svg.recharts-surface").count()).toBe(1);
    const bars = await page.locator("section[aria-labelledby=by-topic] .recharts-bar-rectangle").count();
    expect(bars).toBeGreaterThan(0);
    const rows = await page.locator("section[aria-labelledby=by-topic] tbody tr").allTextContents();
    expect(rows).toHaveLength(6);
    const tableCounts = Object.fromEntries(
      await page.locator("section[aria-labelledby=by-topic] tbody tr").evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector("th")!.textContent!, Number(tr.querySelectorAll("td")[0]!.textContent)]),
      ),
    ) as Record<string, number>;
    // The recorded 2015 feed holds 20 instruments, none on a tracked topic.
    expect(tableCounts["No tracked topic"]).toBe(20);
    // The ingested instruments are listed with links to their official pages.
    expect(await page.locator('section[aria-labelledby=latest] a[href^="https://www.legislation.gov.uk/"]').count()).toBe(15);
    await page.screenshot({ path: path.join(artifacts, "overview.png"), fullPage: true });
    expect(errors).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this table as CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe("topic_id,topic_name,instruments,jurisdictions");
    const csvCounts = Object.fromEntries(csv.slice(1).map((line) => {
      const cells = line.split(",");
      return [cells[1], Number(cells[2])];
    }));
    expect(csvCounts).toEqual(tableCounts);
    await context.close();
  });

  it("the curated baseline is on the overview of a fresh start: gaps per recommendation, with matching CSV", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${harmonia.url}/?group=g7`);
    expect(await page.locator("section[aria-labelledby=gaps] .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    const rows = await page.locator("#gap-table tbody tr").evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td.num")).map((td) => Number(td.textContent))),
    );
    expect(rows.length).toBeGreaterThan(10);
    // Every row counts the seven G7 States once.
    for (const counts of rows) expect(counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(rows.some((counts) => counts[0]! > 0)).toBe(true);
    expect(await page.locator("section[aria-labelledby=gaps] p").first().textContent()).toContain("G7");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as CSV" }).click()]);
    const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe("recommendation_id,title,combine_rule,indicators,met,partial,not_met,insufficient,unknown,jurisdictions,group,as_of");
    expect(csv).toHaveLength(rows.length + 1);
    await context.close();
  });

  it("a bad filter is a 400 page that names it", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${harmonia.url}/?group=atlantis`);
    expect(response?.status()).toBe(400);
    expect(await page.locator("main").textContent()).toContain('There is no group "atlantis"');
    await page.close();
  });

  it("the charts are there without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${harmonia.url}/`);
    expect(await page.locator("section[aria-labelledby=by-topic] svg.recharts-surface").count()).toBe(1);
    expect(await page.locator("section[aria-labelledby=gaps] .recharts-bar-rectangle").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("/sources shows the failed fetch plainly, and /healthz reports database and Redis", async () => {
    const page = await browser.newPage();
    // The scheduler's first run starts at once; wait for its failure to be recorded.
    let text = "";
    for (let i = 0; i < 100 && !/retrying|failed/.test(text); i++) {
      await page.goto(`${harmonia.url}/sources`);
      text = (await page.locator("#source-legislation-gov-uk").textContent()) ?? "";
      if (!/retrying|failed/.test(text)) await page.waitForTimeout(300);
    }
    expect(text).toMatch(/retrying|failed/);
    expect(text).toMatch(/ECONNREFUSED|could not be fetched|could be fetched/);
    await page.screenshot({ path: path.join(artifacts, "sources.png"), fullPage: true });
    const health = await page.goto(`${harmonia.url}/healthz`);
    expect(health?.status()).toBe(200);
    expect(await health?.json()).toMatchObject({ status: "ok", database: { dialect: "pglite", ok: true }, redis: { ok: true } });
    await page.close();
  });
});
