import { readFileSync, readdirSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CuratedDataError,
  checkBaseline,
  parseBaseline,
  parseGroups,
  parseIndicators,
  parseRecommendations,
  quoteAppearsIn,
  validateKnowledgeBase,
  type BaselineEntry,
} from "../../sources/curated/parse";
import { listJurisdictions, jurisdictionCodes } from "../../sources/curated/jurisdictions";
import { curatedSource, manifest } from "../../sources/curated/index";
import { BASELINE_COLUMNS, isIsoDate } from "../../sources/curated/schema";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(here, "../../sources/curated/data");
const seedsDir = join(here, "../fixtures/seeds");
const read = (p: string) => new Uint8Array(readFileSync(p));

const indicators = parseIndicators(read(join(dataDir, "indicators.yaml")));
const recommendations = parseRecommendations(read(join(dataDir, "recommendations.yaml")));
const groups = parseGroups(read(join(dataDir, "groups.yaml")));
const baselineFiles = readdirSync(join(dataDir, "baseline")).filter((f) => f.endsWith(".csv"));
const baseline: BaselineEntry[] = baselineFiles.flatMap((f) => {
  const { entries, issues } = checkBaseline(read(join(dataDir, "baseline", f)), f);
  expect(issues).toEqual([]);
  return entries;
});
const codes = jurisdictionCodes();

const REQUIRED_INDICATORS = [
  "csam.specific-law", "csam.definition", "csam.simple-possession", "csam.isp-reporting",
  "aicsam.realistic-synthetic", "aicsam.morphed-real-child", "aicsam.non-photographic", "aicsam.explicit-ai",
  "aicsam.tool-offence", "platform.notice-takedown-deadline", "platform.risk-assessment", "platform.ai-labelling",
  "tfe.grooming", "tfe.sextortion", "tfe.intimate-deepfakes", "treaty.palermo-protocol", "treaty.opsc",
  "treaty.lanzarote", "treaty.budapest", "treaty.un-cybercrime",
];

const header = BASELINE_COLUMNS.join(",");
const BY = "Harmonia founding team (curated baseline)";
/** Who may sign a baseline row: the founding baseline, and reviewed merges of the research files. */
const CURATORS = [BY, "Harmonia research team (reviewed merge)"];

