import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { citedInstrumentId, instrumentKey } from "../../domain/citations";
import { checkBaseline, citedInstruments, curatedSource, indicatorTopic, jurisdictionCodes, parseGroups, parseIndicators, parseRecommendations, validateKnowledgeBase } from "../../sources/curated";
import type { AssessmentRecord, InstrumentRecord } from "../../sources/types";

// Hand-written answers: each test states what the instrument derived from them must say.
function answer(over: Partial<AssessmentRecord> & { title?: string; url?: string; provision?: string }): AssessmentRecord {
  const { title = "Criminal Code", url = "https://laws.example.gov/criminal-code/art-1", provision = "art. 1", ...rest } = over;
  return {
    type: "assessment",
    jurisdictionCode: "RO",
    indicatorId: "csam.specific-law",
    value: "met",
    rationale: "r",
    citations: [{ instrumentTitle: title, provision, url, quote: null }],
    effectiveFrom: "2014-02-01",
    effectiveTo: null,
    effectiveBasis: "b",
    verifiedOn: "2026-12-06",
    confidence: "medium",
    ...rest,
  };
}

const only = (records: InstrumentRecord[]) => {
  expect(records).toHaveLength(1);
  return records[0]!;
};

describe("instrumentKey: one law under its different spellings", () => {
  it.each([
    ["Criminal Code (Law No. 286/2009)", "criminal code"],
    ["Criminal code", "criminal code"],
    ["Online Safety Act 2023 (c. 50)", "online safety act 2023"],
    ["Penal Code, s.377BK", "penal code"],
    ["Türk Ceza Kanunu (Turkish Penal Code, Law No. 5237)", "türk ceza kanunu"],
    ["(untitled)", "untitled"],
    ["Sexual Offences Act 2003 (c. 42), s.66B inserted by Online Safety Act 2023 s.188", "sexual offences act 2003"],
    ["Penal Code (Sri Lanka), s.286A as inserted by Act No. 22 of 1995", "penal code"],
    ["Criminal Code, art. 374", "criminal code"],
    ["Strafgesetzbuch, § 184b", "strafgesetzbuch"],
    ["Act No. 5, Schedule 2", "act no 5 schedule 2"],
  ])("%s → %s", (title, key) => expect(instrumentKey(title)).toBe(key));

  it("the id names the jurisdiction: the same title in two jurisdictions is two instruments", () => {
    expect(citedInstrumentId("RO", "Criminal Code (Law No. 286/2009)")).toBe("cited:RO:criminal code");
    expect(citedInstrumentId("MD", "Criminal Code")).toBe("cited:MD:criminal code");
  });
});

