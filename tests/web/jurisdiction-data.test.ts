import fs from "node:fs";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareData, compareExport, COMPARE_COLUMNS, DUAL_CRIMINALITY_COLUMNS, pairResult, readCompareQuery } from "../../app/lib/compare.server";
import {
  INDEX_COLUMNS,
  INDICATOR_COLUMNS,
  indexExport,
  jurisdictionDetail,
  jurisdictionExport,
  jurisdictionIndex,
  readAsOf,
  readIndexQuery,
  treatyDates,
} from "../../app/lib/jurisdiction.server";
import { BadQueryError } from "../../app/lib/overview.server";
import type { Value } from "../../domain/alignment";
import { upsertAssessments } from "../../db/repositories/assessments";
import { curatedSource, parseGroups, parseIndicators } from "../../sources/curated";
import { getSource } from "../../sources/registry";
import { ingestFile, runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { curatedDatabase, dialects, freshDatabase, type TestDatabase } from "../helpers/db";
import { curatedBaseline } from "../helpers/curated-baseline";

const dataDir = path.resolve("sources/curated/data");
const read = (file: string) => fs.readFileSync(path.join(dataDir, file));
const indicators = parseIndicators(read("indicators.yaml")).indicators;
const groups = parseGroups(read("groups.yaml")).groups;
const baseline = curatedBaseline();
/** The curated answer of a cell, straight from the files: what the pages must show. */
const curated = (code: string, indicator: string): Value => (baseline.find((b) => b.jurisdictionCode === code && b.indicatorId === indicator)?.value ?? "unknown") as Value;

const url = (pathAndQuery: string) => new URL(pathAndQuery, "http://harmonia.test");

function contextFor(t: TestDatabase): PipelineContext {
  return { db: t.handle.db, config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), log: createLogger("silent") };
}