describe("curated data files parse", () => {
  it("indicator catalogue has a version, about 40 indicators and every required id", () => {
    expect(indicators.version).toMatch(/\S/);
    expect(indicators.indicators.length).toBeGreaterThanOrEqual(35);
    const ids = new Set(indicators.indicators.map((i) => i.id));
    for (const id of REQUIRED_INDICATORS) expect(ids, id).toContain(id);
  });

  it("required indicators have the meanings the issue asks for", () => {
    const byId = new Map(indicators.indicators.map((i) => [i.id, i]));
    expect(byId.get("aicsam.realistic-synthetic")?.question).toMatch(/synthetic.*non-existent children/i);
    expect(byId.get("aicsam.non-photographic")?.question).toMatch(/drawings, cartoons, CGI/);
    expect(byId.get("aicsam.explicit-ai")?.question).toMatch(/AI-generated/);
    expect(byId.get("aicsam.tool-offence")?.question).toMatch(/model or tool/);
    expect(byId.get("treaty.lanzarote")?.answer_scale.reserved).toMatch(/20\(3\)/);
    expect(byId.get("treaty.budapest")?.answer_scale.reserved).toMatch(/9\(4\)/);
    for (const id of REQUIRED_INDICATORS.filter((i) => i.startsWith("treaty."))) {
      expect(byId.get(id)?.topic).toBe("treaties");
      expect(byId.get(id)?.answer_scale.met).toMatch(/^Party/);
    }
  });

  it("offence indicators are flagged for the dual-criminality matrix", () => {
    const offences = indicators.indicators.filter((i) => i.offence).map((i) => i.id);
    expect(offences).toContain("aicsam.realistic-synthetic");
    expect(offences).toContain("tfe.grooming");
    expect(offences).not.toContain("treaty.opsc");
  });

  it("recommendation catalogue is versioned and covers every seed document and companion", () => {
    expect(recommendations.version).toBe("2026-12-05");
    const docs = new Set(recommendations.recommendations.map((r) => r.reference.document));
    expect([...docs].sort()).toEqual(["crc-c-156", "lanzarote-declaration-2024", "new-frontiers-concept-note", "unicri-input-sr-sale-children-2024", "unodc-ohchr-standard-setting-2023"]);
    // The brief itself, by title, issuers, launch date and link; its concept note says it prepares the brief.
    const brief = recommendations.documents.find((d) => d.id === "new-frontiers")!;
    expect(brief).toMatchObject({
      title: "New Frontiers: The Use of Generative Artificial Intelligence to Facilitate Trafficking in Persons",
      date: "2024-11-01",
      issued_by: [
        "OSCE Office of the Special Representative and Co-ordinator for Combating Trafficking in Human Beings",
        "Regional Support Office of the Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime",
      ],
    });
    expect(brief.url).toMatch(/^https:\/\/rso\.baliprocess\.net\/new-rso-and-osce-report/);
    expect(recommendations.documents.find((d) => d.id === "new-frontiers-concept-note")!.prepares).toBe("new-frontiers");
    // Every document has a link of its own or through the document it prepares.
    for (const d of recommendations.documents) expect(d.url ?? recommendations.documents.find((x) => x.id === d.prepares)?.url, d.id).toMatch(/^https:\/\//);
  });

  it("baseline files parse into cited assessment records", () => {
    expect(baselineFiles.length).toBeGreaterThan(0);
    for (const f of baselineFiles) {
      const records = parseBaseline(read(join(dataDir, "baseline", f)), f);
      expect(records.length).toBeGreaterThan(0);
    }
  });
});

describe("every quote is verbatim", () => {
  it("seed-file quotes appear in the seed (whitespace-normalised)", () => {
    const seeds = new Set(readdirSync(seedsDir));
    const seedOf = new Map(recommendations.documents.map((d) => [d.id, d.seed_file]));
    let checked = 0;
    for (const rec of recommendations.recommendations) {
      const seed = seedOf.get(rec.reference.document);
      if (!seed) continue;
      expect(seeds.has(seed), seed).toBe(true);
      const text = readFileSync(join(seedsDir, seed), "utf8");
      expect(quoteAppearsIn(rec.quote, text), `${rec.id}: quote not found verbatim in ${seed}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it("non-seed quotes say where the verbatim text comes from", () => {
    const seedOf = new Map(recommendations.documents.map((d) => [d.id, d.seed_file]));
    for (const rec of recommendations.recommendations) {
      if (!seedOf.get(rec.reference.document)) expect(rec.reference.url, rec.id).toMatch(/^https:\/\//);
    }
  });

  it("the verbatim check rejects an altered quote", () => {
    expect(quoteAppearsIn("States should update legislation", "States should update or interpret legislation")).toBe(false);
    expect(quoteAppearsIn("States should update […] legislation", "States should update or interpret legislation")).toBe(true);
  });
});

describe("cross-references", () => {
  it("the knowledge base validates with no problems", () => {
    const problems = validateKnowledgeBase({ indicators, recommendations, groups, baseline, jurisdictionCodes: codes });
    expect(problems).toEqual([]);
  });

  it("every non-unknown cell has a full citation", () => {
    for (const e of baseline) {
      if (e.record.value === "unknown") continue;
      expect(e.record.citations.length, `${e.file}:${e.line}`).toBeGreaterThan(0);
      for (const c of e.record.citations) {
        expect(c.instrumentTitle).toMatch(/\S/);
        expect(c.provision).toMatch(/\S/);
        expect(c.url).toMatch(/^https:\/\//);
      }
      expect(e.record.verifiedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The date it took effect, or in words why it is not established.
      expect(e.record.effectiveBasis.length).toBeGreaterThan(10);
      if (e.record.effectiveFrom !== null) expect(e.record.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(CURATORS).toContain(e.row.curated_by);
    }
  });

  it("validation reports unknown ids, unknown jurisdictions and duplicate cells", () => {
    const bad = parseBaseline(
      `${header}\nZZ,csam.specific-law,met,r,t,p,https://example.org/a,,2025-01-01,,In force (test),2025-01-01,medium,${BY},2026-01-01\n` +
        `GB,csam.no-such-thing,met,r,t,p,https://example.org/a,,2025-01-01,,In force (test),2025-01-01,medium,${BY},2026-01-01\n` +
        `GB,tfe.grooming,met,r,t,p,https://example.org/a,,2025-01-01,,In force (test),2025-01-01,medium,${BY},2026-01-01\n` +
        `GB,tfe.grooming,partial,r,t,p,https://example.org/a,,2025-01-01,,In force (test),2025-01-01,medium,${BY},2026-01-01\n` +
        `GB,treaty.opsc,pending,r,t,p,https://example.org/a,,2025-01-01,,In force (test),2025-01-01,medium,${BY},2026-01-01\n`,
      "bad.csv",
    );
    const recs = {
      ...recommendations,
      recommendations: [{ ...recommendations.recommendations[0]!, indicators: ["aicsam.nope"] }],
    };
    const kinds = validateKnowledgeBase({ indicators, recommendations: recs, groups, baseline: bad, jurisdictionCodes: codes }).map((p) => p.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        "baseline_unknown_jurisdiction",
        "baseline_unknown_indicator",
        "baseline_duplicate_cell",
        "baseline_value_not_on_scale",
        "recommendation_unknown_indicator",
      ]),
    );
  });
});

