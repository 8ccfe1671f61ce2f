/**
 * True over time, honest in aggregate, on a fresh start with the curated baseline: the law in force on a date,
 * no colour without evidence, the brief cited as a document. Expected values are written out by hand from the
 * cited sources (UNTC status page, legislation.gov.uk, the RSO launch announcement). Screenshots go to tests/artifacts.
 */
import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarmonia, type RunningHarmonia } from "../helpers/harmonia-process";

const artifacts = path.resolve("tests/artifacts");
const SEED_FILE = /\d{3}_[0-9a-f]{16}\.txt/;

describe("legal time, evidence thresholds and cited documents in a real browser (embedded mode)", () => {
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

  async function get(url: string) {
    const response = await fetch(`${harmonia.url}${url}`);
    expect(response.status, url).toBe(200);
    return response.text();
  }
  const csv = async (url: string) => parseCsv(await get(url), { columns: true, bom: true }) as Record<string, string>[];

  it("the GB Palermo answer is met as of 2024-01-01 and unknown as of 2005, with both times in the export", async () => {
    const base = "/api/v1/assessments.csv?jurisdiction=GB&indicator=treaty.palermo-protocol";
    const [in2024] = await csv(`${base}&as_of=2024-01-01`);
    expect(in2024).toMatchObject({ value: "met", effective_from: "2006-03-11", date_status: "established", verified_on: "2025-10-31" });
    expect(in2024!.effective_basis).toBe("Instrument deposited 2006-02-09 (status page); in force for the State from 2006-03-11 (art. 17(2): the thirtieth day after the deposit).");
    const [in2005] = await csv(`${base}&as_of=2005-06-01`);
    expect(in2005).toMatchObject({ value: "unknown", effective_from: "2006-03-11", date_status: "not_in_force_yet" });
    // What Harmonia said before it recorded anything: nothing.
    const [before] = await csv(`${base}&recorded_by=2020-01-01&as_of=2024-01-01`);
    expect(before).toMatchObject({ value: "unknown", date_status: "" });

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${harmonia.url}/jurisdictions/GB?as_of=2024-01-01`);
    const row = page.locator("#indicator-treaty\\.palermo-protocol, tr", { hasText: "treaty.palermo-protocol" }).first();
    await expect(row.textContent()).resolves.toContain("In effect from 2006-03-11");
    await page.screenshot({ path: path.join(artifacts, "legal-time-gb-2024.png"), fullPage: false });
    await page.close();
  });

  it("a recommendation names the brief by title, publishers and date, with its link", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${harmonia.url}/recommendations/osce-bp.legislative-measures`);
    const text = (await page.locator("section[aria-labelledby=text]").textContent()) ?? "";
    expect(text).toContain("Quoted from the concept note of New Frontiers: The Use of Generative Artificial Intelligence to Facilitate Trafficking in Persons");
    expect(text).toContain("OSCE Office of the Special Representative and Co-ordinator for Combating Trafficking in Human Beings and Regional Support Office of the Bali Process");
    expect(text).toContain("2024-11-01");
    const link = page.locator("section[aria-labelledby=text] a", { hasText: "New Frontiers" });
    expect(await link.getAttribute("href")).toMatch(/^https:\/\/rso\.baliprocess\.net\/new-rso-and-osce-report/);
    expect(await page.content()).not.toMatch(SEED_FILE);
    await page.screenshot({ path: path.join(artifacts, "recommendation-document.png"), fullPage: false });
    await page.close();
  });

  it("the map colours 'met' only with at least half of the recommendations decided", async () => {
    const rows = await csv("/map/export.csv");
    const met = rows.filter((r) => r.category === "met");
    expect(met.length).toBeGreaterThan(0);
    for (const r of met) expect((Number(r.met) + Number(r.partial) + Number(r.not_met)) * 2, r.code).toBeGreaterThanOrEqual(Number(r.recommendations));
    // Afghanistan, with two recommendations known of 27 on the first map, is insufficient evidence, not met.
    expect(rows.find((r) => r.code === "AF")?.category).toBe("insufficient");
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${harmonia.url}/map`);
    expect(await page.locator("main").textContent()).toContain("Insufficient evidence");
    await page.screenshot({ path: path.join(artifacts, "map-insufficient-evidence.png"), fullPage: false });
    await page.close();
  });

  it("no progress series steps where the baseline was only recorded (2026-11-22)", async () => {
    const ids = (await csv("/api/v1/recommendations.csv")).filter((r) => r.indicators !== "").map((r) => r.id!);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) {
      const series = await csv(`/recommendations/${id}/progress.csv?as_of=2026-12-01`);
      const october = series.find((p) => p.date === "2026-10-31")!;
      const november = series.find((p) => p.date === "2026-11-30")!;
      expect({ ...november, date: "" }, id).toEqual({ ...october, date: "" });
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${harmonia.url}/recommendations/osce-bp.international-collaboration`);
    await page.locator("section[aria-labelledby=progress]").screenshot({ path: path.join(artifacts, "progress-legal-time.png") });
    await page.close();
  });

  it("no seed file name is served by a page, an export or the API", async () => {
    const ids = (await csv("/api/v1/recommendations.csv")).map((r) => r.id!);
    const urls = [
      "/",
      "/map",
      "/methodology",
      "/recommendations",
      "/recommendations.csv",
      "/recommendations.json",
      "/api/v1/recommendations",
      "/api/v1/recommendations.csv",
      "/changes",
      "/changes?list=record",
      "/changes.atom",
      ...ids.flatMap((id) => [`/recommendations/${id}`, `/recommendations/${id}/changes.csv`, `/recommendations/${id}/alignment.json`]),
    ];
    for (const url of urls) expect(await get(url), url).not.toMatch(SEED_FILE);
  });
});