async function csvOf(response: Response) {
  const text = await response.text();
  return { header: text.split(/\r?\n/)[0]!.split(","), rows: parseCsv(text, { columns: true }) as Record<string, string>[] };
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("treaty dates read from rationales (pure)", () => {
  it("reads the curated, UNTC and CoE wordings", () => {
    expect(treatyDates("Party: ratification deposited 2009-02-20.")).toMatchObject({ signed: null, bound: { iso: "2009-02-20" }, boundBy: "ratification" });
    expect(treatyDates("Party by accession (a) on 2002-01-23; signed 2000-09-07 (UNTC, MTDSG IV-11-c).")).toMatchObject({
      signed: { iso: "2000-09-07" },
      bound: { iso: "2002-01-23" },
      boundBy: "accession",
    });
    expect(treatyDates("Party: bound since 2004-07-01, in force 2004-11-01; signed 2001-11-23 (CoE Treaty Office, CETS 185).")).toMatchObject({
      signed: { iso: "2001-11-23" },
      bound: { iso: "2004-07-01" },
      inForce: { iso: "2004-11-01" },
    });
    expect(treatyDates("Party: signed 2001-11-23, ratified 2011-05-25 (Treaty Office chart).")).toMatchObject({ signed: { iso: "2001-11-23" }, bound: { iso: "2011-05-25" } });
    // A range of days becomes an ISO 8601 interval; the text is kept as written.
    expect(treatyDates("Signed at the Hanoi signing ceremony, 25-26 Oct 2025 (reported list of signatories); not ratified.").signed).toEqual({
      text: "25-26 Oct 2025",
      iso: "2025-10-25/2025-10-26",
      start: "2025-10-25",
    });
  });

  it("does not read a deadline or a negated action as a date", () => {
    const none = { signed: null, bound: null, boundBy: null, inForce: null, denounced: null };
    expect(treatyDates("Had not signed by the close of the Hanoi signing ceremony (26 Oct 2025); the Convention stays open for signature in New York until 31 Dec 2026.")).toEqual(none);
    expect(treatyDates("Party: all 57 OSCE participating States had ratified or acceded to the Protocol by 17 Dec 2014 (OSCE review).")).toEqual(none);
  });

  it("pairs of answers for dual criminality", () => {
    expect(pairResult("met", "not_met")).toEqual({ result: "gap", crimeIn: "a" });
    expect(pairResult("pending", "met")).toEqual({ result: "gap", crimeIn: "b" });
    expect(pairResult("met", "partial").result).toBe("partly");
    expect(pairResult("met", "unknown").result).toBe("unknown");
    expect(pairResult("not_met", "not_met").result).toBe("neither");
  });
});

describe.each(dialects)("jurisdiction pages and comparison: loaders and exports on %s", (dialect) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    const { run } = await runSourceNow(contextFor(t), curatedSource, "startup");
    expect(run.status).toBe("ok");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("GB's page shows every indicator with the curated answer and citation, grouped by topic", async () => {
    const d = await jurisdictionDetail(t.handle.db, "GB", null);
    expect(d.jurisdiction.name).toBe("United Kingdom");
    expect(d.answers).toHaveLength(indicators.length);
    expect(d.byTopic.flatMap((x) => x.answers)).toHaveLength(indicators.length);
    for (const a of d.answers) expect(a.value).toBe(curated("GB", a.indicator_id));

    const opsc = d.answers.find((a) => a.indicator_id === "treaty.opsc")!;
    expect(opsc).toMatchObject({ value: "met", rationale: "Party: ratification deposited 2009-02-20.", effective_from: "2009-03-20", date_status: "established", verified_on: "2025-10-31", origin: "curated", confidence: "medium" });
    expect(opsc.citations[0]!.url).toBe("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-c&chapter=4&clang=_en");
    const possession = d.answers.find((a) => a.indicator_id === "csam.simple-possession")!;
    expect(possession.citations[0]).toMatchObject({ instrumentTitle: "Criminal Justice Act 1988", provision: "s.160", url: "https://www.legislation.gov.uk/ukpga/1988/33/section/160" });

    // Treaty status with the dates read from the rationales.
    expect(d.treaties.map((x) => x.indicator_id).sort()).toEqual(indicators.filter((i) => i.topic === "treaties").map((i) => i.id).sort());
    expect(d.treaties.find((x) => x.indicator_id === "treaty.opsc")!.dates.bound?.iso).toBe("2009-02-20");
    expect(d.treaties.find((x) => x.indicator_id === "treaty.un-cybercrime")).toMatchObject({ value: "partial", dates: { signed: { iso: "2025-10-25/2025-10-26" }, bound: null } });
    // UNTOC signed and bound, the Palermo Protocol and the OPSC bound, the Second Protocol and the UN Cybercrime
    // Convention signed; Budapest and Lanzarote were withdrawn (no dated reading of the depositary).
    expect(d.events.filter((e) => e.group === "treaty").map((e) => `${e.date} ${e.kind}`)).toEqual([
      "2000-12-14 signed",
      "2006-02-09 bound",
      "2006-02-09 bound",
      "2009-02-20 bound",
      "2022-11-30 signed",
      "2025-10-25 signed",
    ]);
  });

  it("alignment per recommendation follows the mean rule over the curated answers, worked out by hand", async () => {
    const d = await jurisdictionDetail(t.handle.db, "US", null);
    // Worked from the US rows of the baseline files with the /methodology text of the mean rule: decided when at
    // least half the indicators are known; met at 1, not met at 0, partly met between; otherwise insufficient.
    expect(Object.fromEntries(d.alignment.map((a) => [a.id, `${a.combine_rule} ${a.alignment}`]))).toEqual({
      "osce-bp.legislative-measures": "mean partial", // 8 of 10 known: met ×6 (sextortion: TAKE IT DOWN Act), partial ×2
      "osce-bp.le-technology-training": "mean unknown",
      "osce-bp.international-collaboration": "mean partial", // 4 of 7: met ×2, not met ×2 (Budapest withdrawn)
      "osce-bp.tech-partnerships": "mean partial", // 2 of 3: met, partial (the hotline mandate is to receive reports)
      "unodc.le-rights-safeguards": "mean unknown",
      "unodc.suspect-digital-privacy": "mean unknown",
      "unodc.data-protection-assessment": "mean unknown",
      "unodc.ai-human-oversight": "mean unknown",
      "unodc.ai-online-safety-regulation": "mean unknown",
      "unodc.secure-evidence-storage": "mean unknown",
      "unodc.cyber-investigation-capacity": "mean insufficient", // 1 of 3: not met (Budapest withdrawn)
      "unodc.swift-removal-framework": "mean met", // 2 of 4 (exactly half), both met
      "icat.content-moderation-duty": "mean insufficient", // 1 of 3
      "icat.platform-accountability": "mean insufficient", // 1 of 3
      "unodc.rights-by-design": "mean unknown",
      "unicri.harmonize-terminology-laws": "mean partial", // 4 of 5: met ×3, partial
      "unicri.upload-safeguards": "mean unknown",
      "unicri.label-ai-content": "mean unknown",
      "unicri.takedown-team": "mean met", // 2 of 3, both met
      "unicri.update-legislation": "mean partial", // 4 of 6: met ×2, partial ×2
      "unicri.harmonize-classification": "mean partial", // 4 of 5: met ×3, partial
      "lanzarote.criminal-whatever-means": "mean insufficient", // 1 of 4
      "lanzarote.criminalise-ai-csam-creation": "mean partial", // 3 of 4: met ×2, partial
      "lanzarote.victim-support-accountability": "mean insufficient", // 1 of 3
      "lanzarote.harness-technologies": "mean unknown",
      "crc.non-existing-children": "mean partial", // met, partial
      "crc.virtual-material-concern": "mean met", // 1 of 2 (exactly half), met
    });
    // k of n known beside each score.
    const legislative = d.alignment.find((a) => a.id === "osce-bp.legislative-measures")!;
    expect([legislative.known, legislative.values.length]).toEqual([8, 10]);
  });

  it("history records who/when/why with the value replaced, and as_of shows the state at a date", async () => {
    // It writes: its own database, so the other tests read the curated baseline alone.
    const own = await curatedDatabase(dialect);
    try {
      const cell = { jurisdictionCode: "GB", indicatorId: "treaty.un-cybercrime" };
      await upsertAssessments(
        own.handle.db,
        "untc",
        "ingested",
        [
          {
            type: "assessment",
            ...cell,
            value: "met",
            rationale: "Party by ratification on 2026-09-01; signed 2025-10-25 (UNTC, MTDSG XVIII-16).",
            citations: [{ instrumentTitle: "United Nations Convention against Cybercrime", provision: "Status of signature and ratification", url: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en" }],
            effectiveFrom: "2026-10-01", effectiveTo: null, effectiveBasis: "In force for the State from 2026-10-01 (test record).", verifiedOn: "2026-10-02",
            confidence: "high",
          },
        ],
        null,
      );
      const now = await jurisdictionDetail(own.handle.db, "GB", null);
      const change = now.history[0]!;
      expect(change).toMatchObject({ indicator_id: "treaty.un-cybercrime", old_value: "partial", new_value: "met", changed_by: "source:untc", change_reason: "untc changed partial → met", effective_from: "2026-10-01", verified_on: "2026-10-02" });
      expect(now.history.find((h) => h.indicator_id === "treaty.opsc")).toMatchObject({ old_value: null, new_value: "met", changed_by: "source:curated" });
      expect(now.answers.find((a) => a.indicator_id === "treaty.un-cybercrime")!.value).toBe("met");
      expect(now.treaties.find((x) => x.indicator_id === "treaty.un-cybercrime")!.dates).toMatchObject({ signed: { iso: "2025-10-25" }, bound: { iso: "2026-09-01" } });

      const before = await jurisdictionDetail(own.handle.db, "GB", "2026-09-30");
      expect(before.asOf).toBe("2026-09-30");
      expect(before.answers.find((a) => a.indicator_id === "treaty.un-cybercrime")!.value).toBe("partial");
      expect(before.history.some((h) => (h.effective_from ?? h.verified_on) > "2026-09-30")).toBe(false);
      // On 2000-01-01 only the law in force then holds: CJA 1988 s.160 (in force 1988-09-29) and the pseudo-photograph
      // amendments of the Protection of Children Act 1978 (in force 1995-02-03, whose "computer-graphics" wording also
      // answers explicit AI as partial); everything else is unknown on that day.
      const early = await jurisdictionDetail(own.handle.db, "GB", "2000-01-01");
      expect(early.answers.filter((a) => a.value !== "unknown").map((a) => a.indicator_id).sort()).toEqual(["aicsam.explicit-ai", "aicsam.morphed-real-child", "aicsam.realistic-synthetic", "csam.simple-possession"]);
      expect(early.counts.unknown).toBe(indicators.length - 4);

      const csv = await csvOf(await jurisdictionExport(own.handle.db, "GB", "history", "csv", url("/jurisdictions/GB/history.csv")));
      expect(csv.rows[0]).toMatchObject({ indicator_id: "treaty.un-cybercrime", old_value: "partial", new_value: "met", changed_by: "source:untc" });
    } finally {
      await own.drop();
    }
  }, 300_000);

  it("instruments of the jurisdiction, with their dates on the timeline (recorded legislation.gov.uk CLML)", async () => {
    // It writes: its own database, so the other tests read the curated baseline alone.
    const own = await curatedDatabase(dialect);
    try {
      const source = getSource("legislation-gov-uk");
      const { run } = await ingestFile(contextFor(own), source, path.resolve("tests/fixtures/legislation-gov-uk/uksi-2015-1978-contents-made.data.clml.xml"));
      expect(run.status).toBe("ok");
      const d = await jurisdictionDetail(own.handle.db, "GB", null);
      const vat = d.instruments.find((i) => i.title === "The Value Added Tax (Amendment) Regulations 2015")!;
      expect(vat).toMatchObject({ kind: "regulation", stage: "in_force", enacted_on: "2015-12-07", in_force_on: "2016-01-01", topics: [] });
      expect(d.events.filter((e) => e.label === vat.title).map((e) => `${e.date} ${e.kind}`)).toEqual(["2015-12-07 enacted", "2016-01-01 in_force"]);
      expect((await jurisdictionDetail(own.handle.db, "GB", "2015-12-31")).events.filter((e) => e.label === vat.title).map((e) => e.kind)).toEqual(["enacted"]);
      const csv = await csvOf(await jurisdictionExport(own.handle.db, "GB", "instruments", "csv", url("/jurisdictions/GB/instruments.csv")));
      expect(csv.rows.find((r) => r.title === vat.title)).toMatchObject({ in_force_on: "2016-01-01", source_id: "legislation-gov-uk" });
      expect(d.freshness.sources.map((s) => s.id)).toEqual(expect.arrayContaining(["curated", "legislation-gov-uk"]));
    } finally {
      await own.drop();
    }
  }, 300_000);

  it("the indicator table's CSV has the declared columns and GB's treaty.opsc row; JSON the same keys", async () => {
    const csv = await csvOf(await jurisdictionExport(t.handle.db, "GB", "indicators", "csv", url("/jurisdictions/GB/export.csv")));
    expect(csv.header).toEqual([...INDICATOR_COLUMNS]);
    expect(csv.rows).toHaveLength(indicators.length);
    expect(csv.rows.find((r) => r.indicator_id === "treaty.opsc")).toMatchObject({
      value: "met",
      instrument_title: "Optional Protocol to the CRC on the sale of children, child prostitution and child pornography (2000)",
      provision: "UNTC MTDSG IV-11-c, status",
      bound_on: "2009-02-20",
      origin: "curated",
    });
    const json = (await (await jurisdictionExport(t.handle.db, "GB", "indicators", "json", url("/jurisdictions/GB/export.json"))).json()) as { count: number; data: Record<string, unknown>[] };
    expect(json.count).toBe(indicators.length);
    expect(Object.keys(json.data[0]!)).toEqual([...INDICATOR_COLUMNS]);
  });

  it("unknown code → 404, malformed as_of → 400 naming as_of", async () => {
    const notFound = await thrown(jurisdictionDetail(t.handle.db, "XX", null));
    expect(notFound).toBeInstanceOf(Response);
    expect((notFound as Response).status).toBe(404);
    expect(((await (notFound as Response).json()) as { message: string }).message).toContain('"XX"');
    expect((await jurisdictionExport(t.handle.db, "XX", "indicators", "csv", url("/jurisdictions/XX/export.csv"))).status).toBe(404);

    expect(() => readAsOf(url("/jurisdictions/GB?as_of=2026-02-30"))).toThrow(BadQueryError);
    const bad = await jurisdictionExport(t.handle.db, "GB", "indicators", "csv", url("/jurisdictions/GB/export.csv?as_of=yesterday"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: "as_of" });
  });

  it("the index counts each value per jurisdiction and filters by group", async () => {
    const all = await jurisdictionIndex(t.handle.db, await readIndexQuery(t.handle.db, url("/jurisdictions")));
    const withAnswers = new Set(baseline.map((b) => b.jurisdictionCode));
    expect(all.rows.map((r) => r.code).sort()).toEqual([...withAnswers].sort());
    const de = all.rows.find((r) => r.code === "DE")!;
    const deCells = baseline.filter((b) => b.jurisdictionCode === "DE");
    expect(de.met).toBe(deCells.filter((b) => b.value === "met").length);
    expect(de.pending).toBe(deCells.filter((b) => b.value === "pending").length);
    expect(de.unknown).toBe(indicators.length - deCells.filter((b) => b.value !== "unknown").length);
    expect(de.met + de.partial + de.not_met + de.pending + de.reserved + de.unknown).toBe(indicators.length);

    const g7 = groups.find((g) => g.id === "g7")!;
    const inG7 = await jurisdictionIndex(t.handle.db, await readIndexQuery(t.handle.db, url("/jurisdictions?group=g7")));
    expect(inG7.rows.map((r) => r.code).sort()).toEqual(g7.members.filter((m) => withAnswers.has(m)).sort());

    const badGroup = await thrown(readIndexQuery(t.handle.db, url("/jurisdictions?group=nope")));
    expect(badGroup).toMatchObject({ parameter: "group" });
    const csv = await csvOf(await indexExport(t.handle.db, "csv", url("/jurisdictions/export.csv?group=g7")));
    expect(csv.header).toEqual([...INDEX_COLUMNS]);
    expect(csv.rows.find((r) => r.code === "DE")).toMatchObject({ met: String(de.met), group: "g7" });
    expect((await indexExport(t.handle.db, "json", url("/jurisdictions/export.json?as_of=31-12-2026"))).status).toBe(400);
  });

  it("compare: 2–8 known codes in j, rows that differ marked, dual criminality per offence pair", async () => {
    for (const [query, fragment] of [
      ["/compare?j=GB", "you gave 1"],
      ["/compare?j=GB,US,AU,DE,FR,IT,JP,CA,ES", "you gave 9"],
      ["/compare?j=GB,ZZ", '"ZZ"'],
    ] as const) {
      const error = await thrown(readCompareQuery(t.handle.db, url(query)));
      expect(error).toBeInstanceOf(BadQueryError);
      expect(error).toMatchObject({ parameter: "j" });
      expect((error as Error).message).toContain(fragment);
    }
    // Repeated and comma-separated j, any case, duplicates dropped (a multi-select plus a text box).
    expect((await readCompareQuery(t.handle.db, url("/compare?j=gb,de&j=GB&j="))).codes).toEqual(["GB", "DE"]);
    expect((await readCompareQuery(t.handle.db, url("/compare"))).codes).toEqual([]);

    const d = await compareData(t.handle.db, await readCompareQuery(t.handle.db, url("/compare?j=GB,DE")));
    expect(d.rows).toHaveLength(indicators.length);
    for (const r of d.rows) {
      const gb = curated("GB", r.indicator_id);
      const de = curated("DE", r.indicator_id);
      expect(r.cells.GB!.value).toBe(gb);
      const differs = gb !== "unknown" && de !== "unknown" && gb !== de;
      expect(r.agreement === "differs").toBe(differs);
    }
    expect(d.rows.find((r) => r.indicator_id === "aicsam.non-photographic")).toMatchObject({ agreement: "differs" });
    expect(d.rows.find((r) => r.indicator_id === "csam.simple-possession")!.cells.GB!.citation!.url).toBe("https://www.legislation.gov.uk/ukpga/1988/33/section/160");

    const offence = new Set(indicators.filter((i) => i.offence).map((i) => i.id));
    expect(d.dualCriminality.map((x) => x.indicator_id).sort()).toEqual([...offence].sort());
    // Intimate deepfakes: a crime in GB (met), only a bill in DE (pending).
    expect(d.dualCriminality.find((x) => x.indicator_id === "tfe.intimate-deepfakes")!.pairs).toEqual([
      { a: "GB", b: "DE", value_a: "met", value_b: "pending", result: "gap", crime_in: "GB" },
    ]);
    expect(d.dualCriminality.find((x) => x.indicator_id === "csam.simple-possession")!.pairs[0]!.result).toBe("both");

    const csv = await csvOf(await compareExport(t.handle.db, "comparison", "csv", url("/compare.csv?j=GB,DE")));
    expect(csv.header).toEqual([...COMPARE_COLUMNS]);
    expect(csv.rows).toHaveLength(indicators.length * 2);
    expect(csv.rows.find((r) => r.indicator_id === "aicsam.non-photographic" && r.jurisdiction_code === "DE")).toMatchObject({ value: "partial", agreement: "differs" });
    const pairs = await csvOf(await compareExport(t.handle.db, "dual-criminality", "csv", url("/compare/dual-criminality.csv?j=GB,DE")));
    expect(pairs.header).toEqual([...DUAL_CRIMINALITY_COLUMNS]);
    expect(pairs.rows).toHaveLength(offence.size);
    const bad = await compareExport(t.handle.db, "comparison", "json", url("/compare.json?j=GB"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: "j" });
  });
});