describe("honesty rule on an in-memory bad row", () => {
  it("a non-unknown row without a citation fails, naming file, line and column", () => {
    const csv = `${header}\nGB,csam.specific-law,met,Has a law,,s.1,,,2025-01-01,,In force (test),2025-01-01,high,${BY},2026-01-01\n`;
    let err: unknown;
    try {
      parseBaseline(csv, "in-memory.csv");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CuratedDataError);
    const issues = (err as CuratedDataError).issues;
    const title = issues.find((i) => i.field === "instrument_title");
    expect(title).toMatchObject({ file: "in-memory.csv", line: 2, column: 5 });
    // Missing, not malformed: one issue for the URL, not a second one about its address.
    expect(issues.filter((i) => i.field === "citation_url")).toEqual([expect.objectContaining({ line: 2, column: 7 })]);
    expect((err as Error).message).toContain("in-memory.csv:2:5");
  });

  it("refuses a home-page or search-page citation, 'high' without the words read, and a treaty answer without a date", () => {
    const csv =
      `${header}\nTH,csam.specific-law,met,Has a law,Criminal Code,s.287/1,https://www.krisdika.go.th/,,2015-12-08,,In force (test),2025-01-01,medium,${BY},2026-01-01\n` +
      `ID,csam.specific-law,met,Has a law,Law 44/2008,art. 4,https://peraturan.bpk.go.id/Search?keywords=44,,2008-11-26,,In force (test),2025-01-01,medium,${BY},2026-01-01\n` +
      `GB,csam.simple-possession,met,Possession,CJA 1988,s.160,https://www.legislation.gov.uk/ukpga/1988/33/section/160,,1988-09-29,,In force (test),2025-01-01,high,${BY},2026-01-01\n` +
      `FR,treaty.opsc,met,Party,OPSC,status,https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-c&chapter=4&clang=_en,,,,Party when read (test),2025-01-01,medium,${BY},2026-01-01\n` +
      // Withdrawn: an uncited unknown may say anything and carries no date.
      `DE,treaty.opsc,unknown,Withdrawn (test),,,,,,,Not established (test),,,${BY},2026-01-01\n` +
      `GB,csam.definition,met,Defined,PCA 1978,s.7,https://www.legislation.gov.uk/ukpga/1978/37/section/7,"“indecent photograph” includes",1978-08-20,,In force (test),2025-01-01,high,${BY},2026-01-01\n`;
    const { entries, issues } = checkBaseline(new TextEncoder().encode(csv), "evidence.csv");
    expect(issues.map((i) => `${i.line}:${i.column}:${i.field}`)).toEqual(["2:7:citation_url", "3:7:citation_url", "4:8:quote", "5:9:effective_from"]);
    expect(issues[0]!.message).toBe("https://www.krisdika.go.th/ is a portal's home page, not a provision: cite the provision or the instrument's own page");
    expect(issues[1]!.message).toBe("https://peraturan.bpk.go.id/Search?keywords=44 is a search page (a search query in the address): cite the provision or the instrument's own page");
    expect(issues[2]!.message).toBe('"high" confidence says the provision text was read: quote the words read, or say "medium"');
    expect(issues[3]!.message).toMatch(/^a treaty answer needs the day it took effect for the State/);
    expect(entries.map((e) => `${e.row.jurisdiction_code} ${e.row.indicator_id}`)).toEqual(["DE treaty.opsc", "GB csam.definition"]);
  });

  it("http (not https) URLs, bad dates and bad confidence are rejected", () => {
    const csv = `${header}\nGB,csam.specific-law,met,r,t,p,http://example.org/a,,2025-01-01,,In force (test),2025-13-01,sure,${BY},2026-01-01\n`;
    const { issues } = checkBaseline(csv, "x.csv");
    expect(issues.map((i) => i.field).sort()).toEqual(["citation_url", "confidence", "verified_on"]);
  });

  it("unknown rows need no citation and quoted CSV fields with commas and newlines parse", () => {
    const csv = `${header}\nGB,tfe.sextortion,unknown,,,,,,,,,,,${BY},2026-01-01\nUS,tfe.grooming,met,"a, b\nc",T,"§1, §2",https://x.org/act/1,"he said ""hi""",2025-01-01,,In force (test),2025-01-01,low,${BY},2026-01-01\n`;
    const recs = parseBaseline(csv, "ok.csv");
    expect(recs[0]).toMatchObject({ value: "unknown", citations: [] });
    expect(recs[1]?.rationale).toBe("a, b\nc");
    expect(recs[1]?.citations[0]).toMatchObject({ provision: "§1, §2", quote: 'he said "hi"' });
  });

  it("maps each row to a record by the citation rule: literal records for a dated, an undated and an unknown row", () => {
    const csv =
      `${header}\n` +
      `GB,csam.specific-law,met,Has a law,Act,s.1,https://example.org/a,the words of s.1,2025-01-01,2030-01-01,In force (test),2025-02-01,high,${BY},2026-01-01\n` +
      `FR,csam.specific-law,partial,Narrow,Code,art. 2,https://example.org/b,,,,Date not established (test),2025-03-01,medium,${BY},2026-01-01\n` +
      `DE,csam.specific-law,unknown,,,,,,,,,,,${BY},2026-01-02\n`;
    expect(parseBaseline(csv, "rule.csv")).toEqual([
      {
        type: "assessment",
        jurisdictionCode: "GB",
        indicatorId: "csam.specific-law",
        value: "met",
        rationale: "Has a law",
        citations: [{ instrumentTitle: "Act", provision: "s.1", url: "https://example.org/a", quote: "the words of s.1" }],
        effectiveFrom: "2025-01-01",
        effectiveTo: "2030-01-01",
        effectiveBasis: "In force (test)",
        verifiedOn: "2025-02-01",
        confidence: "high",
      },
      {
        type: "assessment",
        jurisdictionCode: "FR",
        indicatorId: "csam.specific-law",
        value: "partial",
        rationale: "Narrow",
        citations: [{ instrumentTitle: "Code", provision: "art. 2", url: "https://example.org/b", quote: null }],
        effectiveFrom: null,
        effectiveTo: null,
        effectiveBasis: "Date not established (test)",
        verifiedOn: "2025-03-01",
        confidence: "medium",
      },
      // An unknown claims nothing: no citation; it was looked at on the day it was curated, with low confidence.
      { type: "assessment", jurisdictionCode: "DE", indicatorId: "csam.specific-law", value: "unknown", rationale: "", citations: [], effectiveFrom: null, effectiveTo: null, effectiveBasis: "", verifiedOn: "2026-01-02", confidence: "low" },
    ]);
  });

  it("names the line and column of each refusal: a short row, a bad code, a bad end date, a missing citation", () => {
    const csv =
      `${header}\n` +
      `GB,csam.specific-law,met\n` +
      `gbr,csam.specific-law,unknown,,,,,,,2025-02-30,,,,${BY},2026-01-01\n` +
      `GB,csam.simple-possession,met,r,,p,https://example.org/a,,,,basis,2025-01-01,low,${BY},2026-01-01\n`;
    expect(checkBaseline(csv, "bad.csv").issues).toEqual([
      { file: "bad.csv", line: 2, column: null, field: null, message: "expected 15 fields, found 3" },
      { file: "bad.csv", line: 3, column: 1, field: "jurisdiction_code", message: "must be ISO 3166-1 alpha-2, ISO 3166-2 or EU" },
      { file: "bad.csv", line: 3, column: 10, field: "effective_to", message: "must be a date YYYY-MM-DD" },
      { file: "bad.csv", line: 4, column: 5, field: "instrument_title", message: 'a "met" answer must have instrument_title (no legal fact without a citation)' },
    ]);
  });

  it("cross-validation refuses a known answer without a citation, and lets an uncited unknown pass", () => {
    const record = (value: "met" | "unknown") => ({
      type: "assessment" as const,
      jurisdictionCode: "GB",
      indicatorId: "csam.specific-law",
      value,
      rationale: "",
      citations: [],
      effectiveFrom: null,
      effectiveTo: null,
      effectiveBasis: "",
      verifiedOn: "2026-01-01",
      confidence: "low" as const,
    });
    const problems = (value: "met" | "unknown") =>
      validateKnowledgeBase({ indicators, recommendations, groups, baseline: [record(value)], jurisdictionCodes: jurisdictionCodes() });
    expect(problems("met")).toEqual([{ kind: "baseline_missing_citation", message: 'GB × csam.specific-law is "met" without a citation', where: "GB×csam.specific-law" }]);
    expect(problems("unknown")).toEqual([]);
  });

  it.each([
    ["2024-02-29", true],
    ["2025-02-29", false],
    ["2025-13-01", false],
    ["2025-1-01", false],
    ["2025-01-01T00:00:00Z", false],
    ["", false],
  ] as const)("isIsoDate(%j) is %s", (text, expected) => {
    expect(isIsoDate(text)).toBe(expected);
  });

  it("a missing column is an error", () => {
    expect(() => parseBaseline("jurisdiction_code,indicator_id\nGB,x.y\n", "h.csv")).toThrow(/missing columns/);
  });

  it("the Source parse() reads a baseline payload", () => {
    const body = read(join(dataDir, "baseline", baselineFiles[0]!));
    const out = curatedSource.parse({ url: `file:sources/curated/data/baseline/${baselineFiles[0]}`, body, contentType: "text/csv", fetchedAt: new Date().toISOString() });
    expect(out.length).toBeGreaterThan(0);
    expect(manifest.id).toBe("curated");
    expect(manifest.apiKey).toBeNull();
  });

  it("the Source parse() reads the three catalogues and refuses other files", () => {
    const kinds = (file: string) =>
      new Set(curatedSource.parse({ url: `file:///data/${file}`, body: read(join(dataDir, file)), contentType: null, fetchedAt: "2026-11-22T00:00:00Z" }).map((r) => r.type));
    expect(kinds("indicators.yaml")).toEqual(new Set(["indicator"]));
    expect(kinds("recommendations.yaml")).toEqual(new Set(["recommendation"]));
    expect(kinds("groups.yaml")).toEqual(new Set(["group"]));
    expect(() => curatedSource.parse({ url: "file:///data/notes.txt", body: new Uint8Array([1]), contentType: null, fetchedAt: "2026-11-22T00:00:00Z" })).toThrow(
      /handles indicators\.yaml/,
    );
  });

  it("the manifest reads the files from this checkout, catalogues before the baseline", () => {
    expect(manifest.baseUrl).toBe(`${pathToFileURL(dataDir).href}/`);
    expect(manifest.endpoints.map((e) => e.path).slice(0, 3)).toEqual(["indicators.yaml", "recommendations.yaml", "groups.yaml"]);
    // Every baseline file is loaded: a region file left out of the manifest would never reach a reader.
    expect(manifest.endpoints.filter((e) => e.path.startsWith("baseline/")).map((e) => e.path.slice("baseline/".length)).sort()).toEqual([...baselineFiles].sort());
  });
});

