import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { source } from "../../sources/legislation-gov-uk";
import { parse } from "../../sources/legislation-gov-uk/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentRecord,
  type Payload,
} from "../../sources/types";

const FEED_URL = "https://www.legislation.gov.uk/all/data.feed?sort=published";
const feedBytes = readFileSync(
  new URL("../fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml", import.meta.url),
);
const feedText = feedBytes.toString("utf8");

const payload = (body: Uint8Array | string, contentType: string | null = "application/atom+xml; charset=utf-8"): Payload => ({
  url: FEED_URL,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType,
});

const byId = (records: InstrumentRecord[], path: string): InstrumentRecord => {
  const found = records.find((r) => r.externalId === `http://www.legislation.gov.uk/id/${path}`);
  if (!found) throw new Error(`no record ${path}`);
  return found;
};

describe("legislation.gov.uk Atom feed (recorded 2015-12-16)", () => {
  const records = parse(payload(feedBytes));

  it("yields one instrument per entry", () => {
    expect(records).toHaveLength(20);
    expect(records.every((r) => r.type === "instrument" && r.stage === "enacted")).toBe(true);
  });

  it("maps a UK statutory instrument", () => {
    expect(byId(records, "uksi/2015/2028")).toEqual({
      type: "instrument",
      externalId: "http://www.legislation.gov.uk/id/uksi/2015/2028",
      jurisdictionCode: "GB",
      title: "The Police and Crime Commissioner Elections (Designation of Local Authorities) Order 2015",
      kind: "regulation",
      stage: "enacted",
      introducedOn: null,
      enactedOn: "2015-12-14",
      inForceOn: null,
      identifiers: { legislationGovUk: "uksi/2015/2028", year: "2015", number: "2028" },
      officialUrl: "https://www.legislation.gov.uk/uksi/2015/2028",
      sourceUpdatedAt: "2015-12-16T08:56:57.487Z",
      summary: expect.stringMatching(
        /^This Order designates for the purposes of section 75\(1\) of the Police Reform and Social Responsibility Act 2011 .*police and crime commissioners\)\.$/,
      ),
      topics: [],
    });
  });

  it("maps a Scottish SI with an empty summary and no creation date", () => {
    const ssi = byId(records, "ssi/2015/425");
    expect(ssi).toMatchObject({
      title: "The Scottish Parliament (Elections etc.) Order 2015",
      jurisdictionCode: "GB-SCT",
      kind: "regulation",
      enactedOn: null,
      summary: null,
      officialUrl: "https://www.legislation.gov.uk/ssi/2015/425",
      sourceUpdatedAt: "2015-12-16T08:56:57.487Z",
    });
  });

  it("maps a Northern Ireland statutory rule", () => {
    expect(byId(records, "nisr/2015/408")).toMatchObject({
      title: "The Common Agricultural Policy (Review of SCMO Decisions) Regulations (Northern Ireland) 2015",
      jurisdictionCode: "GB-NIR",
      kind: "regulation",
      enactedOn: "2015-12-10",
      identifiers: { legislationGovUk: "nisr/2015/408", year: "2015", number: "408" },
    });
  });

  it("takes the English parts of a bilingual Welsh SI (xhtml title and summary)", () => {
    const wsi = byId(records, "wsi/2015/1975");
    expect(wsi).toMatchObject({
      title: "The Agricultural Holdings (Units of Production) (Wales) (No. 3) Order 2015",
      jurisdictionCode: "GB-WLS",
      kind: "regulation",
      enactedOn: "2015-12-02",
      officialUrl: "https://www.legislation.gov.uk/wsi/2015/1975",
      sourceUpdatedAt: "2015-12-14T23:59:59Z",
    });
    expect(wsi.summary).toMatch(/^This Order prescribes units of production for the assessment/);
    expect(wsi.summary).not.toMatch(/Gorchymyn/);
  });

  it("reads the entry's own metadata, not the superseded draft's", () => {
    // uksi/2015/2018 nests <ukm:Supersedes> with a UnitedKingdomDraftStatutoryInstrument inside.
    expect(byId(records, "uksi/2015/2018")).toMatchObject({
      title: "The National Health Service (Licensing and Pricing) (Amendment) Regulations 2015",
      stage: "enacted",
      enactedOn: "2015-12-10",
    });
  });

  it("normalises every official URL to https://www.legislation.gov.uk", () => {
    for (const r of records) expect(r.officialUrl).toMatch(/^https:\/\/www\.legislation\.gov\.uk\/(uksi|ssi|wsi|nisr)\/2015\/\d+$/);
  });

  it("tags none of these 2015 instruments with a topic (all off-topic)", () => {
    expect(records.flatMap((r) => r.topics)).toEqual([]);
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(feedBytes);
    expect(parse(payload(copy))).toEqual(records);
    expect(copy.equals(feedBytes)).toBe(true);
  });

  it("decodes without a Content-Type (XML defaults to UTF-8)", () => {
    expect(parse(payload(feedBytes, null))).toEqual(records);
  });

  it("is wired as the source's parse", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest.id).toBe("legislation-gov-uk");
  });
});

