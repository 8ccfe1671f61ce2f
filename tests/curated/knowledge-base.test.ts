import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDictionary, datasetResponse } from "../../app/lib/api.server";
import { knowledgeBaseStats } from "../../db/repositories/knowledge";
import { curatedSource, parseBaseline, parseGroups, parseIndicators, parseRecommendations } from "../../sources/curated";
import { manifest } from "../../sources/curated/manifest";
import { runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { curatedDatabase, dialects, OWN_DATABASE_TIMEOUT, withOwnDatabase, type TestDatabase } from "../helpers/db";

const dataDir = path.resolve("sources/curated/data");
const read = (file: string) => fs.readFileSync(path.join(dataDir, file));
const indicators = parseIndicators(read("indicators.yaml")).indicators;
const recommendations = parseRecommendations(read("recommendations.yaml")).recommendations;
const groups = parseGroups(read("groups.yaml")).groups;
const baseline = manifest.endpoints.filter((e) => e.path.startsWith("baseline/")).flatMap((e) => parseBaseline(read(e.path), e.path));

function contextFor(t: TestDatabase, sourceUrls?: string): PipelineContext {
  return {
    db: t.handle.db,
    config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", ...(sourceUrls ? { HARMONIA_SOURCE_URLS: sourceUrls } : {}) }),
    log: createLogger("silent"),
  };
}

/** A copy of the curated data directory the test may edit. */
function copyOfData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-curated-"));
  fs.cpSync(dataDir, dir, { recursive: true });
  return dir;
}

async function api(t: TestDatabase, pathAndQuery: string) {
  const url = new URL(pathAndQuery, "http://harmonia.test");
  const segment = url.pathname.replace("/api/v1/", "");
  const response = await datasetResponse(t.handle.db, segment, url);
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}


