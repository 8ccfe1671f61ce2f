import fs from "node:fs";
import path from "node:path";
import * as cheerio from "cheerio";
import { parse as parseCsv } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_ANSWER, OUTSIDE } from "../../app/components/WorldMap";
import {
  CHANGES_COLUMNS,
  CHANGES_DICTIONARY,
  FEED_ENTRIES,
  TAG_PREFIX,
  changesExport,
  changesFeed,
  changesPage,
  readChangeQuery,
  xmlEscape,
} from "../../app/lib/changes.server";
import {
  AVERAGE_RULE,
  MAP_COLUMNS,
  MAP_DICTIONARY,
  alignmentMap,
  compactPath,
  indicatorMap,
  mapExport,
  mapPage,
  readMapQuery,
} from "../../app/lib/map.server";
import { BadQueryError } from "../../app/lib/overview.server";
import { averageAlignment } from "../../domain/alignment";
import { loader as changesLoader } from "../../app/routes/changes";
import { loader as mapLoader } from "../../app/routes/map";
import { upsertAssessments } from "../../db/repositories/assessments";
import type { Database } from "../../db/schema";
import { curatedSource, parseRecommendations } from "../../sources/curated";
import type { AssessmentRecord } from "../../sources/types";
import { runSourceNow } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";
import { curatedBaseline } from "../helpers/curated-baseline";

const dataDir = path.resolve("sources/curated/data");
const read = (file: string) => fs.readFileSync(path.join(dataDir, file));
const baseline = curatedBaseline();
const recommendations = parseRecommendations(read("recommendations.yaml")).recommendations;
const measured = recommendations.filter((r) => r.indicators.length > 0);
const answer = (j: string, i: string) => baseline.find((b) => b.jurisdictionCode === j && b.indicatorId === i);
const u = (pathAndQuery: string) => new URL(pathAndQuery, "http://harmonia.test");

/** Text a rationale may carry from a scraped page: must come back as text from every output. */
const XSS = `<script>alert(1)</script> & "q" 'x'`;

