import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/canada-justice-laws";
import { manifest } from "../../sources/canada-justice-laws/manifest";
import { parse } from "../../sources/canada-justice-laws/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/canada-justice-laws/${name}`, import.meta.url));
const reportingBytes = fixture("eng-acts-I-20.7.mandatory-reporting-internet-child-pornography.xml");
const reportingText = reportingBytes.toString("utf8");
const codeText = fixture("C-46.criminal-code-s163.1.from-docs.xml").toString("utf8");

const payload = (body: Uint8Array | string, url = "https://laws-lois.justice.gc.ca/eng/XML/I-20.7.xml"): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/xml",
  fetchedAt: "2019-06-22T12:00:00.000Z",
});
const only = (records: InstrumentRecord[]): InstrumentRecord => {
  const [record, ...rest] = records;
  if (!record || rest.length > 0) throw new Error(`expected one record, got ${records.length}`);
  return record;
};

describe("Justice Laws: I-20.7 mandatory reporting Act (recording, current to 2019-06-21)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(reportingBytes));
  });

  it("yields the Act with its dates, chapter and consolidated number", () => {
    expect(only(records)).toEqual({
      type: "instrument",
      externalId: "https://laws-lois.justice.gc.ca/eng/acts/I-20.7/",
      jurisdictionCode: "CA",
      title: "An Act respecting the mandatory reporting of Internet child pornography by persons who provide an Internet service",
      kind: "act",
      stage: "in_force",
      introducedOn: null,
      enactedOn: "2011-03-23",
      inForceOn: "2011-12-08",
      identifiers: { consolidatedNumber: "I-20.7", chapter: "S.C. 2011, c. 4", billNumber: "C-22" },
      officialUrl: "https://laws-lois.justice.gc.ca/eng/acts/I-20.7/",
      sourceUpdatedAt: "2011-12-08",
      summary: "Last amended 2011-12-08.",
      topics: [
        {
          topic: "platform-duties",
          reason: "tracked instrument: S.C. 2011, c. 4 puts reporting and preservation duties on providers of Internet services",
        },
      ],
    });
  });

  it("takes identity from the body, so a file:// path works", () => {
    expect(parse(payload(reportingBytes, "file:///tmp/I-20.7.xml"))).toEqual(records);
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(reportingBytes);
    expect(parse(payload(copy))).toEqual(records);
    expect(copy.equals(reportingBytes)).toBe(true);
  });

  it("an Act assented to but not in force is enacted, with no in-force date (derived: in-force=\"no\")", () => {
    const notInForce = reportingText.replace('in-force="yes"', 'in-force="no"');
    expect(only(parse(payload(notInForce)))).toMatchObject({ stage: "enacted", enactedOn: "2011-03-23", inForceOn: null });
  });

  it("is wired as the source's parse", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest).toBe(manifest);
  });
});

describe("Justice Laws: Criminal Code C-46 (from-docs: I-20.7's element structure, C-46 values; no C-46 recording)", () => {
  const codeUrl = "https://laws-lois.justice.gc.ca/eng/XML/C-46.xml";
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let record: ReturnType<typeof only>;
  beforeEach(() => {
    record = only(parse(payload(codeText, codeUrl)));
  });

  it("yields the Code with section 163.1's heading, marginal note and amendment date in the summary", () => {
    expect(record).toEqual({
      type: "instrument",
      externalId: "https://laws-lois.justice.gc.ca/eng/acts/C-46/",
      jurisdictionCode: "CA",
      title: "Criminal Code",
      kind: "act",
      stage: "in_force",
      introducedOn: null,
      // A Revised Statutes chapter: no annual chapter and no assent stage in the XML.
      enactedOn: null,
      inForceOn: "2018-12-18",
      identifiers: { consolidatedNumber: "C-46" },
      officialUrl: "https://laws-lois.justice.gc.ca/eng/acts/C-46/",
      sourceUpdatedAt: "2026-06-15",
      summary:
        "An Act respecting the Criminal Law. Last amended 2026-06-15. Section 163.1 (Offences Tending to Corrupt Morals): " +
        "Definition of child sexual abuse and exploitation material; section last amended 2025-10-10.",
      topics: [
        {
          topic: "ai-csam",
          reason:
            'tracked instrument: section 163.1 "Definition of child sexual abuse and exploitation material" holds the child sexual abuse material offences',
        },
      ],
    });
  });

  it("without section 163.1 the Code is still yielded, untagged and without the section sentence", () => {
    const withoutSection = codeText.replace(/<Section [^>]*lims:fid="118384"[\s\S]*?<\/Section>/, "");
    expect(withoutSection).not.toContain("163.1");
    expect(only(parse(payload(withoutSection, codeUrl)))).toMatchObject({
      title: "Criminal Code",
      summary: "An Act respecting the Criminal Law. Last amended 2026-06-15.",
      topics: [],
    });
  });

  it("finds the section when its label carries a footnote marker (derived)", () => {
    const footnoted = codeText.replace(
      "<Label>163.1</Label>",
      '<Label><FootnoteRef idref="fn_1">*</FootnoteRef>163.1</Label>',
    );
    expect(only(parse(payload(footnoted, codeUrl))).summary).toBe(record.summary);
  });

  it("finds the section behind megabytes of other sections (derived: padded to the real Code's size)", () => {
    const sectionOne = /<Section [^>]*lims:fid="115007"[\s\S]*?<\/Section>/.exec(codeText)?.[0] ?? "";
    const filler = Array.from({ length: 20_000 }, (_, i) => sectionOne.replace("<Label>1</Label>", `<Label>${i + 2}</Label>`)).join("");
    const large = codeText.replace(sectionOne, sectionOne + filler);
    expect(large.length).toBeGreaterThan(5_535_750);
    expect(only(parse(payload(large, codeUrl)))).toEqual(record);
  });

  it("names the nearest heading above the section (derived: its own heading removed)", () => {
    const noHeading = codeText.replace(/<Heading [^>]*lims:fid="118363"[\s\S]*?<\/Heading>/, "");
    expect(only(parse(payload(noHeading, codeUrl))).summary).toBe(
      "An Act respecting the Criminal Law. Last amended 2026-06-15. Section 163.1 (Short Title): " +
        "Definition of child sexual abuse and exploitation material; section last amended 2025-10-10.",
    );
  });
});

