import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jurisdictionDetail, jurisdictionExport } from "../../app/lib/jurisdiction.server";
import { mapExport, mapPage } from "../../app/lib/map.server";
import { gapsExport, recommendationGaps } from "../../app/lib/overview.server";
import { recommendationDetail, recommendationExport } from "../../app/lib/recommendation.server";
import { curatedSource } from "../../sources/curated";
import { runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";

/**
 * The golden dataset (tests/golden/README.md): 3 countries and a US state × 5 indicators × 2 recommendations,
 * loaded through the real curated loader in two stages — the second changes KH's law and corrects NZ's date,
 * with its rows in another order. Every expected figure below was worked out by hand from the files and the
 * /methodology rules (tests/golden/README.md shows the working); none is computed by the code under test.
 */

const A = "2018-06-30";
const B = "2023-06-30";
/** The progress series ends here (injected "today"): baseline 2024-11-01, three month-ends, then this day. */
const TODAY = "2025-02-15";
const R1 = "golden.criminalise-and-remove";
const R2 = "golden.report-and-ratify";
const IN_SCOPE = ["AT", "KH", "NZ", "US-CA"];

async function csvLines(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  return (await response.text()).trimEnd().split("\n");
}

const GOLDEN_FILES = ["indicators.yaml", "recommendations.yaml", "groups.yaml", "baseline/treaties.csv", "baseline/national-law.csv", "baseline/us-states.csv"];

describe.each(dialects)("golden dataset on %s", (dialect) => {
  let t: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-golden-"));
    fs.cpSync(path.resolve("tests/golden/data"), dataDir, { recursive: true });
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", HARMONIA_SOURCE_URLS: `curated=${pathToFileURL(dataDir).href}/` });
    const ctx: PipelineContext = { db: t.handle.db, config, log: createLogger("silent") };
    // The real loader with the golden files: the curated source's parse and pipeline, its endpoints narrowed to the
    // catalogues and the three baseline files the dataset has (the repository's region files are not part of it).
    const golden = {
      ...curatedSource,
      manifest: { ...curatedSource.manifest, endpoints: curatedSource.manifest.endpoints.filter((e) => GOLDEN_FILES.includes(e.path)) },
    };
    const first = await runSourceNow(ctx, golden, "startup");
    expect([first.run.status, first.run.error]).toEqual(["ok", null]);
    // Stage 2: the same files but national-law.csv, whose rows come in another order.
    fs.copyFileSync(path.resolve("tests/golden/changes/national-law.csv"), path.join(dataDir, "baseline/national-law.csv"));
    const second = await runSourceNow(ctx, golden, "schedule");
    expect([second.run.status, second.run.error]).toEqual(["ok", null]);
  });
  afterAll(async () => {
    await t?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("the loader stores every row, and the second stage adds one change in the law and one correction", async () => {
    const history = await t.handle.db
      .selectFrom("assessment_history")
      .select(["jurisdiction_code", "indicator_id", "value", "effective_from", "change_kind"])
      .orderBy("id")
      .execute();
    expect(history.map((h) => `${h.jurisdiction_code} ${h.indicator_id} ${h.value} ${h.effective_from ?? "-"} ${h.change_kind}`)).toEqual([
      // Stage 1, in file order: treaties.csv, national-law.csv, us-states.csv.
      "AT treaty.lanzarote reserved 2012-01-01 first",
      "NZ treaty.lanzarote not_met 2001-01-01 first",
      "AT csam.ai-generated met 2020-03-01 first",
      "AT csam.simple-possession met 2010-01-01 first",
      "AT platform.notice-takedown partial 2010-01-01 first",
      "AT platform.reporting-duty met 2025-01-15 first",
      "KH csam.ai-generated not_met 2005-01-01 first",
      "KH csam.simple-possession pending - first",
      "KH platform.notice-takedown unknown - first",
      "KH platform.reporting-duty not_met 2015-01-01 first",
      "NZ csam.ai-generated partial 2016-05-01 first",
      "NZ csam.simple-possession met 2005-01-01 first",
      "NZ platform.reporting-duty met 2019-01-01 first",
      "US-CA csam.ai-generated met - first",
      // Stage 2, in its own (scrambled) file order: NZ's row comes before KH's. KH's unchanged unknown row writes
      // nothing (it once wrote a "correction" on every re-read: an uncited unknown is stored without confidence).
      "NZ csam.ai-generated partial 2019-05-01 correction",
      "KH csam.ai-generated met 2024-12-01 law",
    ]);
    expect(await t.handle.db.selectFrom("assessment").select("jurisdiction_code").execute()).toHaveLength(14);
  });

  it.each([
    // [as_of, R1 (mean) met/partial/not_met/insufficient/unknown, R2 (all) the same]
    [null, [0, 3, 0, 1, 0], [0, 1, 2, 0, 1]],
    [B, [0, 2, 1, 0, 1], [0, 0, 2, 1, 1]],
    [A, [0, 1, 1, 1, 1], [0, 0, 2, 1, 1]],
  ] as const)("overview gaps as of %s", async (asOf, r1, r2) => {
    const gaps = await recommendationGaps(t.handle.db, { group: null, asOf });
    expect(gaps.jurisdictions).toBe(4);
    const counts = (id: string) => {
      const g = gaps.gaps.find((x) => x.id === id)!;
      return [g.met, g.partial, g.not_met, g.insufficient, g.unknown];
    };
    expect(counts(R1)).toEqual(r1);
    expect(counts(R2)).toEqual(r2);
  });

  it("overview gaps for the group (AT, KH) today, and the CSV as of B", async () => {
    const gaps = await recommendationGaps(t.handle.db, { group: "golden", asOf: null });
    expect(gaps.jurisdictions).toBe(2);
    expect(gaps.gaps.map((g) => [g.id, g.met, g.partial, g.not_met, g.insufficient, g.unknown])).toEqual([
      [R1, 0, 2, 0, 0, 0],
      [R2, 0, 1, 1, 0, 0],
    ]);
    expect(await csvLines(await gapsExport(t.handle.db, "csv", new URL(`http://harmonia.test/overview/gaps.csv?as_of=${B}`)))).toEqual([
      "recommendation_id,title,combine_rule,indicators,met,partial,not_met,insufficient,unknown,jurisdictions,group,as_of",
      `${R1},Criminalise AI-generated material and have it removed,mean,csam.ai-generated|csam.simple-possession|platform.notice-takedown|platform.reporting-duty,0,2,1,0,1,4,,${B}`,
      `${R2},Require reporting and join the Lanzarote Convention,all,platform.reporting-duty|treaty.lanzarote,0,0,2,1,1,4,,${B}`,
    ]);
  });

  it("map categories today and as of B, and the map's CSV rows", async () => {
    const category = async (asOf: string | null) => {
      const { rows } = await mapPage(t.handle.db, { group: null, asOf, recommendation: null });
      return IN_SCOPE.map((code) => rows.find((r) => r.code === code)!.category);
    };
    // Today: AT partial + partial = ½; KH and NZ partial + not met = ¼ (< ⅓); US-CA nothing decided.
    expect(await category(null)).toEqual(["partial", "not_met", "not_met", "insufficient"]);
    // As of B: AT one of two decided (partial) = ½; KH not met twice; NZ ¼; US-CA's answer was not verified yet: no answer.
    expect(await category(B)).toEqual(["partial", "not_met", "not_met", "none"]);
    const lines = await csvLines(await mapExport(t.handle.db, "csv", new URL("http://harmonia.test/map/export.csv")));
    expect(lines[0]).toBe("code,name,kind,drawn,category,met,partial,not_met,insufficient,unknown,recommendations,score,share_met,group,as_of,recommendation_id");
    expect(lines.filter((l) => IN_SCOPE.some((code) => l.startsWith(`${code},`)))).toEqual([
      "AT,Austria,state,outline,partial,0,2,0,0,0,2,0.5,0,,,",
      "US-CA,California,subnational,no,insufficient,0,0,0,1,1,2,,,,,",
      "KH,Cambodia,state,outline,not_met,0,1,1,0,0,2,0.25,0,,,",
      "NZ,New Zealand,state,outline,not_met,0,1,1,0,0,2,0.25,0,,,",
    ]);
  });

  it("one recommendation on the map: R2 by its rule (all) as of A", async () => {
    const { rows } = await mapPage(t.handle.db, { group: null, asOf: A, recommendation: R2 });
    // US-CA answers neither of R2's indicators: no answer.
    expect(IN_SCOPE.map((code) => rows.find((r) => r.code === code)!.category)).toEqual(["insufficient", "not_met", "not_met", "none"]);
  });

  it("progress in legal time: KH moves on 2024-12-01 (R1), AT on 2025-01-15 (R2); US-CA's undated answer is its own band", async () => {
    const r1 = await recommendationDetail(t.handle.db, R1, { group: null, asOf: null }, TODAY);
    expect(r1!.series.map((p) => [p.date, p.met, p.partial, p.not_met, p.undated, p.insufficient, p.unknown])).toEqual([
      ["2024-11-01", 0, 2, 1, 1, 0, 0],
      ["2024-11-30", 0, 2, 1, 1, 0, 0],
      ["2024-12-31", 0, 3, 0, 1, 0, 0],
      ["2025-01-31", 0, 3, 0, 1, 0, 0],
      ["2025-02-15", 0, 3, 0, 1, 0, 0],
    ]);
    expect(r1!.changes.map((c) => [c.jurisdiction_code, c.indicator_id, c.old_value, c.new_value, c.effective_from])).toEqual([
      ["AT", "platform.reporting-duty", null, "met", "2025-01-15"],
      ["KH", "csam.ai-generated", "not_met", "met", "2024-12-01"],
    ]);
    expect(r1!.pendingAnswers.map((p) => [p.jurisdiction_code, p.indicator_id, p.needs_recheck])).toEqual([["KH", "csam.simple-possession", true]]);

    const lines = await csvLines(await recommendationExport(t.handle.db, "csv", new URL("http://harmonia.test/x.csv"), { id: R2, dataset: "progress" }, TODAY));
    expect(lines).toEqual([
      "recommendation_id,date,met,partial,not_met,undated,insufficient,unknown,jurisdictions,group",
      `${R2},2024-11-01,0,0,2,0,1,1,4,`,
      `${R2},2024-11-30,0,0,2,0,1,1,4,`,
      `${R2},2024-12-31,0,0,2,0,1,1,4,`,
      `${R2},2025-01-31,0,1,2,0,0,1,4,`,
      `${R2},2025-02-15,0,1,2,0,0,1,4,`,
    ]);
  });

  it("KH's page today and as of B: each answer with its legal date, and each alignment with k of n known", async () => {
    const today = await jurisdictionDetail(t.handle.db, "KH", null);
    expect(today.answers.map((a) => [a.indicator_id, a.value, a.effective_from, a.date_status])).toEqual([
      ["csam.ai-generated", "met", "2024-12-01", "established"],
      ["csam.simple-possession", "pending", null, "not_established"],
      ["platform.notice-takedown", "unknown", null, ""],
      ["platform.reporting-duty", "not_met", "2015-01-01", "established"],
      ["treaty.lanzarote", "unknown", null, ""],
    ]);
    expect(today.alignment.map((a) => [a.id, a.alignment, a.known, a.values.length])).toEqual([
      [R1, "partial", 3, 4],
      [R2, "not_met", 1, 2],
    ]);
    const atB = await jurisdictionDetail(t.handle.db, "KH", B);
    expect(atB.answers.map((a) => [a.indicator_id, a.value])).toEqual([
      ["csam.ai-generated", "not_met"],
      ["csam.simple-possession", "unknown"],
      ["platform.notice-takedown", "unknown"],
      ["platform.reporting-duty", "not_met"],
      ["treaty.lanzarote", "unknown"],
    ]);
    expect(atB.alignment.map((a) => [a.id, a.alignment, a.known])).toEqual([
      [R1, "not_met", 2],
      [R2, "not_met", 1],
    ]);
    // NZ's corrected date: not in force as of A any more (the 2016 date was replaced by 2019-05-01).
    const nz = await jurisdictionDetail(t.handle.db, "NZ", A);
    expect(nz.answers.find((a) => a.indicator_id === "csam.ai-generated")!.value).toBe("unknown");
    expect(nz.alignment.map((a) => [a.id, a.alignment, a.known])).toEqual([
      [R1, "insufficient", 1],
      [R2, "not_met", 1],
    ]);
  });

  it("AT's alignment CSV: the answers behind each alignment, as of A", async () => {
    const lines = await csvLines(await jurisdictionExport(t.handle.db, "AT", "alignment", "csv", new URL(`http://harmonia.test/jurisdictions/AT/alignment.csv?as_of=${A}`)));
    expect(lines).toEqual([
      "jurisdiction_code,recommendation_id,title,combine_rule,indicators,answers,alignment,known,as_of",
      `AT,${R1},Criminalise AI-generated material and have it removed,mean,csam.ai-generated|csam.simple-possession|platform.notice-takedown|platform.reporting-duty,csam.ai-generated=unknown|csam.simple-possession=met|platform.notice-takedown=partial|platform.reporting-duty=unknown,partial,2,${A}`,
      `AT,${R2},Require reporting and join the Lanzarote Convention,all,platform.reporting-duty|treaty.lanzarote,platform.reporting-duty=unknown|treaty.lanzarote=reserved,insufficient,1,${A}`,
    ]);
  });
});