describe.each(dialects)("curated knowledge base through the ingestion pipeline on %s", (dialect) => {
  // Shared by the tests that only read (and by the repeated start, which changes nothing): the files loaded once.
  // Tests that load or change the knowledge base get a database of their own.
  let t: TestDatabase;
  const copies: string[] = [];

  beforeAll(async () => {
    t = await curatedDatabase(dialect);
  });
  afterAll(async () => {
    await t?.drop();
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads every indicator, recommendation, group and baseline cell from the files", () => withOwnDatabase(dialect, async (t) => {
    // An empty database: this test does the first load itself.
    const { run } = await runSourceNow(contextFor(t), curatedSource, "startup");
    expect(run.status).toBe("ok");
    // Each baseline file also yields the laws and treaties its answers cite, one instrument per jurisdiction and law.
    const cited = await t.handle.db.selectFrom("instrument").select(["jurisdiction_code", "title", "kind", "stage", "in_force_on"]).execute();
    expect(run.records_parsed).toBe(indicators.length + recommendations.length + groups.length + baseline.length + cited.length);
    expect(cited.filter((i) => i.jurisdiction_code === "GB" && i.kind !== "treaty").map((i) => `${i.title}: ${i.kind}, ${i.stage}`).sort()).toEqual([
      "Coroners and Justice Act 2009: act, in_force",
      // Cited only for the tool offence, partial as "enacted, commencement not established".
      "Crime and Policing Act 2026 (c. 20): act, enacted",
      "Criminal Justice Act 1988: act, in_force",
      "Data (Use and Access) Act 2025: act, in_force",
      "Data Protection Act 2018: act, in_force",
      "Modern Slavery Act 2015: act, in_force",
      "Online Safety Act 2023 (c. 50): act, in_force",
      "Protection of Children Act 1978: act, in_force",
      "Sexual Offences Act 2003 (c. 42): act, in_force",
    ]);
    expect(cited.find((i) => i.jurisdiction_code === "GB" && i.title.startsWith("Optional Protocol"))).toMatchObject({ kind: "treaty", stage: "ratified", in_force_on: "2009-03-20" });
    // The curated answers were reviewed: the laws they cite do not queue as new instruments to review.
    expect(await t.handle.db.selectFrom("review_item").select("id").where("kind", "=", "new_instrument").execute()).toEqual([]);

    const stats = await knowledgeBaseStats(t.handle.db);
    expect(stats.indicators).toBe(indicators.length);
    expect(stats.recommendations).toBe(recommendations.length);
    expect(stats.groups).toBe(groups.length);
    expect(stats.knownCells).toBe(baseline.filter((b) => b.value !== "unknown").length);
    expect(stats.citationCoverage).toBe(1);

    const osce = await t.handle.db.selectFrom("group_membership").select("jurisdiction_code").where("group_id", "=", "osce").execute();
    expect(osce).toHaveLength(groups.find((g) => g.id === "osce")!.members.length);
    const links = await t.handle.db.selectFrom("recommendation_indicator").selectAll().execute();
    expect(links).toHaveLength(recommendations.reduce((n, r) => n + r.indicators.length, 0));

    const gb = await t.handle.db
      .selectFrom("assessment")
      .selectAll()
      .where("jurisdiction_code", "=", "GB")
      .where("indicator_id", "=", "csam.simple-possession")
      .executeTakeFirstOrThrow();
    expect(gb.origin).toBe("curated");
    expect(gb.citations[0]!.url).toBe("https://www.legislation.gov.uk/ukpga/1988/33/section/160");
  }, { curated: false }), OWN_DATABASE_TIMEOUT);

  it("a second start parses nothing again", async () => {
    const { run } = await runSourceNow(contextFor(t), curatedSource, "startup");
    expect(run.status).toBe("unchanged");
    expect(run.records_parsed).toBe(0);
  });

  it("a new catalogue version replaces the wording and keeps the old one", () => withOwnDatabase(dialect, async (t) => {
    const dir = copyOfData();
    copies.push(dir);
    const file = path.join(dir, "recommendations.yaml");
    const yaml = fs.readFileSync(file, "utf8");
    const first = recommendations[0]!;
    const next = yaml
      .replace(/^version: .*$/m, 'version: "2027-01-final"')
      .replace(first.title, `${first.title} (final text)`);
    fs.writeFileSync(file, next);
    const { run } = await runSourceNow(contextFor(t, `curated=${pathToFileURL(dir).href}`), curatedSource, "manual");
    expect(run.status).toBe("ok");

    const texts = await t.handle.db.selectFrom("recommendation_text").selectAll().where("recommendation_id", "=", first.id).orderBy("version").execute();
    expect(texts.map((x) => x.version)).toEqual(["2026-12-05", "2027-01-final"]);
    const head = await t.handle.db.selectFrom("recommendation").selectAll().where("id", "=", first.id).executeTakeFirstOrThrow();
    expect(head.current_version).toBe("2027-01-final");
    expect(head.title).toBe(`${first.title} (final text)`);
  }), OWN_DATABASE_TIMEOUT);

  it("a broken baseline file is set aside and the last good cells stay", () => withOwnDatabase(dialect, async (t) => {
    const dir = copyOfData();
    copies.push(dir);
    const file = path.join(dir, "baseline/treaties.csv");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    // The second row loses its citation URL: the honesty rule rejects the whole file.
    lines[1] = lines[1]!.replace(/,https:\/\/[^,]+,/, ",,");
    fs.writeFileSync(file, lines.join("\n"));
    const before = await t.handle.db.selectFrom("assessment").select(["jurisdiction_code", "indicator_id", "value"]).orderBy("jurisdiction_code").orderBy("indicator_id").execute();

    const { run } = await runSourceNow(contextFor(t, `curated=${pathToFileURL(dir).href}`), curatedSource, "manual");
    expect(run.status).toBe("suspect");
    expect(run.error).toMatch(/treaties\.csv.*citation_url/s);
    const after = await t.handle.db.selectFrom("assessment").select(["jurisdiction_code", "indicator_id", "value"]).orderBy("jurisdiction_code").orderBy("indicator_id").execute();
    expect(after).toEqual(before);
  }), OWN_DATABASE_TIMEOUT);

  describe("read API", () => {
    it("lists jurisdictions with ISO codes, sub-national units and group membership", async () => {
      const res = await api(t, "/api/v1/jurisdictions");
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text) as { data: { code: string; name: string; kind: string; groups: string[] }[] };
      const byCode = new Map(body.data.map((j) => [j.code, j]));
      expect(byCode.get("FR")).toMatchObject({ name: "France", kind: "state" });
      expect(byCode.get("FR")!.groups).toEqual(expect.arrayContaining(["osce", "eu", "coe"]));
      expect(byCode.get("EU")!.kind).toBe("supranational");
      for (const code of ["US-DC", "US-CA", "AU-NSW", "AU-ACT", "CA-ON", "CA-NU"]) expect(byCode.get(code)?.kind).toBe("subnational");
    });

    it("gives each recommendation its quote and reference", async () => {
      const res = await api(t, "/api/v1/recommendations.csv");
      expect(res.type).toMatch(/^text\/csv/);
      const rows = parseCsv(res.text, { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(recommendations.length);
      for (const row of rows) {
        expect(row.quote!.length).toBeGreaterThan(20);
        expect(row.document).not.toBe("");
        expect(row.document_title!.length).toBeGreaterThan(20);
        expect(row.document_url).toMatch(/^https:\/\//);
        expect(row.locator).not.toBe("");
      }
      // Documents, not files: no seed file name in the catalogue's answer.
      expect(res.text).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
      const legislative = rows.find((r) => r.id === "osce-bp.legislative-measures")!;
      expect(legislative).toMatchObject({ document: "new-frontiers-concept-note", document_url: expect.stringContaining("rso.baliprocess.net"), document_date: "" });
    });

    it("filters assessments by group and topic, and fills gaps with unknown", async () => {
      const res = await api(t, "/api/v1/assessments.csv?group=g7&topic=treaties");
      const rows = parseCsv(res.text, { columns: true }) as Record<string, string>[];
      const treatyIndicators = indicators.filter((i) => i.topic === "treaties");
      const g7 = groups.find((g) => g.id === "g7")!.members;
      expect(new Set(rows.map((r) => r.jurisdiction_code))).toEqual(new Set(g7));
      expect(rows.length).toBe(g7.length * treatyIndicators.length);
      const required = "jurisdiction_code,jurisdiction_name,indicator_id,topic,value,rationale,instrument_title,provision,citation_url,effective_from,effective_to,date_status,effective_basis,verified_on,recorded_at,origin,confidence".split(",");
      expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(required));
      for (const row of rows) {
        // A gap is blank; an answer withdrawn by the baseline is an uncited unknown that says who withdrew it.
        if (row.value === "unknown") expect(row.citation_url).toBe("");
        else expect(row.citation_url).toMatch(/^https:\/\//);
      }
      const expected = baseline.find((b) => b.jurisdictionCode === "JP" && b.indicatorId === "treaty.opsc")!;
      expect(rows.find((r) => r.jurisdiction_code === "JP" && r.indicator_id === "treaty.opsc")!.value).toBe(expected.value);
    });

    it("answers as of a date from the history", async () => {
      const early = await api(t, "/api/v1/assessments?jurisdiction=GB&indicator=treaty.opsc&as_of=1999-01-01");
      expect(JSON.parse(early.text).data[0].value).toBe("unknown");
      const now = await api(t, "/api/v1/assessments?jurisdiction=GB&indicator=treaty.opsc&as_of=2100-01-01");
      expect(JSON.parse(now.text).data[0].value).toBe("met");
    });

    it.each([
      ["/api/v1/assessments?jurisdiction=GB,ZZ", "jurisdiction", /"ZZ"/],
      ["/api/v1/assessments?indicator=csam.nope", "indicator", /csam\.nope/],
      ["/api/v1/assessments?group=nato", "group", /nato/],
      ["/api/v1/assessments?topic=weather", "topic", /weather/],
      ["/api/v1/assessments?as_of=2024-02-30", "as_of", /YYYY-MM-DD/],
      ["/api/v1/assessments.csv?jurisdictoin=GB", "jurisdictoin", /Allowed: jurisdiction/],
      ["/api/v1/groups?x=1", "x", /takes no parameters/],
    ])("%s is a 400 that names %s", async (url, parameter, message) => {
      const res = await api(t, url);
      expect(res.status).toBe(400);
      const body = JSON.parse(res.text) as { error: string; parameter: string };
      expect(body.parameter).toBe(parameter);
      expect(body.error).toMatch(message);
    });

    it("an unknown dataset is a 404 that lists the datasets", async () => {
      const res = await api(t, "/api/v1/laws");
      expect(res.status).toBe(404);
      expect(res.text).toMatch(/assessments/);
    });

    it("documents every column it exports", async () => {
      for (const dataset of dataDictionary()) {
        const res = await api(t, `/api/v1/${dataset.name}.csv`);
        const header = res.text.split("\n")[0]!.split(",");
        expect(header).toEqual(dataset.columns.map((c) => c.name));
        for (const c of dataset.columns) expect(c.description.length).toBeGreaterThan(10);
      }
    });
  });
});