describe("citedInstruments: the laws an answer file cites", () => {
  it("answers citing one law under two spellings make one instrument, with the usual title and the shortest address", () => {
    const i = only(
      citedInstruments([
        answer({ title: "Criminal Code", url: "https://laws.example.gov/criminal-code/art-374" }),
        answer({ indicatorId: "tfe.grooming", title: "Criminal Code (Law No. 286/2009)", url: "https://laws.example.gov/criminal-code/art-2221", effectiveFrom: "2014-02-01" }),
        answer({ indicatorId: "csam.isp-reporting", value: "not_met", url: "https://laws.example.gov/criminal-code", effectiveFrom: "2020-05-01" }),
      ]),
    );
    expect(i).toEqual({
      type: "instrument",
      externalId: "cited:RO:criminal code",
      jurisdictionCode: "RO",
      title: "Criminal Code",
      kind: "code",
      stage: "in_force",
      introducedOn: null,
      enactedOn: null,
      inForceOn: null,
      identifiers: {},
      officialUrl: "https://laws.example.gov/criminal-code",
      sourceUpdatedAt: null,
      summary:
        "Cited by Harmonia's answers on csam.isp-reporting, csam.specific-law, tfe.grooming. The earliest cited provision in the form described took effect on 2014-02-01.",
      topics: [
        { topic: "ai-csam", reason: "cited by the answer on csam.specific-law" },
        { topic: "tf-exploitation", reason: "cited by the answer on tfe.grooming" },
        { topic: "platform-duties", reason: "cited by the answer on csam.isp-reporting" },
      ],
    });
  });

  it("between spellings used as often, the longest is the title", () => {
    const i = only(citedInstruments([answer({ title: "Criminal Code" }), answer({ indicatorId: "tfe.grooming", title: "Criminal Code (Law No. 286/2009)" })]));
    expect(i.title).toBe("Criminal Code (Law No. 286/2009)");
  });

  it("unknown answers cite nothing; two jurisdictions citing one title get one instrument each", () => {
    const records = citedInstruments([
      answer({ value: "unknown", title: "Old Act" }),
      answer({ jurisdictionCode: "MD" }),
      answer({}),
    ]);
    expect(records.map((r) => r.externalId)).toEqual(["cited:MD:criminal code", "cited:RO:criminal code"]);
  });

  it.each([
    // [title, values of the citing answers, kind, stage]
    ["Online Safety Act 2023", ["met"], "act", "in_force"],
    ["Directive 2011/93/EU", ["partial"], "directive", "enacted"],
    ["Directive 2011/36/EU", ["partial", "met"], "directive", "in_force"],
    ["Regulation (EU) 2022/2065", ["not_met"], "regulation", "in_force"],
    ["Penal Code", ["reserved"], "code", "in_force"],
    ["Online Safety Bill", ["partial", "pending"], "act", "enacted"],
    ["Proposal for a recast Directive, COM(2024) 60", ["pending"], "bill", "introduced"],
    ["Online Safety Amendment Bill 2025", ["pending"], "bill", "introduced"],
    ["AB 1831 Bill (2024)", ["met", "pending"], "act", "in_force"],
    ["Digital Platforms Act 2026", ["pending"], "act", "unknown"],
    ["Entwurf eines Gesetzes zum strafrechtlichen Schutz von Persönlichkeitsrechten vor Deepfakes", ["pending"], "bill", "introduced"],
    ["Massachusetts H.1931 (194th General Court)", ["pending"], "bill", "introduced"],
    ["Ohio SB 163 (136th General Assembly)", ["pending"], "bill", "introduced"],
    ["California AB 1831 (2024), Ch. 926, Statutes of 2024", ["met"], "act", "in_force"],
    ["Habeas Act 1679", ["pending"], "act", "unknown"],
    ["Penal Code (Sri Lanka), s.286A", ["met"], "code", "in_force"],
  ] as const)("%s cited as %j is a %s, stage %s", (title, values, kind, stage) => {
    const i = only(citedInstruments(values.map((value, n) => answer({ title, value, indicatorId: `tfe.x${n}` }))));
    expect([i.kind, i.stage]).toEqual([kind, stage]);
  });

  it("a law whose every cited provision takes effect after it was read is enacted, not in force", () => {
    const later = only(citedInstruments([answer({ effectiveFrom: "2027-06-14", verifiedOn: "2026-12-06" })]));
    expect(later.stage).toBe("enacted");
    const mixed = citedInstruments([answer({ effectiveFrom: "2027-06-14" }), answer({ indicatorId: "tfe.grooming", effectiveFrom: "2026-12-06" })]);
    expect(only(mixed).stage).toBe("in_force");
    // A partial answer in effect does not show the law in force; a met one in the future does not either.
    const partlyNow = citedInstruments([answer({ effectiveFrom: "2027-06-14" }), answer({ indicatorId: "tfe.grooming", value: "partial", effectiveFrom: "2020-01-01" })]);
    expect(only(partlyNow).stage).toBe("enacted");
    const undated = only(citedInstruments([answer({ effectiveFrom: null })]));
    expect([undated.stage, undated.summary]).toEqual(["in_force", "Cited by Harmonia's answer on csam.specific-law."]);
  });

  it("a treaty binds the State from the day it entered into force for it; a signatory has signed; a State not bound has no instrument", () => {
    const treaty = { title: "Optional Protocol (OPSC)", url: "https://treaties.un.org/Pages/ViewDetails.aspx?mtdsg_no=IV-11-c" };
    const ratified = only(citedInstruments([answer({ ...treaty, indicatorId: "treaty.opsc", effectiveFrom: "2001-11-18", rationale: "Party (ratification 2001-10-18)." })]));
    expect([ratified.kind, ratified.stage, ratified.inForceOn, ratified.summary]).toEqual(["treaty", "ratified", "2001-11-18", "Cited by Harmonia's answer on treaty.opsc."]);
    expect(ratified.topics).toEqual([{ topic: "treaties", reason: "cited by the answer on treaty.opsc" }]);
    const acceded = only(citedInstruments([answer({ ...treaty, indicatorId: "treaty.opsc", value: "reserved", effectiveFrom: "2003-02-01", effectiveBasis: "Accession deposited 2003-01-01." })]));
    expect([acceded.stage, acceded.inForceOn]).toEqual(["acceded", "2003-02-01"]);
    const signed = only(citedInstruments([answer({ ...treaty, indicatorId: "treaty.opsc", value: "partial", effectiveFrom: "2000-09-06" })]));
    expect([signed.stage, signed.inForceOn]).toEqual(["signed", null]);
    expect(citedInstruments([answer({ ...treaty, indicatorId: "treaty.opsc", value: "not_met", effectiveFrom: "2000-05-25" })])).toEqual([]);
  });
});

