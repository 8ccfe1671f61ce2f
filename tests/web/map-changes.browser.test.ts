import fs from "node:fs";
import path from "node:path";
import * as cheerio from "cheerio";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";
import { accessibilityProblems } from "../helpers/axe";

const artifacts = path.resolve("tests/artifacts");

describe("world map and change feeds in a real browser (embedded mode)", () => {
  let harmonia: RunningHarmonia;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    harmonia = await startHarmonia({ HARMONIA_SCHEDULER: "false" });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (harmonia) expect(await harmonia.stop()).toBe(0);
  });

  /** A page that records console errors, page errors and React hydration warnings, and the scripts it loads. */
  async function open(context: BrowserContext, url: string): Promise<{ page: Page; errors: string[]; scripts: Map<string, string> }> {
    const page = await context.newPage();
    const errors: string[] = [];
    const scripts = new Map<string, string>();
    page.on("console", (m) => (m.type() === "error" || /hydrat|did not match/i.test(m.text())) && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("response", async (r) => {
      if (r.request().resourceType() === "script") scripts.set(new URL(r.url()).pathname, await r.text().catch(() => ""));
    });
    const response = await page.goto(`${harmonia.url}${url}`);
    expect(response?.status(), url).toBe(200);
    await page.waitForLoadState("networkidle");
    return { page, errors, scripts };
  }

  async function until(what: string, check: () => Promise<boolean>) {
    for (let i = 0; i < 100; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  async function serverHtml(url: string) {
    const response = await fetch(`${harmonia.url}${url}`);
    return { status: response.status, type: response.headers.get("content-type"), html: await response.text() };
  }



  it("/map: the choropleth SVG, its patterns, titles, legend and table are in the server HTML", async () => {
    const { status, html } = await serverHtml("/map");
    expect(status).toBe(200);
    const $ = cheerio.load(html);
    const svg = $("svg.world-map-svg");
    expect(svg).toHaveLength(1);
    expect(svg.attr("role")).toBe("img");
    expect(svg.attr("aria-label")).toMatch(/^Average alignment with the \d+ recommendations.*Met: \d+; .*No answer: \d+\.$/);
    expect(svg.find("path[data-code]").length).toBe(173);
    // Patterned categories on the map: partly met, not met, insufficient evidence, not yet researched.
    expect(svg.find("pattern").length).toBe(4);
    const gb = svg.find('path[data-code="GB"]');
    expect(gb.attr("d")).toMatch(/^M\d+ \d+l/);
    // As worked by hand in map-changes-data.test.ts: 15 of 27 recommendations decided, averaging ≈ 0.77.
    expect(gb.find("title").text()).toBe("United Kingdom: Met");
    expect(svg.find('path[data-code="GL"] > title').text()).toBe("Greenland: No answer");
    expect(svg.find('circle[data-code="SG"] > title').text()).toMatch(/^Singapore: /);
    expect($("ul.map-legend li").map((_, li) => $(li).find(".map-legend-label").text()).get()).toEqual(["Met", "Partly met", "Not met", "Insufficient evidence", "Not yet researched", "No answer"]);
    expect($(".map-note").text()).toMatch(/European Union and sub-national units .* are not on the map/);
    expect($(".map-note").text()).toContain("California (");
    expect($("details.map-table table th[scope=row]").first().text()).toBe("Met");
    expect($('link[rel="alternate"][type="application/atom+xml"]').attr("href")).toBe("/changes.atom");
  });

  it("/map in the browser: no errors, no hydration warning, no map data in the JavaScript, filters via the form, accessible", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const { page, errors, scripts } = await open(context, "/map");
    expect(await page.locator("h1").allTextContents()).toEqual(["World map"]);
    expect(await page.locator("svg.world-map-svg path[data-code]").count()).toBe(173);
    // The geometry is projected on the server: no TopoJSON, d3 or country table in any script the page loads.
    const route = [...scripts.keys()].find((p) => /\/build\/routes\/map-[A-Z0-9]+\.js$/.test(p));
    expect(route, [...scripts.keys()].join(" ")).toBeDefined();
    expect(scripts.get(route!)!.length).toBeLessThan(30_000);
    for (const [p, text] of scripts) {
      expect(text, p).not.toMatch(/"arcs"\s*:|"transform"\s*:\s*\{"scale"|geoEqualEarth|equalEarthRaw|numericToAlpha2|Zimbabwe/);
    }
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, "map.png"), fullPage: true });

    await page.locator('select[name="group"]').selectOption("eu");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/group=eu/);
    await until("the EU map", async () => (await page.locator('path[data-code="CN"][data-category="outside"]').count()) === 1);
    expect(await page.locator('path[data-code="FR"]').getAttribute("data-category")).not.toBe("outside");
    expect(await page.locator("ul.map-legend").textContent()).toContain("Outside the group");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("/map works without JavaScript: the GET form picks a recommendation; CSV matches; bad parameters are a 400", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(context, "/map?group=osce");
    expect(await page.locator('svg.world-map-svg circle[data-code="MT"]').count()).toBe(1);
    await page.locator('select[name="recommendation"]').selectOption("crc.non-existing-children");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/recommendation=crc\.non-existing-children/);
    expect(page.url()).toContain("group=osce");
    expect(await page.locator("figcaption").first().textContent()).toMatch(/^Alignment with “/);
    const rows = await page.locator("table.map-rows tbody tr").count();
    expect(rows).toBe(57);
    await context.close();

    const csv = await fetch(`${harmonia.url}/map/export.csv?group=osce&recommendation=crc.non-existing-children`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("code,name,kind,drawn,category,met,partial,not_met,insufficient,unknown,recommendations,score,share_met,group,as_of,recommendation_id");
    expect(lines).toHaveLength(1 + 57);

    const bad = await serverHtml("/map?recommendation=no.such");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("There is no recommendation &quot;no.such&quot;");
    expect((await serverHtml("/map?as_of=2025-13-01")).status).toBe(400);
  });

  it("/changes: the latest changes with links, feed discovery, filters without JavaScript, accessible", async () => {
    const { html } = await serverHtml("/changes");
    const $ = cheerio.load(html);
    expect($('head link[rel="alternate"][type="application/atom+xml"]').attr("href")).toBe("/changes.atom");
    expect($("table.changes-table tbody tr")).toHaveLength(100);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await open(context, "/changes?jurisdiction=GB");
    expect(await page.locator("h1").count()).toBe(1);
    const rows = page.locator("table.changes-table tbody tr");
    expect(await rows.count()).toBeGreaterThan(5);
    for (const code of await page.locator("table.changes-table tbody th[scope=row] .muted").allTextContents()) expect(code).toBe("(GB)");
    expect(await page.locator('table.changes-table a[href="/jurisdictions/GB#indicator-treaty.opsc"]').count()).toBe(1);
    expect(await page.locator('a[href^="https://"][rel="noopener noreferrer"]').count()).toBeGreaterThan(0);
    expect(await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute("href")).toBe("/changes.atom?jurisdiction=GB");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, "changes.png"), fullPage: false });
    expect(errors).toEqual([]);
    await context.close();

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await open(noJs, "/changes");
    await plain.page.locator('select[name="indicator"]').selectOption("treaty.opsc");
    await plain.page.getByRole("button", { name: "Show" }).click();
    await plain.page.waitForURL(/indicator=treaty\.opsc/);
    const links = await plain.page.locator("table.changes-table tbody td:nth-child(3) a").allTextContents();
    expect(links.length).toBeGreaterThan(10);
    expect(new Set(links)).toEqual(new Set(["treaty.opsc"]));
    await noJs.close();

    const csv = await fetch(`${harmonia.url}/changes/export.csv?indicator=treaty.opsc`);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "history_id,changed_at,jurisdiction_code,jurisdiction_name,indicator_id,old_value,new_value,change_kind,effective_from,effective_basis,verified_on,origin,confidence,changed_by,change_reason,rationale,instrument_title,provision,citation_url,source_id,link",
    );
    expect(lines.length - 1).toBe(links.length);
  });

  it("/changes.atom: an Atom feed of the latest 100 changes; a bad filter is a plain-text 400", async () => {
    const response = await fetch(`${harmonia.url}/changes.atom?jurisdiction=GB`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const $ = cheerio.load(await response.text(), { xml: true });
    expect($("feed > id").text()).toBe("tag:harmonia,2026:changes?jurisdiction=GB");
    expect($('feed > link[rel="self"]').attr("href")).toBe(`${harmonia.url}/changes.atom?jurisdiction=GB`);
    const entries = $("entry");
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.length).toBeLessThanOrEqual(100);
    const opsc = entries.filter((_, e) => $(e).find("title").text() === "GB · treaty.opsc: met in effect from 2009-03-20");
    expect(opsc).toHaveLength(1);
    expect(opsc.find("link").attr("href")).toBe(`${harmonia.url}/jurisdictions/GB#indicator-treaty.opsc`);
    expect(opsc.find("content").text()).toMatch(/^Party: ratification deposited 2009-02-20\./);

    const all = await fetch(`${harmonia.url}/changes.atom`);
    expect(cheerio.load(await all.text(), { xml: true })("entry")).toHaveLength(100);

    const bad = await fetch(`${harmonia.url}/changes.atom?indicator=no.such`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await bad.text()).toMatch(/^Bad parameter "indicator"/);
  });
});
