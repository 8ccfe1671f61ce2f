import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { source } from "../../sources/govinfo-billstatus";
import { parse } from "../../sources/govinfo-billstatus/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type FollowRecord,
  type InstrumentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/govinfo-billstatus/${name}`, import.meta.url));
const s35Bytes = fixture("BILLSTATUS-117s35.v3.0.0.xml");
const s35Text = s35Bytes.toString("utf8");
const sconres7Bytes = fixture("BILLSTATUS-117sconres7.v3.0.0.xml");
const sitemapText = fixture("sitemap-118s.from-docs.xml").toString("utf8");

const payload = (body: Uint8Array | string, url = "https://www.govinfo.gov/bulkdata/BILLSTATUS/117/s/BILLSTATUS-117s35.xml"): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/xml",
  fetchedAt: "2022-11-25T12:00:00.000Z",
});
const SITEMAP_URL = "https://www.govinfo.gov/sitemap/bulkdata/BILLSTATUS/118s/sitemap.xml";

const instrumentOf = (records: Array<InstrumentRecord | FollowRecord>): InstrumentRecord => {
  expect(records).toHaveLength(1);
  const [record] = records;
  if (record?.type !== "instrument") throw new Error("expected one instrument");
  return record;
};
/** S. 35 with its text edited: `before` must occur in the recording (the first occurrence is replaced). */
const s35With = (before: string, after: string): InstrumentRecord => {
  expect(s35Text).toContain(before);
  return instrumentOf(parse(payload(s35Text.replace(before, after))));
};

describe("govinfo Bill Status XML (recorded: usgpo/bill-status samples, schema 3.0.0, updateDate 2022-09-07)", () => {
  it("S. 35 passed the Senate: one instrument staged from its action codes", () => {
    expect(parse(payload(s35Bytes))).toEqual([
      {
        type: "instrument",
        externalId: "BILLSTATUS-117s35",
        jurisdictionCode: "US",
        title: "Officer Eugene Goodman Congressional Gold Medal Act",
        kind: "bill",
        // Action code 17000 "Passed/agreed to in Senate" on 2021-02-12; the House only received it.
        stage: "passed_chamber",
        introducedOn: "2021-01-22",
        enactedOn: null,
        inForceOn: null,
        identifiers: { congress: "117", billType: "s", billNumber: "35" },
        officialUrl: "https://www.congress.gov/bill/117th-congress/senate-bill/35",
        sourceUpdatedAt: "2022-09-07T13:36:03Z",
        summary:
          "Officer Eugene Goodman Congressional Gold Medal Act This bill directs the Speaker of the House of Representatives and the President pro tempore of the Senate to arrange for the presentation of a Congressional Gold Medal to U.S. Capitol Police Officer Eugene Goodman for his actions to protect the Senate chamber during the security breach at the U.S. Capitol on January 6, 2021.",
        topics: [],
      },
    ]);
  });

  it("S. Con. Res. 7 was only referred: introduced, and a concurrent resolution is kind other", () => {
    expect(instrumentOf(parse(payload(sconres7Bytes)))).toMatchObject({
      externalId: "BILLSTATUS-117sconres7",
      title:
        "A concurrent resolution recognizing the heroism of the United States Capitol personnel and journalists during the insurrectionist attack on the United States Capitol on January 6, 2021.",
      kind: "other",
      stage: "introduced",
      introducedOn: "2021-03-01",
      identifiers: { congress: "117", billType: "sconres", billNumber: "7" },
      officialUrl: "https://www.congress.gov/bill/117th-congress/senate-concurrent-resolution/7",
      sourceUpdatedAt: "2022-09-07T13:37:56Z",
      summary: expect.stringMatching(/^This concurrent resolution commends the service and professionalism of the U\.S\. Capitol personnel/),
      topics: [],
    });
  });

  it("is pure and takes the bill's identity from the body, not the URL", () => {
    const copy = Buffer.from(s35Bytes);
    expect(parse(payload(copy, "file:///tmp/any-name.xml"))).toEqual(parse(payload(s35Bytes)));
    expect(copy.equals(s35Bytes)).toBe(true);
  });
});

describe("govinfo Bill Status XML, derived from the S. 35 recording (elements edited)", () => {
  const becameLaw =
    "<item><actionDate>2021-03-04</actionDate><text>Became Public Law No: 117-9.</text><type>BecameLaw</type><actionCode>36000</actionCode>" +
    "<sourceSystem><code>9</code><name>Library of Congress</name></sourceSystem></item>";

  it("a 'Became Public Law' action (code 36000) makes an enacted act dated by that action", () => {
    expect(s35With("<actions>\n      <item>", `<actions>${becameLaw}<item>`)).toMatchObject({
      kind: "act",
      stage: "enacted",
      enactedOn: "2021-03-04",
      identifiers: { congress: "117", billType: "s", billNumber: "35" },
    });
  });

  it("the <laws> entry gives the law number", () => {
    const enacted = instrumentOf(
      parse(
        payload(
          s35Text
            .replace("<actions>\n      <item>", `<actions>${becameLaw}<item>`)
            .replace("<policyArea>", "<laws><item><type>Public Law</type><number>117-9</number></item></laws><policyArea>"),
        ),
      ),
    );
    expect(enacted).toMatchObject({ stage: "enacted", enactedOn: "2021-03-04", identifiers: { publicLaw: "117-9" } });
  });

  it("a <laws> entry alone makes the bill enacted without a date", () => {
    expect(s35With("<policyArea>", "<laws><item><type>Private Law</type><number>117-1</number></item></laws><policyArea>")).toMatchObject({
      stage: "enacted",
      enactedOn: null,
      identifiers: { privateLaw: "117-1" },
    });
  });

  it("a tracked bill gets its hand-set topics", () => {
    const edited = s35Text.replace("<number>35</number>", "<number>146</number>").replace("<congress>117</congress>", "<congress>119</congress>");
    const tracked = instrumentOf(parse(payload(edited)));
    expect(tracked.externalId).toBe("BILLSTATUS-119s146");
    expect(tracked.topics.map((t) => t.topic)).toEqual(["platform-duties", "tf-exploitation"]);
    expect(tracked.topics[0]?.reason).toMatch(/^tracked bill: TAKE IT DOWN Act, S\. 146 \(119th Congress\)/);
  });

  it("an untracked bill is tagged by its title", () => {
    const bill = s35With(
      "<title>Officer Eugene Goodman Congressional Gold Medal Act</title>\n    <titles>",
      "<title>Disrupt Explicit Forged Images And Non-Consensual Edits Act of 2024</title>\n    <titles>",
    );
    expect(bill.topics.map((t) => t.topic)).toEqual(["tf-exploitation"]);
  });

  it("reads a summary whose text sits inside a <cdata> element", () => {
    const wrapped = s35Text.replace(/<text>(\s*<!\[CDATA\[)/g, "<cdata><text>$1").replace(/(\]\]>\s*)<\/text>/g, "$1</text></cdata>");
    expect(wrapped).toContain("<cdata><text>");
    expect(instrumentOf(parse(payload(wrapped))).summary).toBe(instrumentOf(parse(payload(s35Bytes))).summary);
  });

  it("rejects a schema version other than 3.x", () => {
    expect(() => s35With("<version>3.0.0</version>", "<version>2.0.0</version>")).toThrow(/schema version "2\.0\.0", this parser reads 3\.x/);
  });

  it("rejects a bill without a number", () => {
    expect(() => s35With("<number>35</number>", "<number></number>")).toThrow(/no valid congress, type and number/);
  });
});

describe("govinfo folder sitemap (from-docs: sitemaps.org urlset in govinfo's documented URL pattern, not a recording)", () => {
  it("follows the tracked bills it lists, newest-modified first, and no other file", () => {
    expect(parse(payload(sitemapText, SITEMAP_URL))).toEqual([
      {
        type: "follow",
        url: "https://www.govinfo.gov/bulkdata/BILLSTATUS/118/s/BILLSTATUS-118s1199.xml",
        reason: "tracked bill STOP CSAM Act of 2023, S. 1199 (118th Congress); file modified 2025-01-03T16:05:51.000Z",
      },
      {
        type: "follow",
        url: "https://www.govinfo.gov/bulkdata/BILLSTATUS/118/s/BILLSTATUS-118s474.xml",
        reason: "tracked bill REPORT Act, S. 474 (118th Congress); file modified 2024-12-20T04:31:09.000Z",
      },
      {
        type: "follow",
        url: "https://www.govinfo.gov/bulkdata/BILLSTATUS/118/s/BILLSTATUS-118s1207.xml",
        reason: "tracked bill EARN IT Act of 2023, S. 1207 (118th Congress); file modified 2024-11-30T21:47:02.000Z",
      },
    ]);
  });

  it("gives nothing for a sitemap without tracked bills, and EmptyParseError for one without files", () => {
    const untracked = sitemapText.replace(/<url>\s*<loc>[^<]*BILLSTATUS-118s(474|1199|1207)\.xml<\/loc>[\s\S]*?<\/url>/g, "");
    expect(untracked).toContain("BILLSTATUS-118s2.xml");
    expect(parse(payload(untracked, SITEMAP_URL))).toEqual([]);
    expect(() => parse(payload(sitemapText.replace(/<url>[\s\S]*<\/url>/, ""), SITEMAP_URL))).toThrow(EmptyParseError);
  });

  it("rejects a sitemap of other files and a sitemap index", () => {
    expect(() => parse(payload(sitemapText.replace(/BILLSTATUS-118s/g, "BILLS-118s"), SITEMAP_URL))).toThrow(/no BILLSTATUS-\*\.xml file/);
    const index =
      '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
      "<sitemap><loc>https://www.govinfo.gov/sitemap/bulkdata/BILLSTATUS/118s/sitemap.xml</loc></sitemap></sitemapindex>";
    expect(() => parse(payload(index, SITEMAP_URL))).toThrow(/a sitemap index/);
  });
});

describe("govinfo errors", () => {
  it("rejects the recorded S. 35 cut in half and cut just before </billStatus> (truncated downloads)", () => {
    expect(() => parse(payload(s35Bytes.subarray(0, Math.floor(s35Bytes.length / 2))))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(s35Bytes.subarray(0, s35Text.lastIndexOf("</billStatus>"))))).toThrow(/truncated/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html =
      "<!DOCTYPE html><html><head><title>GovInfo - Scheduled Maintenance</title></head>" +
      "<body><h1>GovInfo is undergoing scheduled maintenance</h1><p>Please try again later.</p></body></html>";
    expect(() => parse(payload(html, SITEMAP_URL))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for JSON, another XML root and an empty body (constructed)", () => {
    expect(() => parse(payload('{"files":[]}'))).toThrow(/JSON \(a bulk-data listing\?\)/);
    expect(() => parse(payload('<?xml version="1.0"?><rss version="2.0"><channel/></rss>'))).toThrow(/root element is <rss>/);
    expect(() => parse(payload(""))).toThrow(UnexpectedFormatError);
  });
});

describe("govinfo manifest", () => {
  const { manifest } = source;

  it("is wired as the source and needs no key", () => {
    expect(source.parse).toBe(parse);
    expect(manifest.id).toBe("govinfo-billstatus");
    expect(manifest.apiKey).toBeNull();
  });

  it("reads the sitemaps of the folders holding tracked bills", () => {
    expect(manifest.endpoints.map((e) => new URL(e.path, manifest.baseUrl).toString()).sort()).toEqual([
      "https://www.govinfo.gov/sitemap/bulkdata/BILLSTATUS/118s/sitemap.xml",
      "https://www.govinfo.gov/sitemap/bulkdata/BILLSTATUS/119hr/sitemap.xml",
      "https://www.govinfo.gov/sitemap/bulkdata/BILLSTATUS/119s/sitemap.xml",
    ]);
    expect(manifest.maxFollows).toBeGreaterThan(0);
    expect(manifest.maxFollows).toBeLessThanOrEqual(50);
  });
});
