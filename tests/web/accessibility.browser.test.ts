import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRecommendations } from "../../sources/curated";
import { accessibilityProblems } from "../helpers/axe";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";

/**
 * Every public page of a fresh `npm start` (curated baseline only) in Chromium: axe-core finds no serious or
 * critical violation, there is one h1 and a main landmark, the print stylesheet hides the navigation, and a
 * narrow screen does not scroll sideways outside tables and figures.
 */
const PAGES = [
  "/",
  "/?group=bali-process",
  "/jurisdictions",
  "/jurisdictions/GB",
  "/compare?j=GB,US,AU",
  "/indicators",
  "/indicators/csam.simple-possession",
  "/recommendations",
  "/instruments",
  "/map",
  "/changes",
  "/sources",
  "/methodology",
  "/login",
  `/recommendations/${parseRecommendations(fs.readFileSync("sources/curated/data/recommendations.yaml")).recommendations[0]!.id}`,
];

describe("accessibility of every page (axe-core in Chromium)", () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;
  const artifacts = path.resolve("tests/artifacts");

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    harmonia = await startHarmonia({ HARMONIA_SCHEDULER: "false" });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
    if (harmonia) expect(await harmonia.stop()).toBe(0);
  });

  it.each(PAGES.map((p) => [p]))("%s has no serious or critical axe violation", async (url) => {
    const page = await browser.newPage();
    const response = await page.goto(`${harmonia.url}${url}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator("main").count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  });

  it("the print stylesheet hides the navigation and keeps the content", async () => {
    const page = await browser.newPage();
    await page.goto(`${harmonia.url}/jurisdictions/GB`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.site nav").isVisible()).toBe(false);
    expect(await page.locator("main h1").isVisible()).toBe(true);
    await page.close();
  });

  it("a narrow screen does not scroll sideways", async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const url of ["/", "/jurisdictions/GB", "/indicators/csam.simple-possession", "/map", "/methodology"]) {
      await page.goto(`${harmonia.url}${url}`);
      // Wide tables and charts scroll inside their own box; the page itself must not.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: path.join(artifacts, "narrow.png"), fullPage: false });
    await page.close();
  });
});