describe("legislation.gov.uk document types (derived: the recorded feed with one ukm:DocumentMainType rewritten)", () => {
  const withType = (type: string): InstrumentRecord =>
    byId(
      parse(
        payload(
          feedText.replace(
            '<ukm:DocumentMainType Value="UnitedKingdomStatutoryInstrument"/><ukm:Year Value="2015"/><ukm:Number Value="2028"/>',
            `<ukm:DocumentMainType Value="${type}"/><ukm:Year Value="2015"/><ukm:Number Value="2028"/>`,
          ),
        ),
      ),
      "uksi/2015/2028",
    );

  it.each([
    ["UnitedKingdomPublicGeneralAct", "act", "GB"],
    ["ScottishAct", "act", "GB-SCT"],
    ["WelshParliamentAct", "act", "GB-WLS"],
    ["NorthernIrelandOrderInCouncil", "act", "GB-NIR"],
    ["UnitedKingdomChurchMeasure", "act", "GB"],
    ["WelshStatutoryInstrument", "regulation", "GB-WLS"],
    ["EuropeanUnionDirective", "directive", "EU"],
    ["SomeFutureType", "other", "GB"],
  ])("%s → %s in %s", (type, kind, jurisdictionCode) => {
    expect(withType(type)).toMatchObject({ kind, jurisdictionCode, stage: "enacted" });
  });

  it("a draft instrument is laid, not made: stage introduced, no enactment date", () => {
    expect(withType("UnitedKingdomDraftStatutoryInstrument")).toMatchObject({
      kind: "regulation",
      stage: "introduced",
      enactedOn: null,
    });
  });
});

describe("legislation.gov.uk errors", () => {
  it("rejects the recorded feed cut in half (truncated download)", () => {
    const cut = feedBytes.subarray(0, Math.floor(feedBytes.length / 2));
    expect(() => parse(payload(cut))).toThrow(UnexpectedFormatError);
  });

  it("rejects the recorded feed cut just before </feed>", () => {
    const cut = feedBytes.subarray(0, feedText.lastIndexOf("</feed>"));
    expect(() => parse(payload(cut))).toThrow(/truncated/);
  });

  it("throws EmptyParseError for the recorded feed with its entries removed (derived)", () => {
    const empty = feedText.replace(/<entry>[\s\S]*<\/entry>/, "");
    expect(() => parse(payload(empty))).toThrow(EmptyParseError);
  });

  it("rejects an entry without an id (derived from the recorded feed)", () => {
    const noId = feedText.replace("<id>http://www.legislation.gov.uk/id/uksi/2015/2026</id>", "");
    expect(() => parse(payload(noId))).toThrow(/entry 2 has no id or title/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>legislation.gov.uk - Service unavailable</title></head>
<body><h1>Sorry, this service is temporarily unavailable</h1><p>We are carrying out planned maintenance. Please try again later.</p></body></html>`;
    expect(() => parse(payload(html, "text/html; charset=utf-8"))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for an ordinary HTML page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html><head><title>Search Legislation</title></head><body><h1>Search results</h1></body></html>`;
    expect(() => parse(payload(html, "text/html"))).toThrow(UnexpectedFormatError);
  });

  it("throws UnexpectedFormatError for JSON (constructed, not a recording)", () => {
    expect(() => parse(payload('{"results":[]}', "application/json"))).toThrow(UnexpectedFormatError);
  });

  it("throws UnexpectedFormatError for an empty body and for non-Atom XML", () => {
    expect(() => parse(payload(""))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload('<?xml version="1.0"?><rss version="2.0"><channel/></rss>'))).toThrow(
      /root element is <rss>/,
    );
  });
});