describe("Justice Laws errors", () => {
  it("rejects the recording cut in half (truncated download)", () => {
    const cut = reportingBytes.subarray(0, Math.floor(reportingBytes.length / 2));
    expect(() => parse(payload(cut))).toThrow(/truncated/);
  });

  it("rejects the recording cut just before </Statute>", () => {
    const cut = reportingText.slice(0, reportingText.lastIndexOf("</Statute>"));
    expect(() => parse(payload(cut))).toThrow(UnexpectedFormatError);
  });

  it("rejects a Statute without Identification (derived from the recording)", () => {
    const noIdentification = reportingText.replace(/<Identification[\s\S]*<\/Identification>/, "");
    expect(() => parse(payload(noIdentification))).toThrow(/no <Identification>/);
  });

  it("rejects an Identification without a consolidated number (derived from the recording)", () => {
    const noNumber = reportingText.replace('<ConsolidatedNumber official="no">I-20.7</ConsolidatedNumber>', "");
    expect(() => parse(payload(noNumber))).toThrow(/no title or no ConsolidatedNumber/);
  });

  it("throws EmptyParseError for the recording's Statute element with nothing inside (derived)", () => {
    const empty = reportingText.replace(/(<Statute[^>]*>)[\s\S]*(<\/Statute>)$/, "$1$2");
    expect(() => parse(payload(empty))).toThrow(EmptyParseError);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html lang="en"><head><title>Justice Laws Website - Maintenance</title></head>
<body><h1>The site is temporarily unavailable / Le site est temporairement indisponible</h1></body></html>`;
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for an ordinary HTML page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html><head><title>Criminal Code</title></head><body><h1>Criminal Code (R.S.C., 1985, c. C-46)</h1></body></html>`;
    expect(() => parse(payload(html))).toThrow(/HTML page instead of a Justice Laws <Statute> document/);
  });

  it("throws UnexpectedFormatError for JSON, an empty body and a regulation's root (constructed)", () => {
    expect(() => parse(payload('{"acts":[]}'))).toThrow(/JSON/);
    expect(() => parse(payload(""))).toThrow(/empty body/);
    expect(() => parse(payload('<?xml version="1.0"?><Regulation></Regulation>'))).toThrow(/root element is <Regulation>/);
  });
});

describe("Justice Laws manifest", () => {
  it("fetches the two tracked Acts' XML without a key", () => {
    expect(manifest.id).toBe("canada-justice-laws");
    expect(manifest.apiKey).toBeNull();
    expect(manifest.baseUrl).toBe("https://laws-lois.justice.gc.ca");
    expect(manifest.endpoints.map((e) => e.path)).toEqual(["/eng/XML/I-20.7.xml", "/eng/XML/C-46.xml"]);
  });

  it("accepts a body the size of the Criminal Code (5.5 million characters, some multi-byte)", () => {
    expect(manifest.politeness.maxBodyBytes).toBeGreaterThan(3 * 5_535_750);
  });
});
