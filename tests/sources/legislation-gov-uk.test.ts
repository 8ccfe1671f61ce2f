import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
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
  fetchedAt: "2015-12-16T12:00:00.000Z",
});

const byId = (records: InstrumentRecord[], path: string): InstrumentRecord => {
  const found = records.find((r) => r.externalId === `http://www.legislation.gov.uk/id/${path}`);
  if (!found) throw new Error(`no record ${path}`);
  return found;
};

describe("legislation.gov.uk Atom feed (recorded 2015-12-16)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(feedBytes));
  });

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

const clmlFixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/legislation-gov-uk/${name}`, import.meta.url));
const actBytes = clmlFixture("asp-2015-13-contents-enacted.data.clml.xml");
const actText = actBytes.toString("utf8");
const siBytes = clmlFixture("uksi-2015-1978-contents-made.data.clml.xml");
const siText = siBytes.toString("utf8");
/** The recorded CLML documents were copied on 2015-12-15 (roddicki/legislation-parser commit d61cb93). */
const clmlPayload = (body: Uint8Array | string, fetchedAt = "2015-12-15T12:00:00.000Z"): Payload => ({
  url: "https://www.legislation.gov.uk/uksi/2015/1978/contents/made/data.xml",
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/xml",
  fetchedAt,
});
const single = (records: InstrumentRecord[]): InstrumentRecord => {
  const [record, ...rest] = records;
  if (!record || rest.length > 0) throw new Error(`expected one record, got ${records.length}`);
  return record;
};

describe("legislation.gov.uk CLML metadata (recorded enacted Scottish Act and made UK SI, 2015)", () => {
  it("maps an enacted Act: enactment date, long title as summary, not claimed in force", () => {
    expect(single(parse(clmlPayload(actBytes)))).toEqual({
      type: "instrument",
      externalId: "http://www.legislation.gov.uk/id/asp/2015/13",
      jurisdictionCode: "GB-SCT",
      title: "Harbours (Scotland) Act 2015",
      kind: "act",
      stage: "enacted",
      introducedOn: null,
      enactedOn: "2015-12-02",
      inForceOn: null,
      identifiers: { legislationGovUk: "asp/2015/13", year: "2015", number: "13" },
      officialUrl: "https://www.legislation.gov.uk/asp/2015/13",
      sourceUpdatedAt: "2015-12-10",
      summary:
        "An Act of the Scottish Parliament to repeal sections 10 to 12 of the Ports Act 1991 and amend Schedules 3 and 4 to the Harbours Act 1964.",
      topics: [],
    });
  });

  it("maps a made SI whose coming-into-force date is still ahead of the fetch: made, in force on 2016-01-01", () => {
    expect(single(parse(clmlPayload(siBytes)))).toEqual({
      type: "instrument",
      externalId: "http://www.legislation.gov.uk/id/uksi/2015/1978",
      jurisdictionCode: "GB",
      title: "The Value Added Tax (Amendment) Regulations 2015",
      kind: "regulation",
      stage: "enacted",
      introducedOn: null,
      enactedOn: "2015-12-07",
      inForceOn: "2016-01-01",
      identifiers: { legislationGovUk: "uksi/2015/1978", year: "2015", number: "1978" },
      officialUrl: "https://www.legislation.gov.uk/uksi/2015/1978",
      sourceUpdatedAt: "2015-12-08",
      summary:
        "These Regulations come into force in accordance with regulation 2 and amend Part 14 (input tax and partial exemption) of the Value Added Tax Regulations 1995 (S.I. 1995/2518) (“the VAT Regulations”).",
      topics: [],
    });
  });

  it("the same SI fetched after its coming-into-force date is in force", () => {
    expect(single(parse(clmlPayload(siBytes, "2016-01-01T09:00:00.000Z")))).toMatchObject({ stage: "in_force", inForceOn: "2016-01-01" });
  });

  it("takes the earliest of several coming-into-force dates (derived: a second, earlier date added)", () => {
    const staged = siText.replace('<ukm:DateTime Date="2016-01-01"/>', '<ukm:DateTime Date="2016-01-01"/><ukm:DateTime Date="2015-12-10"/>');
    expect(single(parse(clmlPayload(staged)))).toMatchObject({ stage: "in_force", inForceOn: "2015-12-10" });
  });

  it("a draft SI is introduced, with no made or in-force date (derived: DocumentMainType rewritten)", () => {
    const draft = siText.replace("UnitedKingdomStatutoryInstrument", "UnitedKingdomDraftStatutoryInstrument");
    expect(single(parse(clmlPayload(draft, "2016-02-01T00:00:00.000Z")))).toMatchObject({
      stage: "introduced",
      enactedOn: null,
      inForceOn: null,
    });
  });

  it("reads the English title of a bilingual document (derived: a Welsh dc:title put first)", () => {
    const bilingual = actText.replace("<dc:title>", '<dc:title xml:lang="cy">Deddf Harbwrs (Yr Alban) 2015</dc:title><dc:title>');
    expect(single(parse(clmlPayload(bilingual))).title).toBe("Harbours (Scotland) Act 2015");
  });

  it("is pure and takes its identity from the body (file:// URL, no Content-Type)", () => {
    const records = parse(clmlPayload(siBytes));
    const copy = Buffer.from(siBytes);
    expect(parse({ ...clmlPayload(copy), url: "file:///tmp/uksi-2015-1978.xml", contentType: null })).toEqual(records);
    expect(copy.equals(siBytes)).toBe(true);
  });
});

describe("legislation.gov.uk CLML revised versions (derived: the recorded Act marked revised, with dct:valid and RestrictStartDate)", () => {
  const revised = (rootAttributes: string): string =>
    actText
      .replace('<ukm:DocumentStatus Value="final"/>', '<ukm:DocumentStatus Value="revised"/>')
      .replace("<dc:modified>2015-12-10</dc:modified>", "<dc:modified>2016-03-02</dc:modified><dct:valid>2016-03-01</dct:valid>")
      .replace('NumberOfProvisions="4"', `NumberOfProvisions="4" ${rootAttributes}`);

  it("a revised text in effect by its valid date is in force (no commencement date claimed)", () => {
    expect(single(parse(clmlPayload(revised('RestrictStartDate="2016-02-01"'))))).toMatchObject({
      stage: "in_force",
      enactedOn: "2015-12-02",
      inForceOn: null,
      sourceUpdatedAt: "2016-03-02",
    });
  });

  it("a revised text starting after its valid date, or prospective, is only enacted", () => {
    expect(single(parse(clmlPayload(revised('RestrictStartDate="2016-04-01"')))).stage).toBe("enacted");
    expect(single(parse(clmlPayload(revised('RestrictStartDate="2016-02-01" Status="Prospective"')))).stage).toBe("enacted");
  });

  it("a revised text marked Repealed is repealed", () => {
    expect(single(parse(clmlPayload(revised('RestrictStartDate="2016-02-01" Status="Repealed"')))).stage).toBe("repealed");
  });

  it("ignores RestrictStartDate on a version that is not revised (the recording as enacted)", () => {
    const enacted = actText.replace('NumberOfProvisions="4"', 'NumberOfProvisions="4" RestrictStartDate="2015-12-03"');
    expect(single(parse(clmlPayload(enacted))).stage).toBe("enacted");
  });
});

describe("legislation.gov.uk CLML and Atom records of one item share an externalId", () => {
  it("an Atom entry with an https id URI keys on the same id as the CLML document (derived)", () => {
    const clml = single(parse(clmlPayload(siBytes)));
    const atom = parse(
      payload(
        feedText.replace(
          "<id>http://www.legislation.gov.uk/id/uksi/2015/2028</id>",
          "<id>https://www.legislation.gov.uk/id/uksi/2015/1978</id>",
        ),
      ),
    ).find((r) => r.identifiers.legislationGovUk === "uksi/2015/1978");
    expect(atom?.externalId).toBe(clml.externalId);
    expect(atom?.officialUrl).toBe(clml.officialUrl);
  });

  it("tracks the Online Safety Act and the Protection of Children Act by id, with tags saying so (derived CLML)", () => {
    const asTracked = (path: string, title: string): InstrumentRecord =>
      single(
        parse(
          clmlPayload(
            actText
              .replace('IdURI="http://www.legislation.gov.uk/id/asp/2015/13"', `IdURI="http://www.legislation.gov.uk/id/${path}"`)
              .replace("<dc:title>Harbours (Scotland) Act 2015</dc:title>", `<dc:title>${title}</dc:title>`),
          ),
        ),
      );
    expect(asTracked("ukpga/1978/37", "Protection of Children Act 1978").topics).toEqual([
      {
        topic: "ai-csam",
        reason:
          "tracked instrument: section 1 of the Protection of Children Act 1978 is the indecent photographs and pseudo-photographs of children offence",
      },
    ]);
    expect(asTracked("ukpga/2023/50", "Online Safety Act 2023").topics).toEqual([
      {
        topic: "platform-duties",
        reason: "tracked instrument: the Online Safety Act 2023 puts safety duties on user-to-user and search services",
      },
    ]);
  });

  it("leaves items fetched as CLML out of Atom feeds, so a feed cannot overwrite their stage (derived)", () => {
    const records = parse(
      payload(feedText.replace("<id>http://www.legislation.gov.uk/id/uksi/2015/2028</id>", "<id>http://www.legislation.gov.uk/id/ukpga/2023/50</id>")),
    );
    expect(records).toHaveLength(19);
    expect(records.map((r) => r.identifiers.legislationGovUk)).not.toContain("ukpga/2023/50");
  });
});

describe("legislation.gov.uk Publication Log (from-docs: entries copied from legislation/data-documentation; no recording)", () => {
  const logBytes = clmlFixture("update-data.feed.publication-log.from-docs.atom.xml");
  const logPayload = (body: Uint8Array | string): Payload => ({
    ...payload(body),
    url: "https://www.legislation.gov.uk/update/legislation/data.feed?format=xml&event=published",
  });
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(logPayload(logBytes));
  });

  it("yields one instrument per item, keyed by dc:identifier (the entry id names the event)", () => {
    expect(records.map((r) => r.externalId)).toEqual([
      "http://www.legislation.gov.uk/id/wsi/2020/1073",
      "http://www.legislation.gov.uk/id/eur/2019/2013",
      "http://www.legislation.gov.uk/id/ukpga/2020/17",
      "http://www.legislation.gov.uk/id/wsi/2023/754",
    ]);
    expect(byId(records, "ukpga/2020/17")).toEqual({
      type: "instrument",
      externalId: "http://www.legislation.gov.uk/id/ukpga/2020/17",
      jurisdictionCode: "GB",
      title: "Sentencing Act 2020",
      kind: "act",
      stage: "enacted",
      introducedOn: null,
      enactedOn: null,
      inForceOn: null,
      identifiers: { legislationGovUk: "ukpga/2020/17", year: "2020", number: "17" },
      officialUrl: "https://www.legislation.gov.uk/ukpga/2020/17",
      sourceUpdatedAt: "2023-07-06T00:39:45.931518+01:00",
      summary: null,
      topics: [],
    });
  });

  it("takes the English part of a bilingual xhtml title", () => {
    expect(byId(records, "wsi/2020/1073")).toMatchObject({
      title: "The National Health Service (Pharmaceutical Services) (Wales) Regulations 2020",
      jurisdictionCode: "GB-WLS",
    });
  });

  it("keeps the newest entry when one item has several published files (derived: an entry repeated)", () => {
    const logText = logBytes.toString("utf8");
    const sentencing = /<entry>\s*<id>http:\/\/www\.legislation\.gov\.uk\/ukpga\/2020\/17[\s\S]*?<\/entry>/.exec(logText)?.[0] ?? "";
    const older = sentencing.replace(/<updated>[^<]*<\/updated>/, "<updated>2023-07-01T00:00:00+01:00</updated>");
    const repeated = parse(logPayload(logText.replace("</feed>", `${older}\n</feed>`)));
    expect(repeated).toHaveLength(4);
    expect(byId(repeated, "ukpga/2020/17").sourceUpdatedAt).toBe("2023-07-06T00:39:45.931518+01:00");
  });
});

describe("legislation.gov.uk CLML errors", () => {
  it("rejects the recorded CLML cut just before </Legislation> and cut in half", () => {
    expect(() => parse(clmlPayload(siText.slice(0, siText.lastIndexOf("</Legislation>"))))).toThrow(/Legislation document is truncated/);
    expect(() => parse(clmlPayload(siBytes.subarray(0, Math.floor(siBytes.length / 2))))).toThrow(UnexpectedFormatError);
  });

  it("rejects CLML without ukm:Metadata (derived from the recording)", () => {
    const noMetadata = siText.replace(/<ukm:Metadata[\s\S]*<\/ukm:Metadata>/, "");
    expect(() => parse(clmlPayload(noMetadata))).toThrow(/no ukm:Metadata/);
  });

  it("rejects CLML whose IdURI is not an id URI, or whose metadata has no DocumentMainType (derived)", () => {
    const badId = siText.replace('IdURI="http://www.legislation.gov.uk/id/uksi/2015/1978"', 'IdURI="http://example.org/uksi/2015/1978"');
    expect(() => parse(clmlPayload(badId))).toThrow(/is not a legislation.gov.uk id URI/);
    const noType = siText.replace('<ukm:DocumentMainType Value="UnitedKingdomStatutoryInstrument"/>', "");
    expect(() => parse(clmlPayload(noType))).toThrow(/DocumentMainType/);
  });

  it("rejects a Legislation root in another namespace (derived)", () => {
    const otherNs = siText.replace('xmlns="http://www.legislation.gov.uk/namespaces/legislation"', 'xmlns="http://example.org/legislation"');
    expect(() => parse(clmlPayload(otherNs))).toThrow(/root element is <Legislation>/);
  });
});

describe("legislation.gov.uk manifest", () => {
  it("fetches search feeds, the Publication Log and the tracked items' CLML, without a key", () => {
    expect(source.manifest.id).toBe("legislation-gov-uk");
    expect(source.manifest.apiKey).toBeNull();
    const paths = source.manifest.endpoints.map((e) => e.path);
    expect(paths).toContain("/update/legislation/data.feed?format=xml&event=published");
    expect(paths).toContain("/ukpga/2023/50/contents/data.xml");
    expect(paths).toContain("/ukpga/1978/37/contents/data.xml");
    expect(new Set(source.manifest.endpoints.map((e) => e.name)).size).toBe(paths.length);
  });
});
