import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dualCriminality, isGap } from "../../app/components/Matrix";
import { INDICATOR_DICTIONARY, CATALOGUE_COLUMNS, DISTRIBUTION_COLUMNS, LAW_COLUMNS, MATRIX_COLUMNS, MATRIX_LIMIT, indicatorCatalogue, indicatorDetail, indicatorExport } from "../../app/lib/indicator.server";
import { INSTRUMENT_COLUMNS, INSTRUMENT_DICTIONARY, PAGE_SIZE, exportStream, instrumentsExport, instrumentsPage, readInstrumentQuery } from "../../app/lib/instruments.server";
import { BadQueryError, recommendationGaps } from "../../app/lib/overview.server";
import {
  ALIGNMENT_COLUMNS,
  BASELINE_DATE,
  CHANGE_COLUMNS,
  LIST_COLUMNS,
  PENDING_COLUMNS,
  PROGRESS_COLUMNS,
  RECOMMENDATION_DICTIONARY,
  progressDates,
  recommendationDetail,
  recommendationExport,
  recommendationList,
} from "../../app/lib/recommendation.server";
import { loader as indicatorLoader } from "../../app/routes/indicators.$id";
import { loader as instrumentsLoader } from "../../app/routes/instruments._index";
import { loader as recommendationLoader } from "../../app/routes/recommendations.$id";
import { iterateInstruments } from "../../db/repositories/instrument-list";
import { setAnalystAssessment } from "../../db/repositories/analyst";
import { upsertInstruments } from "../../db/repositories/instruments";
import { queryAssessments } from "../../db/repositories/knowledge";
import type { Database } from "../../db/schema";
import { parseRecommendations } from "../../sources/curated";
import { source as legislationGovUk } from "../../sources/legislation-gov-uk";
import type { InstrumentRecord } from "../../sources/types";
import { curatedDatabase, dialects, OWN_DATABASE_TIMEOUT, withOwnDatabase, type TestDatabase } from "../helpers/db";
import { curatedBaseline } from "../helpers/curated-baseline";

const dataDir = path.resolve("sources/curated/data");
const read = (file: string) => fs.readFileSync(path.join(dataDir, file));
const baseline = curatedBaseline();
const recommendations = parseRecommendations(read("recommendations.yaml")).recommendations;
const answer = (j: string, i: string) => baseline.find((b) => b.jurisdictionCode === j && b.indicatorId === i);

const feedPath = path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml");
const feedRecords = legislationGovUk.parse({
  url: feedPath,
  body: new Uint8Array(fs.readFileSync(feedPath)),
  contentType: "application/atom+xml",
  fetchedAt: "2015-12-16T00:00:00.000Z",
}) as InstrumentRecord[];

const TODAY = new Date().toISOString().slice(0, 10);
const noFilter = { group: null, asOf: null };
const u = (pathAndQuery: string) => new URL(pathAndQuery, "http://harmonia.test");

async function csvOf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
  const text = await response.text();
  return { header: text.split("\n")[0]!, rows: parseCsv(text, { columns: true }) as Record<string, string>[] };
}

async function jsonOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: response.status, body: JSON.parse(await response.text()) as { count: number; data: Record<string, unknown>[]; error?: string; parameter?: string } };
}