describe("indicatorTopic agrees with the catalogue", () => {
  it("every indicator's topic in indicators.yaml", () => {
    const catalogue = parseIndicators(new Uint8Array(readFileSync("sources/curated/data/indicators.yaml")));
    expect(catalogue.indicators.filter((i) => indicatorTopic(i.id) !== i.topic).map((i) => i.id)).toEqual([]);
    expect(indicatorTopic("nothing.here")).toBeNull();
  });
});

describe("a baseline file yields its cited instruments", () => {
  const header =
    "jurisdiction_code,indicator_id,value,rationale,instrument_title,provision,citation_url,quote,effective_from,effective_to,effective_basis,verified_on,confidence,curated_by,curated_on";
  const row = (code: string, indicator: string, title: string) =>
    `${code},${indicator},met,r,${title},art. 1,https://laws.example.gov/${code}/code/art-1,,2014-02-01,,In force (test),2026-12-06,medium,Harmonia research team,2026-12-06`;

  it("parse() returns the answers and then one instrument per cited law", () => {
    const records = curatedSource.parse({
      url: "file:///data/baseline/national-law.test.csv",
      body: new TextEncoder().encode(`${header}\n${row("RO", "csam.specific-law", "Criminal Code")}\n${row("RO", "tfe.grooming", "Criminal Code")}\n`),
      contentType: "text/csv",
      fetchedAt: "2026-12-06T00:00:00Z",
    });
    expect(records.map((r) => (r.type === "instrument" ? `instrument ${r.externalId}` : r.type))).toEqual(["assessment", "assessment", "instrument cited:RO:criminal code"]);
  });

  it("one law of one jurisdiction cited from two files is refused: each file would make its own record of it", () => {
    const read = (f: string) => new Uint8Array(readFileSync(`sources/curated/data/${f}`));
    const entries = (file: string, body: string) => checkBaseline(`${header}\n${body}\n`, file).entries;
    const problems = validateKnowledgeBase({
      indicators: parseIndicators(read("indicators.yaml")),
      recommendations: parseRecommendations(read("recommendations.yaml")),
      groups: parseGroups(read("groups.yaml")),
      baseline: [
        ...entries("a.csv", row("RO", "csam.specific-law", "Criminal Code")),
        ...entries("b.csv", [row("RO", "tfe.grooming", "Criminal Code (Law No. 286/2009)"), row("MD", "tfe.grooming", "Criminal Code")].join("\n")),
      ],
      jurisdictionCodes: jurisdictionCodes(),
    });
    expect(problems).toEqual([
      {
        kind: "baseline_instrument_split",
        message: `RO's "Criminal Code (Law No. 286/2009)" is also cited in a.csv: keep a jurisdiction's answers citing one law in one file`,
        where: "b.csv:2",
      },
    ]);
  });
});