async function runLoader(loader: (args: never) => Promise<Response>, db: Kysely<Database>, pathAndQuery: string): Promise<Response> {
  const args = { request: new Request(u(pathAndQuery)), params: {}, context: { services: { database: { db } } } };
  try {
    return await loader(args as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function csvOf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
  const text = await response.text();
  return { header: text.split(/\r?\n/)[0]!, rows: parseCsv(text, { columns: true }) as Record<string, string>[] };
}

describe("map and change-feed helpers", () => {
  it("compactPath rewrites d3's absolute path with relative steps, dropping repeated points", () => {
    expect(compactPath("M10,20L13,24L13,24L11,21ZM0,0L5,0Z")).toBe("M10 20l3 4l-2-3zM0 0l5 0z");
    expect(compactPath("M1.4,2.6L3.5,4.4Z")).toBe("M1 3l3 1z");
  });

  it("the average rule: met from 2/3, not met below 1/3, partly met between, only with at least half decided", () => {
    const c = (met: number, partial: number, not_met: number, insufficient = 0, unknown = 0) => averageAlignment({ met, partial, not_met, insufficient, unknown });
    expect(c(2, 0, 1)).toEqual({ category: "met", score: 2 / 3 });
    expect(c(1, 0, 2).category).toBe("partial");
    expect(c(0, 1, 2).category).toBe("not_met");
    expect(c(0, 2, 0).category).toBe("partial");
    expect(c(0, 0, 0, 0, 27)).toEqual({ category: "unknown", score: null });
    // Two known of 27 (Afghanistan on the first map): not a colour, insufficient evidence.
    expect(c(2, 0, 0, 0, 25)).toEqual({ category: "insufficient", score: null });
    expect(c(2, 0, 0, 1, 0)).toEqual({ category: "met", score: 1 });
    expect(c(1, 0, 0, 1, 1)).toEqual({ category: "insufficient", score: null });
    expect(AVERAGE_RULE).toMatch(/at least half/);
  });

  it("xmlEscape escapes the five XML characters and drops characters XML cannot carry", () => {
    expect(xmlEscape(XSS)).toBe("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &apos;x&apos;");
    expect(xmlEscape("a\u0000b\u0007c\td\n")).toBe("ab" + "c\td\n");
    expect(xmlEscape("\uD83D\uDE00 ok \uD800")).toBe("\uD83D\uDE00 ok ");
  });

  it("every exported column has a description in the data dictionary", () => {
    for (const entry of [...MAP_DICTIONARY, ...CHANGES_DICTIONARY]) {
      expect(entry.columns.map((c) => c.name).length).toBeGreaterThan(5);
      for (const c of entry.columns) expect(c.description, `${entry.name} ${c.name}`).toMatch(/\w/);
    }
    expect(MAP_DICTIONARY[0]!.columns.map((c) => c.name)).toEqual([...MAP_COLUMNS]);
    expect(CHANGES_DICTIONARY[0]!.columns.map((c) => c.name)).toEqual([...CHANGES_COLUMNS]);
  });
});

describe.each(dialects)("world map and change feeds on %s", (dialect) => {
  let t: TestDatabase;
  let db: Kysely<Database>;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    db = t.handle.db;
    const ctx = { db, config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), log: createLogger("silent") };
    const { run } = await runSourceNow(ctx, curatedSource, "startup");
    expect(run.status).toBe("ok");
  });
  afterAll(async () => {
    await t?.drop();
  });

  describe("the world map", () => {
    it("colours GB by its average alignment, with the counts behind it, and draws every country of the 1:110m map", async () => {
      const { map, rows } = await mapPage(db, { group: null, asOf: null, recommendation: null });
      const row = rows.find((r) => r.code === "GB")!;
      // Worked by hand from GB's baseline rows, recommendation by recommendation, with the mean rule (all 27 use it):
      // met 8, partly met 7 (legislative measures 7 of 9 known met and two partial, swift removal, update legislation,
      // AI CSAM creation, victim support, and the two UNICRI harmonisation ones, decided since the definition and
      // explicit-AI answers came in as partial), insufficient 8 (international collaboration and cyber-investigation lost
      // their Budapest and Lanzarote answers, withdrawn until the depositary is read with dates), none known 4.
      // 15 of 27 are decided, at least half, and they average (8 + 7 × ½) / 15 ≈ 0.77, at or above ⅔: met.
      expect(row).toMatchObject({ met: 8, partial: 7, not_met: 0, insufficient: 8, unknown: 4, category: "met", drawn: "outline", recommendations: 27 });
      const shape = map.shapes.find((s) => s.code === "GB")!;
      expect(shape.category).toBe(row.category);
      expect(shape.d).toMatch(/^M\d+ \d+l/);
      expect(shape.name).toBe("United Kingdom");
      // 177 countries in world-atlas 110m, less Antarctica; three areas have no ISO code.
      expect(map.shapes).toHaveLength(176);
      expect(map.shapes.filter((s) => s.code === null).map((s) => s.name).sort()).toEqual(["Kosovo", "N. Cyprus", "Somaliland"]);
      expect(map.explanation).toBe(AVERAGE_RULE);
      // The EU and sub-national units are in the table, not on the map.
      expect(rows.find((r) => r.code === "EU")).toMatchObject({ drawn: "no", kind: "supranational" });
      expect(rows.find((r) => r.code === "US-CA")).toMatchObject({ drawn: "no", kind: "subnational" });
      expect(map.summary).toMatch(/not drawn \(the EU and sub-national units\)/);
      // Singapore has answers but no outline at this scale: a dot.
      expect(answer("SG", "treaty.opsc")).toBeDefined();
      expect(map.markers.map((m) => m.code)).toContain("SG");
      // A country without any answer is "no answer", and the counts add up.
      expect(baseline.some((b) => b.jurisdictionCode === "GL")).toBe(false);
      expect(map.shapes.find((s) => s.code === "GL")!.category).toBe(NO_ANSWER);
      expect(map.categories.reduce((n, c) => n + c.count, 0)).toBe(rows.length);
      expect(map.categories.find((c) => c.id === NO_ANSWER)!.count).toBe(rows.filter((r) => r.category === NO_ANSWER).length);
    });

    it("one recommendation: each country's alignment with it, by its rule", async () => {
      const id = "crc.non-existing-children";
      const rec = measured.find((r) => r.id === id)!;
      const data = await alignmentMap(db, { group: null, asOf: null, recommendationId: id });
      // Its two indicators in the baseline: GB met, met; US met, partial; JP not met, not met; FR met, met.
      const category = (code: string) => data.jurisdictions.find((j) => j.code === code)!.category;
      expect(["GB", "US", "JP", "FR"].map(category)).toEqual(["met", "partial", "not_met", "met"]);
      expect(data.title).toContain(rec.title);
      expect(data.explanation).toContain(`(${rec.rule})`);
    });

    it("a group: members coloured, the rest white; small members drawn as dots", async () => {
      const osce = (await db.selectFrom("group_membership").select("jurisdiction_code").where("group_id", "=", "osce").execute()).map((m) => m.jurisdiction_code);
      const data = await alignmentMap(db, { group: "osce", asOf: null });
      expect(data.jurisdictions.map((j) => j.code).sort()).toEqual([...osce].sort());
      expect(data.shapes.find((s) => s.code === "CN")!.category).toBe(OUTSIDE);
      expect(data.shapes.find((s) => s.code === "FR")!.category).not.toBe(OUTSIDE);
      expect(data.outside).toBe(data.shapes.filter((s) => s.category === OUTSIDE).length);
      expect(data.markers.map((m) => m.code).sort()).toEqual(["AD", "LI", "MC", "MT", "SM", "VA"]);
      expect(data.summary).toMatch(/^Across the OSCE participating States \(57\)/);
    });

    it("as of a date before any answer took effect, every country is 'no answer'", async () => {
      const { rows, map } = await mapPage(db, { group: null, asOf: "1900-01-01", recommendation: null });
      expect(baseline.every((b) => (b.effectiveFrom ?? b.verifiedOn) > "1900-01-01")).toBe(true);
      const rowCodes = new Set(rows.map((r) => r.code));
      expect(map.shapes.filter((s) => s.code).every((s) => rowCodes.has(s.code!))).toBe(true);
      expect(new Set(rows.map((r) => r.category))).toEqual(new Set([NO_ANSWER]));
    });

    it("an indicator's answers: GB's treaty.opsc as the baseline gives it", async () => {
      const data = await indicatorMap(db, { indicatorId: "treaty.opsc", group: null, asOf: null });
      expect(data.shapes.find((s) => s.code === "GB")!.category).toBe(answer("GB", "treaty.opsc")!.value);
      expect(data.categories.map((c) => c.id)).toEqual(["met", "partial", "not_met", "pending", "reserved", "unknown", NO_ANSWER]);
    });

    it("CSV and JSON exports carry exactly the table, with the declared columns", async () => {
      const { rows } = await mapPage(db, { group: "eu", asOf: null, recommendation: null });
      const csv = await csvOf(await mapExport(db, "csv", u("/map/export.csv?group=eu")));
      expect(csv.header).toBe(MAP_COLUMNS.join(","));
      expect(csv.rows).toHaveLength(rows.length);
      const fr = rows.find((r) => r.code === "FR")!;
      expect(csv.rows.find((r) => r.code === "FR")).toMatchObject({ category: fr.category, met: String(fr.met), not_met: String(fr.not_met), group: "eu", drawn: "outline" });
      const json = (await (await mapExport(db, "json", u("/map/export.json?group=eu"))).json()) as { count: number; data: Record<string, unknown>[] };
      expect(json.count).toBe(rows.length);
      expect(Object.keys(json.data[0]!)).toEqual([...MAP_COLUMNS]);
    });

    it("answers 400 naming a bad group, date or recommendation", async () => {
      const unmeasured = recommendations.find((r) => r.indicators.length === 0)!;
      for (const [search, parameter] of [
        ["?group=atlantis", "group"],
        ["?as_of=2025-02-30", "as_of"],
        ["?recommendation=no.such", "recommendation"],
        [`?recommendation=${unmeasured.id}`, "recommendation"],
      ] as const) {
        const page = await runLoader(mapLoader, db, `/map${search}`);
        expect(page.status, search).toBe(400);
        expect(await page.json()).toMatchObject({ parameter });
        const exp = await mapExport(db, "json", u(`/map/export.json${search}`));
        expect(exp.status).toBe(400);
        expect(await exp.json()).toMatchObject({ parameter });
      }
      await expect(readMapQuery(db, u("/map?recommendation=no.such"))).rejects.toBeInstanceOf(BadQueryError);
      expect((await runLoader(mapLoader, db, "/map?group=eu&recommendation=crc.non-existing-children&as_of=2026-01-01")).status).toBe(200);
    });
  });

  describe("change feeds", () => {
    const opsc = answer("GB", "treaty.opsc")!;
    let historyIds: number[] = [];

    beforeAll(async () => {
      expect(opsc.value).toBe("met");
      // A real treaty record changed twice by the UNTC source: met → partial (with hostile text) → met.
      const partial: AssessmentRecord = { ...opsc, value: "partial", rationale: XSS, verifiedOn: "2026-01-15" };
      const back: AssessmentRecord = { ...opsc, verifiedOn: "2026-02-01" };
      expect((await upsertAssessments(db, "untc", "ingested", [partial], null)).updated).toBe(1);
      expect((await upsertAssessments(db, "untc", "ingested", [back], null)).updated).toBe(1);
      historyIds = (
        await db.selectFrom("assessment_history").select("id").where("jurisdiction_code", "=", "GB").where("indicator_id", "=", "treaty.opsc").orderBy("id").execute()
      ).map((r) => Number(r.id));
      expect(historyIds).toHaveLength(3);
    });

    async function feed(search: string) {
      const response = await changesFeed(db, u(`/changes.atom${search}`));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      const xml = await response.text();
      return { xml, $: cheerio.load(xml, { xml: true }) };
    }

    it("/changes.atom?jurisdiction=GB: changes in the law by effective date; the baseline's loading is not news", async () => {
      const { xml, $ } = await feed("?jurisdiction=GB");
      expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      expect($("feed").attr("xmlns")).toBe("http://www.w3.org/2005/Atom");
      expect($("feed > id").text()).toBe(`${TAG_PREFIX}:changes?jurisdiction=GB`);
      expect($("feed > title").text()).toBe("Harmonia — changes in the law (jurisdiction GB)");
      expect($('feed > link[rel="self"]').attr("href")).toBe("http://harmonia.test/changes.atom?jurisdiction=GB");
      expect($('feed > link[rel="self"]').attr("type")).toBe("application/atom+xml");
      expect($('feed > link[rel="alternate"]').attr("href")).toBe("http://harmonia.test/changes?jurisdiction=GB");

      const entries = $("entry").toArray().map((e) => $(e));
      expect(entries.length).toBeGreaterThan(5);
      // Newest effective date first; each entry is dated by the day the law took effect, not by data entry.
      const updated = entries.map((e) => e.find("updated").text());
      expect([...updated].sort().reverse()).toEqual(updated);
      expect($("feed > updated").text()).toBe(updated[0]);
      // The OPSC answer, corrected twice, is one entry (the current record), in effect from 2009-03-20.
      const ids = entries.map((e) => e.find("id").text());
      expect(ids).toContain(`${TAG_PREFIX}:assessment-history/${historyIds[2]}`);
      expect(ids).not.toContain(`${TAG_PREFIX}:assessment-history/${historyIds[0]}`);
      expect(ids).not.toContain(`${TAG_PREFIX}:assessment-history/${historyIds[1]}`);
      const opscEntry = entries.find((e) => e.find("id").text().endsWith(`/${historyIds[2]}`))!;
      expect(opscEntry.find("title").text()).toBe("GB · treaty.opsc: met in effect from 2009-03-20");
      expect(opscEntry.find("updated").text()).toBe("2009-03-20T00:00:00.000Z");
      expect(opscEntry.find("link").attr("href")).toBe("http://harmonia.test/jurisdictions/GB#indicator-treaty.opsc");
      expect(opscEntry.find("content").text()).toContain("In effect from 2009-03-20 (Instrument deposited 2009-02-20 (status page); in force for the State from 2009-03-20 (art. 14(2): one month after the deposit).)");
      // CJA 1988 s.160 (possession) is the oldest GB position with an established date.
      expect(entries.at(-1)!.find("title").text()).toBe("GB · csam.simple-possession: met in effect from 1988-09-29");
    });

    it("/changes.atom?list=record: corrections of the record, newest recording first, hostile text escaped", async () => {
      const { xml, $ } = await feed("?list=record&jurisdiction=GB&indicator=treaty.opsc");
      expect($("feed > id").text()).toBe(`${TAG_PREFIX}:changes?list=record&jurisdiction=GB&indicator=treaty.opsc`);
      expect($("feed > title").text()).toBe("Harmonia — corrections of the record (jurisdiction GB, indicator treaty.opsc)");
      const entries = $("entry").toArray().map((e) => $(e));
      expect(entries.map((e) => e.find("id").text())).toEqual([historyIds[2], historyIds[1]].map((id) => `${TAG_PREFIX}:assessment-history/${id}`));
      const [newest, previous] = entries;
      expect(newest!.find("title").text()).toBe("GB · treaty.opsc: record corrected, partial → met");
      expect(newest!.find("author > name").text()).toBe("source:untc");
      const content = newest!.find("content");
      expect(content.attr("type")).toBe("text");
      expect(content.text()).toContain(opsc.rationale);
      expect(content.text()).toContain(`Citation: ${opsc.citations[0]!.instrumentTitle}, ${opsc.citations[0]!.provision} — ${opsc.citations[0]!.url}`);
      expect(content.text()).toContain("Changed by source:untc: untc changed partial → met");
      expect(previous!.find("title").text()).toBe("GB · treaty.opsc: record corrected, met → partial");
      expect(previous!.find("content").text().split("\n")[0]).toBe(XSS);
      expect(xml).not.toContain("<script>");
      expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &apos;x&apos;");
    });

    it("filters: an indicator, a recommendation (its indicators), and the latest 100 overall", async () => {
      const byIndicator = await feed("?indicator=treaty.opsc");
      expect(byIndicator.$("entry").length).toBeGreaterThan(0);
      expect(byIndicator.$("entry category[label^='Indicator']").toArray().every((c) => byIndicator.$(c).attr("term") === "treaty.opsc")).toBe(true);

      const rec = measured.find((r) => r.id === "osce-bp.international-collaboration")!;
      const byRec = await feed(`?recommendation=${rec.id}&jurisdiction=gb`);
      const terms = byRec.$("entry category[label^='Indicator']").toArray().map((c) => byRec.$(c).attr("term")!);
      expect(terms.length).toBeGreaterThan(0);
      for (const term of terms) expect(rec.indicators).toContain(term);
      // The id names the filters in a fixed order, whatever order the URL gives them in.
      expect(byRec.$("feed > id").text()).toBe(`${TAG_PREFIX}:changes?jurisdiction=GB&recommendation=${rec.id}`);

      const all = await feed("");
      expect(all.$("entry")).toHaveLength(FEED_ENTRIES);
    });

    it("answers 400 in plain text naming a bad jurisdiction, recommendation or indicator", async () => {
      for (const [search, parameter] of [
        ["?jurisdiction=ZZ", "jurisdiction"],
        ["?jurisdiction=<b>", "jurisdiction"],
        ["?recommendation=no.such", "recommendation"],
        ["?indicator=no.such", "indicator"],
      ] as const) {
        const response = await changesFeed(db, u(`/changes.atom${search}`));
        expect(response.status, search).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
        expect(await response.text()).toMatch(new RegExp(`^Bad parameter "${parameter}"`));
      }
    });

    it("/changes page and its CSV/JSON: the same rows, hostile text intact as data", async () => {
      const query = await readChangeQuery(db, u("/changes?list=record&jurisdiction=GB&indicator=treaty.opsc"));
      const page = await changesPage(db, query);
      expect(page.rows.map((r) => r.id)).toEqual([historyIds[2], historyIds[1]]);
      expect(page.rows.map((r) => [r.old_value, r.new_value])).toEqual([
        ["partial", "met"],
        ["met", "partial"],
      ]);
      expect(page.rows[1]!.rationale).toBe(XSS);
      expect(page.feedSearch).toBe("?list=record&jurisdiction=GB&indicator=treaty.opsc");
      const law = await changesPage(db, await readChangeQuery(db, u("/changes?jurisdiction=GB&indicator=treaty.opsc")));
      expect(law.rows.map((r) => [r.id, r.effective_from, r.new_value])).toEqual([[historyIds[2], "2009-03-20", "met"]]);

      const csv = await csvOf(await changesExport(db, "csv", u("/changes/export.csv?list=record&jurisdiction=GB&indicator=treaty.opsc")));
      expect(csv.header).toBe(CHANGES_COLUMNS.join(","));
      expect(csv.rows.map((r) => r.history_id)).toEqual(page.rows.map((r) => String(r.id)));
      expect(csv.rows[1]).toMatchObject({ old_value: "met", new_value: "partial", change_kind: "correction", effective_from: "2009-03-20", verified_on: "2026-01-15", changed_by: "source:untc", rationale: XSS });
      expect(csv.rows[0]).toMatchObject({ old_value: "partial", new_value: "met", citation_url: opsc.citations[0]!.url, link: "http://harmonia.test/jurisdictions/GB#indicator-treaty.opsc" });
      expect(csv.rows[0]!.changed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const bad = await changesExport(db, "csv", u("/changes/export.csv?list=news"));
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ parameter: "list" });

      const json = (await (await changesExport(db, "json", u("/changes/export.json?jurisdiction=GB&limit=2"))).json()) as { count: number; data: Record<string, unknown>[] };
      expect(json.count).toBe(2);
      expect(Object.keys(json.data[0]!)).toEqual([...CHANGES_COLUMNS]);

      const ok = await runLoader(changesLoader, db, "/changes?jurisdiction=gb");
      expect(ok.status).toBe(200);
      for (const [search, parameter] of [
        ["?jurisdiction=ZZ", "jurisdiction"],
        ["?indicator=nope", "indicator"],
        ["?limit=0", "limit"],
        ["?limit=abc", "limit"],
        ["?limit=1001", "limit"],
      ] as const) {
        const bad = await runLoader(changesLoader, db, `/changes${search}`);
        expect(bad.status, search).toBe(400);
        expect(await bad.json()).toMatchObject({ parameter });
        const exp = await changesExport(db, "csv", u(`/changes/export.csv${search}`));
        expect(exp.status).toBe(400);
        expect(await exp.json()).toMatchObject({ parameter });
      }
    });
  });
});