/** Calls a route loader as Remix does, and returns what it threw (a Response) or returned. */
async function runLoader(
  loader: (args: never) => Promise<Response>,
  db: Kysely<Database>,
  pathAndQuery: string,
  params: Record<string, string> = {},
): Promise<Response> {
  const args = { request: new Request(u(pathAndQuery)), params, context: { services: { database: { db } } } };
  try {
    return await loader(args as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("dual-criminality rules", () => {
  it("marks a crime in one and not the other as a gap, and pending as not yet a crime", () => {
    expect(dualCriminality("met", "met")).toBe("yes");
    expect(dualCriminality("met", "not_met")).toBe("no");
    expect(isGap("met", "not_met")).toBe(true);
    expect(dualCriminality("not_met", "pending")).toBe("no");
    expect(isGap("not_met", "pending")).toBe(false);
    expect(isGap("pending", "met")).toBe(true);
    expect(dualCriminality("partial", "met")).toBe("partly");
    expect(dualCriminality("unknown", "met")).toBe("unknown");
  });

  it("progress dates run from the baseline through each month-end to the end date", () => {
    // The baseline is the brief's launch, 1 November 2024.
    expect(BASELINE_DATE).toBe("2024-11-01");
    expect(progressDates("2025-02-15")).toEqual(["2024-11-01", "2024-11-30", "2024-12-31", "2025-01-31", "2025-02-15"]);
    expect(progressDates("2025-01-31")).toEqual(["2024-11-01", "2024-11-30", "2024-12-31", "2025-01-31"]);
    expect(progressDates("2024-06-30")).toEqual(["2024-06-30"]);
    expect(progressDates(TODAY)[0]).toBe(BASELINE_DATE);
  });

  it("every exported column has a description in the data dictionary", () => {
    for (const entry of [...INDICATOR_DICTIONARY, ...RECOMMENDATION_DICTIONARY, ...INSTRUMENT_DICTIONARY]) {
      expect(entry.columns.length).toBeGreaterThan(0);
      for (const c of entry.columns) expect(c.description, `${entry.name} ${c.name}`).toMatch(/\w/);
    }
  });
});

const toolOffenceCitation = { instrumentTitle: "Crime and Policing Act 2026 (test record)", provision: "s.63", url: "https://www.legislation.gov.uk/ukpga/2026/1" };

/** An analyst records that GB's AI-CSAM tool offence is in force (curated answer: partial, enacted), with its history row. */
async function recordToolOffenceEnacted(db: Kysely<Database>, indicatorId = "aicsam.tool-offence", effectiveFrom = "2026-06-30"): Promise<void> {
  const change = {
    jurisdiction_code: "GB",
    indicator_id: indicatorId,
    value: "met" as const,
    rationale: "Test: the offence was enacted.",
    citations: JSON.stringify([toolOffenceCitation]),
    effective_from: effectiveFrom,
    effective_basis: "Royal Assent (test)",
    verified_on: "2026-06-30",
    origin: "analyst" as const,
    confidence: "high" as const,
    source_id: null,
  };
  await db.updateTable("assessment").set({ ...change, reviewed_by: "analyst:test", updated_at: new Date() }).where("jurisdiction_code", "=", "GB").where("indicator_id", "=", indicatorId).execute();
  await db.insertInto("assessment_history").values({ ...change, change_kind: "law", changed_by: "analyst:test", change_reason: "Royal Assent (test)" }).execute();
}

describe.each(dialects)("indicator, recommendation and instrument views on %s", (dialect) => {
  // Shared by the tests that only read: the curated knowledge base (and, for /instruments, the recorded feed).
  // Tests that change answers or add instruments get a database of their own.
  let t: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    t = await curatedDatabase(dialect);
    db = t.handle.db;
  });
  afterAll(async () => {
    await t?.drop();
  });

  describe("/indicators", () => {
    it("counts every indicator's answers as the curated baseline gives them", async () => {
      const catalogue = await indicatorCatalogue(db, noFilter);
      const scope = new Set(baseline.map((b) => b.jurisdictionCode)).size;
      expect(catalogue.jurisdictions).toBe(scope);
      const rows = catalogue.topics.flatMap((t) => t.indicators);
      expect(rows.length).toBeGreaterThan(40);
      for (const row of rows) {
        const mine = baseline.filter((b) => b.indicatorId === row.id);
        for (const v of ["met", "partial", "not_met", "pending", "reserved"] as const) {
          expect(row.counts[v], `${row.id} ${v}`).toBe(mine.filter((b) => b.value === v).length);
        }
        expect(row.counts.unknown).toBe(scope - mine.filter((b) => b.value !== "unknown").length);
      }
      const csv = await csvOf(await indicatorExport(db, "csv", u("/indicators.csv"), null));
      expect(csv.header).toBe(CATALOGUE_COLUMNS.join(","));
      const opsc = csv.rows.find((r) => r.indicator_id === "treaty.opsc")!;
      expect(Number(opsc.met)).toBe(baseline.filter((b) => b.indicatorId === "treaty.opsc" && b.value === "met").length);
      expect(opsc.is_offence).toBe("false");
    });

    it("treaty.opsc: GB's answer, the laws it cites, and no matrix (not an offence)", async () => {
      const gb = answer("GB", "treaty.opsc")!;
      expect(gb.value).toBe("met");
      const detail = (await indicatorDetail(db, "treaty.opsc", noFilter))!;
      expect(detail.indicator.is_offence).toBe(false);
      expect(detail.matrix).toBeNull();
      const row = detail.distribution.find((d) => d.value === gb.value)!;
      expect(row.jurisdiction_codes).toContain("GB");
      expect(row.meaning).toMatch(/\w/);
      expect(detail.distribution.map((d) => d.count).reduce((a, b) => a + b, 0)).toBe(detail.jurisdictions);
      const law = detail.laws.find((l) => l.title === gb.citations[0]!.instrumentTitle)!;
      expect(law.jurisdictions).toContain("GB");
      expect(law.links.map((l) => l.url)).toContain(gb.citations[0]!.url);

      const csv = await csvOf(await indicatorExport(db, "csv", u("/indicators/treaty.opsc/distribution.csv"), { id: "treaty.opsc", dataset: "distribution" }));
      expect(csv.header).toBe(DISTRIBUTION_COLUMNS.join(","));
      expect(csv.rows.find((r) => r.value === "met")!.jurisdiction_codes!.split("|")).toContain("GB");
      const laws = await csvOf(await indicatorExport(db, "csv", u("/x"), { id: "treaty.opsc", dataset: "laws" }));
      expect(laws.header).toBe(LAW_COLUMNS.join(","));
      expect(laws.rows.some((r) => r.urls!.split("|").includes(gb.citations[0]!.url))).toBe(true);
      const matrix = await jsonOf(await indicatorExport(db, "json", u("/x"), { id: "treaty.opsc", dataset: "matrix" }));
      expect(matrix.status).toBe(404);
    });

    it("csam.simple-possession: the dual-criminality matrix pairs the first 30 jurisdictions with an answer", async () => {
      const detail = (await indicatorDetail(db, "csam.simple-possession", noFilter))!;
      const known = [...new Set(baseline.filter((b) => b.indicatorId === "csam.simple-possession" && b.value !== "unknown").map((b) => b.jurisdictionCode))].sort();
      const shown = known.slice(0, MATRIX_LIMIT);
      const matrix = detail.matrix!;
      expect(matrix.known).toBe(known.length);
      expect(matrix.capped).toBe(known.length > MATRIX_LIMIT);
      expect(matrix.jurisdictions.map((j) => j.code)).toEqual(shown);
      expect(matrix.pairs).toHaveLength((shown.length * (shown.length - 1)) / 2);
      // The curated baseline: possession is an offence in GB (CJA 1988 s.160) and not in China.
      expect(answer("GB", "csam.simple-possession")!.value).toBe("met");
      expect(answer("CN", "csam.simple-possession")!.value).toBe("not_met");
      expect(matrix.pairs.find((p) => p.a === "CN" && p.b === "GB")).toEqual({ a: "CN", b: "GB", a_value: "not_met", b_value: "met", dual_criminality: "no" });
      expect(matrix.gaps).toBe(matrix.pairs.filter((p) => isGap(p.a_value, p.b_value)).length);
      expect(matrix.gaps).toBeGreaterThan(0);

      const csv = await csvOf(await indicatorExport(db, "csv", u("/x"), { id: "csam.simple-possession", dataset: "matrix" }));
      expect(csv.header).toBe(MATRIX_COLUMNS.join(","));
      expect(csv.rows).toHaveLength(matrix.pairs.length);
      expect(csv.rows).toContainEqual({ a: "CN", b: "GB", a_value: "not_met", b_value: "met", dual_criminality: "no" });
    });

    it("a group limits the matrix to its members; as_of reads the history", async () => {
      const eu = (await db.selectFrom("group_membership").select("jurisdiction_code").where("group_id", "=", "eu").execute()).map((m) => m.jurisdiction_code);
      const detail = (await indicatorDetail(db, "csam.simple-possession", { group: "eu", asOf: null }))!;
      expect(detail.jurisdictions).toBe(eu.length);
      expect(detail.matrix!.jurisdictions.length).toBeGreaterThan(1);
      for (const j of detail.matrix!.jurisdictions) expect(eu).toContain(j.code);

      const asOf = "2025-10-31";
      const past = (await indicatorDetail(db, "treaty.opsc", { group: null, asOf }))!;
      const expectedMet = baseline.filter((b) => b.indicatorId === "treaty.opsc" && b.value === "met" && (b.effectiveFrom ?? b.verifiedOn) <= asOf).length;
      expect(past.distribution.find((d) => d.value === "met")!.count).toBe(expectedMet);
      const before = (await indicatorDetail(db, "treaty.opsc", { group: null, asOf: "2000-01-01" }))!;
      expect(before.distribution.find((d) => d.value === "met")!.count).toBe(baseline.filter((b) => b.indicatorId === "treaty.opsc" && b.value === "met" && (b.effectiveFrom ?? b.verifiedOn) <= "2000-01-01").length);
    });

    it("answers 404 for an unknown indicator and 400 naming a bad parameter", async () => {
      const missing = await runLoader(indicatorLoader, db, "/indicators/no.such-thing", { id: "no.such-thing" });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { message: string }).message).toMatch(/no\.such-thing/);
      const badGroup = await runLoader(indicatorLoader, db, "/indicators/treaty.opsc?group=atlantis", { id: "treaty.opsc" });
      expect(badGroup.status).toBe(400);
      expect(await badGroup.json()).toMatchObject({ parameter: "group" });
      const badDate = await jsonOf(await indicatorExport(db, "json", u("/x?as_of=2025-02-30"), { id: "treaty.opsc", dataset: "distribution" }));
      expect(badDate).toMatchObject({ status: 400, body: { parameter: "as_of" } });
      const ok = await runLoader(indicatorLoader, db, "/indicators/treaty.opsc?group=eu", { id: "treaty.opsc" });
      expect(ok.status).toBe(200);
      const missingExport = await jsonOf(await indicatorExport(db, "json", u("/x"), { id: "no.such-thing", dataset: "laws" }));
      expect(missingExport.status).toBe(404);
    });
  });

  describe("/instruments (the recorded legislation.gov.uk feed)", () => {
    beforeAll(async () => {
      // The feed alone: the laws the curated answers cite are instruments too, and are tested with the knowledge base.
      await db.deleteFrom("instrument").where("source_id", "=", "curated").execute();
      const counts = await upsertInstruments(db, "legislation-gov-uk", feedRecords, null);
      expect(counts.inserted).toBe(feedRecords.length);
    });

    const page = async (search: string) => instrumentsPage(db, await readInstrumentQuery(db, u(`/instruments${search}`)));

    it("lists every instrument, newest recorded first, with its official link", async () => {
      const all = await page("");
      expect(all.total).toBe(feedRecords.length);
      expect(all.pages).toBe(Math.ceil(feedRecords.length / PAGE_SIZE));
      expect(all.rows.map((r) => r.official_url).sort()).toEqual(feedRecords.map((r) => r.officialUrl).sort());
      const ids = all.rows.map((r) => r.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(all.sources.map((s) => s.id)).toEqual(["legislation-gov-uk"]);
      expect(all.lastUpdated).not.toBeNull();
    });

    it("filters by jurisdiction, stage, topic and date", async () => {
      const nir = feedRecords.filter((r) => r.jurisdictionCode === "GB-NIR");
      expect(nir.length).toBeGreaterThan(0);
      expect((await page("?jurisdiction=GB-NIR")).total).toBe(nir.length);
      expect((await page("?jurisdiction=gb-nir")).total).toBe(nir.length);
      expect((await page("?stage=enacted")).total).toBe(feedRecords.filter((r) => r.stage === "enacted").length);
      expect((await page("?stage=introduced")).total).toBe(0);
      expect((await page("?topic=none")).total).toBe(feedRecords.length);
      expect((await page("?topic=ai-csam")).total).toBe(0);
      expect((await page("?source=legislation-gov-uk")).total).toBe(feedRecords.length);
      expect((await page("?source=legislation-gov-uk&jurisdiction=GB-NIR")).search).toBe("?jurisdiction=GB-NIR&source=legislation-gov-uk");
      expect((await page("?source=curated")).total).toBe(0);
      const day = "2015-12-10";
      const onDay = feedRecords.filter((r) => (r.enactedOn ?? r.introducedOn) === day);
      expect(onDay.length).toBeGreaterThan(1);
      const filtered = await page(`?from=${day}&to=${day}`);
      expect(filtered.rows.map((r) => r.official_url).sort()).toEqual(onDay.map((r) => r.officialUrl).sort());
      expect(filtered.search).toBe(`?from=${day}&to=${day}`);
      const combined = await page(`?jurisdiction=GB&from=2015-12-12`);
      expect(combined.total).toBe(feedRecords.filter((r) => r.jurisdictionCode === "GB" && (r.enactedOn ?? r.introducedOn ?? "") >= "2015-12-12").length);
    });

    it("rejects bad filter values with a 400 naming the parameter", async () => {
      for (const [search, parameter] of [
        ["?jurisdiction=XX", "jurisdiction"],
        ["?topic=cats", "topic"],
        ["?stage=drafted", "stage"],
        ["?source=nowhere", "source"],
        ["?from=2015-02-30", "from"],
        ["?to=yesterday", "to"],
        ["?from=2016-01-01&to=2015-01-01", "to"],
        ["?page=0", "page"],
        ["?page=two", "page"],
        ["?page=2", "page"],
      ] as const) {
        const response = await runLoader(instrumentsLoader, db, `/instruments${search}`);
        expect(response.status, search).toBe(400);
        expect(await response.json(), search).toMatchObject({ parameter });
        const exported = await jsonOf(await instrumentsExport(db, "json", u(`/instruments.json${search}`)));
        if (parameter !== "page") expect(exported, search).toMatchObject({ status: 400, body: { parameter } });
      }
      await expect(readInstrumentQuery(db, u("/instruments?stage=drafted"))).rejects.toBeInstanceOf(BadQueryError);
    });

    it("exports stream every filtered row: CSV header = columns, JSON count = rows", async () => {
      const csv = await csvOf(await instrumentsExport(db, "csv", u("/instruments.csv")));
      expect(csv.header).toBe(INSTRUMENT_COLUMNS.join(","));
      expect(csv.rows).toHaveLength(feedRecords.length);
      const first = csv.rows.find((r) => r.official_url === feedRecords[0]!.officialUrl)!;
      expect(JSON.parse(first.identifiers!)).toEqual(feedRecords[0]!.identifiers);
      expect(first.first_seen_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

      const json = await jsonOf(await instrumentsExport(db, "json", u("/instruments.json?jurisdiction=GB-NIR")));
      const nir = feedRecords.filter((r) => r.jurisdictionCode === "GB-NIR");
      expect(json.status).toBe(200);
      expect(json.body.count).toBe(nir.length);
      expect(json.body.data).toHaveLength(nir.length);
      expect(Object.keys(json.body.data[0]!)).toEqual([...INSTRUMENT_COLUMNS]);
      expect(json.body.data.every((r) => r.jurisdiction_code === "GB-NIR" && typeof r.identifiers === "object")).toBe(true);
    });

    it("the export iterator pages by key, not offset, and meets every row once", async () => {
      const seen: number[] = [];
      for await (const row of iterateInstruments(db, {}, 3)) seen.push(row.id);
      expect(seen).toHaveLength(feedRecords.length);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
    });

    it("exportStream writes valid JSON and CSV for many rows", async () => {
      async function* rows(n: number) {
        for (let i = 0; i < n; i++) yield { n: i, text: i === 7 ? "=cmd()" : `row ${i}`, list: [i, i + 1] };
      }
      const json = await jsonOf(exportStream("json", "test", ["n", "text", "list"], rows(2500), { note: "x" }));
      expect(json.body.count).toBe(2500);
      expect(json.body.data[2499]).toEqual({ n: 2499, text: "row 2499", list: [2499, 2500] });
      const empty = await jsonOf(exportStream("json", "test", ["n"], rows(0)));
      expect(empty.body).toMatchObject({ dataset: "test", count: 0, data: [] });
      const csv = await csvOf(exportStream("csv", "test", ["n", "text", "list"], rows(10)));
      expect(csv.header).toBe("n,text,list");
      expect(csv.rows[7]).toEqual({ n: "7", text: "'=cmd()", list: "7|8" });
    });
  });

  describe("/recommendations", () => {
    it("lists every recommendation with the overview's alignment counts", async () => {
      const list = await recommendationList(db, noFilter);
      expect(list.recommendations.map((r) => r.id).sort()).toEqual(recommendations.map((r) => r.id).sort());
      const gaps = await recommendationGaps(db, noFilter);
      for (const g of gaps.gaps) expect(list.recommendations.find((r) => r.id === g.id)!.counts).toEqual({ met: g.met, partial: g.partial, not_met: g.not_met, insufficient: g.insufficient, unknown: g.unknown });
      for (const r of recommendations.filter((x) => x.indicators.length === 0)) expect(list.recommendations.find((x) => x.id === r.id)!.counts).toBeNull();
      const csv = await csvOf(await recommendationExport(db, "csv", u("/recommendations.csv?group=osce"), null));
      expect(csv.header).toBe(LIST_COLUMNS.join(","));
      expect(csv.rows).toHaveLength(recommendations.length);
      expect(csv.rows.every((r) => r.group === "osce")).toBe(true);
    });

    it("shows the verbatim quote, its reference and the indicators that measure it", async () => {
      const source = recommendations.find((r) => r.id === "lanzarote.criminalise-ai-csam-creation")!;
      const detail = (await recommendationDetail(db, source.id, noFilter, TODAY))!;
      expect(detail.recommendation.quote).toBe(source.quote);
      expect(detail.recommendation.document).toBe(source.reference.document);
      expect(detail.recommendation.locator).toBe(source.reference.locator);
      expect(detail.recommendation.reference_url).toBe(source.reference.url ?? null);
      expect(detail.indicators.map((i) => i.id).sort()).toEqual([...source.indicators].sort());
      const alignment = await csvOf(await recommendationExport(db, "csv", u("/x"), { id: source.id, dataset: "alignment" }, TODAY));
      expect(alignment.header).toBe(ALIGNMENT_COLUMNS.join(","));
      expect(alignment.rows).toHaveLength(detail.jurisdictions);
      const gb = alignment.rows.find((r) => r.jurisdiction_code === "GB")!;
      // GB's curated answers, in the recommendation's indicator order.
      expect(gb.indicators!.split("|")).toEqual(detail.indicators.map((i) => i.id));
      expect(gb.values!.split("|")).toEqual(detail.indicators.map((i) => answer("GB", i.id)?.value ?? "unknown"));
      // GB's baseline rows, read by hand; with the mean rule 4 of 4 known → (1 + 1 + ½ + ½) / 4 → partly met.
      const values = gb.values!.split("|");
      expect(Object.fromEntries(gb.indicators!.split("|").map((id, i) => [id, values[i]]))).toEqual({
        "aicsam.realistic-synthetic": "met",
        "aicsam.morphed-real-child": "met",
        "aicsam.explicit-ai": "partial",
        "aicsam.tool-offence": "partial",
      });
      expect([gb.alignment, gb.known_indicators]).toEqual(["partial", "4"]);
    });

    it("progress: counts in legal time, with no step where answers were only recorded", async () => {
      // Legislative measures: national-law answers, some of whose dates are not established (treaty answers all are).
      const id = "osce-bp.legislative-measures";
      const detail = (await recommendationDetail(db, id, noFilter, TODAY))!;
      expect(detail.series.map((p) => p.date)).toEqual(progressDates(TODAY));
      for (const point of detail.series) {
        expect(point.met + point.partial + point.not_met + point.undated + point.insufficient + point.unknown, point.date).toBe(detail.seriesScope);
      }
      // Answers whose date is not established are one band on every date: recording them is never a move. A jurisdiction
      // only leaves the band when a dated answer takes effect and decides its alignment, so the band never grows.
      const undated = detail.series.map((p) => p.undated);
      expect(undated.every((n, i) => i === 0 || n <= undated[i - 1]!)).toBe(true);
      expect(undated[0]).toBeGreaterThan(0);
      expect(detail.series[0]!.date).toBe("2024-11-01");
      // Month-ends after the baseline data was typed in (2026-11-22) show no step: nothing took effect then.
      const october = detail.series.find((p) => p.date === "2026-10-31")!;
      const november = detail.series.find((p) => p.date === "2026-11-30")!;
      expect(november).toEqual({ ...october, date: "2026-11-30" });
      const last = detail.series[detail.series.length - 1]!;

      const csv = await csvOf(await recommendationExport(db, "csv", u("/x"), { id, dataset: "progress" }, TODAY));
      expect(csv.header).toBe(PROGRESS_COLUMNS.join(","));
      expect(csv.rows.map((r) => r.date)).toEqual(progressDates(TODAY));
      expect(Number(csv.rows.at(-1)!.met)).toBe(last.met);
    });

    it("who moved: an analyst's change shows old → new with its evidence, and moves the series from its date", () => withOwnDatabase(dialect, async ({ handle: { db } }) => {
      const id = "lanzarote.criminalise-ai-csam-creation";
      const before = (await recommendationDetail(db, id, noFilter, TODAY))!;
      const old = answer("GB", "aicsam.tool-offence")!;
      expect(old.value).toBe("partial");
      const citation = toolOffenceCitation;
      await recordToolOffenceEnacted(db);

      const after = (await recommendationDetail(db, id, noFilter, TODAY))!;
      expect(after.changes[0]).toMatchObject({
        jurisdiction_code: "GB",
        indicator_id: "aicsam.tool-offence",
        old_value: "partial",
        new_value: "met",
        effective_from: "2026-06-30",
        effective_basis: "Royal Assent (test)",
        verified_on: "2026-06-30",
        changed_by: "analyst:test",
        change_reason: "Royal Assent (test)",
        instrument_title: citation.instrumentTitle,
        citation_url: citation.url,
      });
      expect(after.changes).toHaveLength(before.changes.length + 1);
      // GB stays partly met (its explicit-AI answer is partial): a change that decides nothing moves no count.
      expect(after.series).toEqual(before.series);
      // When the last partial answer becomes met (from 15 Jul), GB is met from the next month-end, not before.
      await recordToolOffenceEnacted(db, "aicsam.explicit-ai", "2026-07-15");
      const moved = (await recommendationDetail(db, id, noFilter, TODAY))!;
      const at = (detail: typeof before, date: string) => detail.series.find((p) => p.date === date)!;
      expect(at(moved, "2026-06-30")).toEqual(at(before, "2026-06-30"));
      expect(at(moved, "2026-07-31").met).toBe(at(before, "2026-07-31").met + 1);
      expect(at(moved, "2026-07-31").partial).toBe(at(before, "2026-07-31").partial - 1);
      expect(after.pendingAnswers.some((p) => p.jurisdiction_code === "GB" && p.indicator_id === "aicsam.tool-offence")).toBe(false);

      const csv = await csvOf(await recommendationExport(db, "csv", u("/x"), { id, dataset: "changes" }, TODAY));
      expect(csv.header).toBe(CHANGE_COLUMNS.join(","));
      expect(csv.rows[0]).toMatchObject({ jurisdiction_code: "GB", old_value: "partial", new_value: "met", changed_by: "analyst:test" });
      expect(csv.rows).toHaveLength(moved.changes.length);
    }), OWN_DATABASE_TIMEOUT);

    it("what is pending: pending answers, and bills in progress on the topics where alignment is not met", () => withOwnDatabase(dialect, async ({ handle: { db } }) => {
      // GB's tool offence: an analyst recorded it in force (as in "who moved").
      await recordToolOffenceEnacted(db);
      const id = "lanzarote.criminalise-ai-csam-creation";
      const detail = (await recommendationDetail(db, id, noFilter, TODAY))!;
      const pending = baseline.filter((b) => b.value === "pending" && detail.indicators.some((i) => i.id === b.indicatorId) && !(b.jurisdictionCode === "GB" && b.indicatorId === "aicsam.tool-offence"));
      expect(pending.length).toBeGreaterThan(0);
      expect(detail.pendingAnswers.map((p) => `${p.jurisdiction_code} ${p.indicator_id}`).sort()).toEqual(pending.map((b) => `${b.jurisdictionCode} ${b.indicatorId}`).sort());
      const notMet = detail.alignment.filter((a) => a.alignment !== "met").map((a) => a.jurisdiction_code);
      const met = detail.alignment.filter((a) => a.alignment === "met").map((a) => a.jurisdiction_code);
      expect(notMet.length).toBeGreaterThan(0);
      // The bills the curated answers cite as pending, on this recommendation's topic (AI-generated CSAM).
      expect(detail.pendingBills.map((b) => `${b.jurisdiction_code} ${b.stage} ${b.title}`).sort()).toEqual([
        "EU introduced Proposal for a recast Directive on combating the sexual abuse and sexual exploitation of children, COM(2024) 60",
        "SG introduced Criminal Law (Miscellaneous Amendments) Bill 2025 (Bill No. 15/2025)",
        "US-MA introduced Massachusetts H.1931 (194th General Court), An Act to enhance protections against child exploitation and misuse of emerging technologies",
        "US-OH introduced Ohio SB 163 (136th General Assembly)",
      ]);
      const curatedBills = detail.pendingBills.length;

      // Derived from a real record of the recorded feed: the same bytes' record, re-staged and re-placed for the join under test.
      const base = feedRecords[0]!;
      const derived = (suffix: string, jurisdictionCode: string, stage: InstrumentRecord["stage"], topic: InstrumentRecord["topics"][number]["topic"]): InstrumentRecord => ({
        ...base,
        externalId: `${base.externalId}#derived-${suffix}`,
        jurisdictionCode,
        stage,
        introducedOn: "2026-03-01",
        topics: [{ topic, reason: "test: derived record" }],
      });
      await upsertInstruments(db, "legislation-gov-uk", [
        derived("in-scope", notMet[0]!, "introduced", "ai-csam"),
        derived("enacted", notMet[0]!, "enacted", "ai-csam"),
        derived("other-topic", notMet[0]!, "passed_chamber", "treaties"),
        derived("met-jurisdiction", met[0]!, "introduced", "ai-csam"),
      ], null);
      const withBills = (await recommendationDetail(db, id, noFilter, TODAY))!;
      expect(withBills.pendingBills.filter((b) => b.source_id === "legislation-gov-uk").map((b) => [b.jurisdiction_code, b.stage, b.topics])).toEqual([[notMet[0], "introduced", ["ai-csam"]]]);
      expect(withBills.pendingBills).toHaveLength(curatedBills + 1);
      const csv = await csvOf(await recommendationExport(db, "csv", u("/x"), { id, dataset: "pending" }, TODAY));
      expect(csv.header).toBe(PENDING_COLUMNS.join(","));
      expect(csv.rows.filter((r) => r.kind === "instrument" && r.url === base.officialUrl)).toEqual([
        expect.objectContaining({ jurisdiction_code: notMet[0], stage: "introduced", topics: "ai-csam" }),
      ]);
      expect(csv.rows.filter((r) => r.kind === "instrument")).toHaveLength(curatedBills + 1);
      expect(csv.rows.filter((r) => r.kind === "answer")).toHaveLength(pending.length);
    }), OWN_DATABASE_TIMEOUT);

    it("answers 404 for an unknown recommendation and 400 naming a bad parameter", async () => {
      const missing = await runLoader(recommendationLoader, db, "/recommendations/nope.nothing", { id: "nope.nothing" });
      expect(missing.status).toBe(404);
      const badGroup = await runLoader(recommendationLoader, db, "/recommendations/crc.non-existing-children?group=atlantis", { id: "crc.non-existing-children" });
      expect(badGroup.status).toBe(400);
      expect(await badGroup.json()).toMatchObject({ parameter: "group" });
      const badDate = await jsonOf(await recommendationExport(db, "json", u("/x?as_of=20240101"), { id: "crc.non-existing-children", dataset: "progress" }));
      expect(badDate).toMatchObject({ status: 400, body: { parameter: "as_of" } });
      const missingExport = await jsonOf(await recommendationExport(db, "json", u("/x"), { id: "nope.nothing", dataset: "alignment" }));
      expect(missingExport.status).toBe(404);
      const unmeasured = recommendations.find((r) => r.indicators.length === 0)!;
      const plain = (await recommendationDetail(db, unmeasured.id, noFilter, TODAY))!;
      expect(plain.series).toEqual([]);
      expect(plain.recommendation.measurement_note).toMatch(/\w/);
    });

    it("the cached gaps are shared while nothing changes and follow an analyst's edit at once", () => withOwnDatabase(dialect, async ({ handle: { db } }) => {
      const before = await recommendationGaps(db, noFilter);
      expect(await recommendationGaps(db, noFilter)).toBe(before);
      expect((await queryAssessments(db, { jurisdictions: ["ZW"] })).every((c) => c.origin === null)).toBe(true);
      const target = recommendations.find((r) => r.indicators.length > 0)!;
      for (const indicatorId of target.indicators) {
        const written = await setAnalystAssessment(db, {
          jurisdictionCode: "ZW",
          indicatorId,
          value: "not_met",
          rationale: "Test: no such offence found (test record).",
          citation: { instrumentTitle: "Criminal Law (Codification and Reform) Act (test record)", provision: "whole Act", url: "https://example.org/test-record" },
          effectiveFrom: "2026-01-01", effectiveBasis: "Test record.", verifiedOn: "2026-01-01",
          confidence: "low",
          actor: "analyst:test",
          reason: "cache test",
        });
        expect(written.ok).toBe(true);
      }
      const after = await recommendationGaps(db, noFilter);
      expect(after).not.toBe(before);
      expect(after.jurisdictions).toBe(before.jurisdictions + 1);
      const count = (gaps: typeof before, id: string) => gaps.gaps.find((g) => g.id === id)!;
      expect(count(after, target.id).not_met).toBe(count(before, target.id).not_met + 1);
    }), OWN_DATABASE_TIMEOUT);
  });
});