describe("jurisdictions and groups", () => {
  const all = listJurisdictions();
  it("lists ISO 3166-1 countries, the EU and sub-national units", () => {
    const states = all.filter((j) => j.kind === "state");
    expect(states.length).toBe(249);
    expect(all.find((j) => j.code === "EU")).toMatchObject({ kind: "supranational" });
    const sub = (p: string) => all.filter((j) => j.parentCode === p).length;
    expect(sub("US")).toBe(51);
    expect(sub("AU")).toBe(8);
    expect(sub("CA")).toBe(13);
    expect(all.find((j) => j.code === "US-CA")).toMatchObject({ name: "California", kind: "subnational", parentCode: "US" });
    expect(all.find((j) => j.code === "AU-VIC")?.name).toBe("Victoria");
    expect(all.find((j) => j.code === "CA-ON")?.name).toBe("Ontario");
    expect(codes.has("US-PR")).toBe(false);
    expect(codes.has("PR")).toBe(true);
    expect(new Set(all.map((j) => j.code)).size).toBe(all.length);
  });

  it("group members are valid jurisdictions and sizes match", () => {
    const size = (id: string) => groups.groups.find((g) => g.id === id)?.members.length;
    expect(size("osce")).toBe(57);
    expect(size("eu")).toBe(27);
    expect(size("coe")).toBe(46);
    expect(size("bali-process")).toBe(45);
    expect(size("asean")).toBe(11);
    expect(size("g7")).toBe(7);
    for (const g of groups.groups) for (const m of g.members) expect(codes.has(m), `${g.id}: ${m}`).toBe(true);
  });

  it("the baseline covers the scope asked for", () => {
    const juris = new Set(baseline.filter((e) => e.record.value !== "unknown").map((e) => e.record.jurisdictionCode));
    const states = [...juris].filter((c) => /^[A-Z]{2}$/.test(c) && c !== "EU");
    expect(states.length).toBeGreaterThanOrEqual(40);
    expect(juris).toContain("EU");
    expect([...juris].filter((c) => c.startsWith("US-")).length).toBeGreaterThanOrEqual(15);
    for (const g7 of groups.groups.find((g) => g.id === "g7")!.members) expect(juris).toContain(g7);
  });
});
