import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/legiscan";
import { parse } from "../../sources/legiscan/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type FollowRecord,
  type InstrumentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/legiscan/${name}`, import.meta.url));
const xmlBytes = fixture("getBill-dataset-MS-2011X1-HB1.xml");
const xmlText = xmlBytes.toString("utf8");
const billJsonBytes = fixture("getBill-MS-2011X1-HB1.from-docs.json");
const searchBytes = fixture("getSearch-child-pornography.from-docs.json");

const BILL_URL = "https://api.legiscan.com/?op=getBill&id=416101";
const SEARCH_URL = "https://api.legiscan.com/?op=getSearch&state=ALL&query=%22child+pornography%22";
const payload = (body: Uint8Array | string, url = BILL_URL): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: null,
  fetchedAt: "2015-06-01T12:00:00.000Z",
});
const instrumentOf = (records: Array<InstrumentRecord | FollowRecord>): InstrumentRecord => {
  expect(records).toHaveLength(1);
  const [record] = records;
  if (record?.type !== "instrument") throw new Error("expected one instrument");
  return record;
};
type BillResponse = { status: string; bill: Record<string, unknown> };
const billWith = (changes: Record<string, unknown>): InstrumentRecord => {
  const json = JSON.parse(billJsonBytes.toString("utf8")) as BillResponse;
  return instrumentOf(parse(payload(JSON.stringify({ ...json, bill: { ...json.bill, ...changes } }))));
};

const expectedMsHb1: InstrumentRecord = {
  type: "instrument",
  externalId: "416101",
  jurisdictionCode: "US-MS",
  title: "Bonds; issue for Mississippi Industry Incentive Financing Revolving Fund and revise Mississippi Advantage Jobs Act.",
  kind: "bill",
  // Status 6 (Failed): "Died In Committee" the day it was referred; it never got past introduction.
  stage: "introduced",
  introducedOn: "2011-09-02",
  enactedOn: null,
  inForceOn: null,
  identifiers: {
    legiscanBillId: "416101",
    changeHash: "d009995a9cbd4962d3da0f154a31a962",
    billNumber: "HB1",
    session: "2011 First Extraordinary Session",
    status: "Failed",
  },
  // The state link is http, so LegiScan's own page (over https) stands in.
  officialUrl: "https://legiscan.com/MS/bill/HB1/2011/X1",
  sourceUpdatedAt: null,
  summary: expect.stringMatching(
    /^An Act To Amend Section 25, Chapter 533, Laws Of 2010, .* The Term "local Governments" Under .* And For Related Purposes\.$/,
  ) as unknown as string,
  topics: [],
};

describe("LegiScan getBill, XML flavour (recorded: dataset bill/HB1.xml, Mississippi 2011 1st Extraordinary Session)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(xmlBytes));
  });

  it("gives one instrument with the bill's values and its change_hash", () => {
    expect(records).toEqual([expectedMsHb1]);
  });

  it("works from a file:// URL and without a Content-Type, taking the bill id from the body", () => {
    expect(parse(payload(xmlBytes, "file:///tmp/HB1.xml"))).toEqual(records);
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(xmlBytes);
    expect(parse(payload(copy))).toEqual(records);
    expect(copy.equals(xmlBytes)).toBe(true);
  });
});

describe("LegiScan getBill, JSON (from-docs: the recorded XML record translated field for field, not a recording)", () => {
  it("gives exactly the instrument the XML flavour gives", () => {
    expect(parse(payload(billJsonBytes))).toEqual(parse(payload(xmlBytes)));
    expect(parse(payload(billJsonBytes))).toEqual([expectedMsHb1]);
  });

  it("a bill signed into law (progress event 4) is an enacted act dated by that step", () => {
    const act = billWith({
      status: 4,
      status_date: "2011-09-09",
      progress: [
        { date: "2011-09-02", event: 1 },
        { date: "2011-09-03", event: 2 },
        { date: "2011-09-05", event: 3 },
        { date: "2011-09-08", event: 4 },
      ],
    });
    expect(act).toMatchObject({ kind: "act", stage: "enacted", enactedOn: "2011-09-08", identifiers: { status: "Passed" } });
  });

  it("an engrossed bill (passed its first chamber) is passed_chamber; a chaptered one with no step dated by status_date", () => {
    expect(billWith({ status: 2, progress: [{ date: "2011-09-02", event: 1 }, { date: "2011-09-03", event: 2 }] }).stage).toBe(
      "passed_chamber",
    );
    expect(billWith({ status: 8, status_date: "2011-09-10", progress: [] })).toMatchObject({ stage: "enacted", enactedOn: "2011-09-10" });
  });

  it("a resolution is kind other; an https state link is the official URL; Congress maps to US", () => {
    expect(billWith({ bill_type: "R" }).kind).toBe("other");
    expect(billWith({ state_link: "https://billstatus.ls.state.ms.us/2011/X1/HB1.htm" }).officialUrl).toBe(
      "https://billstatus.ls.state.ms.us/2011/X1/HB1.htm",
    );
    expect(billWith({ state: "US" }).jurisdictionCode).toBe("US");
  });

  it("tags an on-topic bill by its title", () => {
    expect(billWith({ title: "Crimes: child pornography." }).topics.map((t) => t.topic)).toEqual(["ai-csam"]);
  });

  it("rejects an unknown state and names a missing field", () => {
    expect(() => billWith({ state: "ZZ" })).toThrow(/state "ZZ" is not a known jurisdiction/);
    expect(() => billWith({ change_hash: "" })).toThrow(/bill: change_hash/);
  });
});

describe("LegiScan getSearch (from-docs: the documented searchresult shape, not a recording)", () => {
  it("follows the hits whose titles match a topic to getBill, without the key, and skips the rest", () => {
    expect(parse(payload(searchBytes, SEARCH_URL))).toEqual([
      {
        type: "follow",
        url: "https://api.legiscan.com/?op=getBill&id=900001",
        reason: 'CA AB1831 "Crimes: child pornography.": ai-csam (change_hash 00000000000000000000000000000001)',
      },
      {
        type: "follow",
        url: "https://api.legiscan.com/?op=getBill&id=900002",
        reason: expect.stringMatching(/^IA HF2241 "A bill for an act relating to sexual exploitation of a minor .*": ai-csam \(change_hash 0+2\)$/) as unknown as string,
      },
    ]);
  });

  it("throws EmptyParseError when the search has only its summary", () => {
    const empty = { status: "OK", searchresult: { summary: { page: "1 of 0", count: 0, page_current: 1, page_total: 0 } } };
    expect(() => parse(payload(JSON.stringify(empty), SEARCH_URL))).toThrow(EmptyParseError);
  });

  it("names a malformed hit", () => {
    const json = JSON.parse(searchBytes.toString("utf8")) as { searchresult: Record<string, Record<string, unknown>> };
    delete json.searchresult["1"]!.title;
    expect(() => parse(payload(JSON.stringify(json), SEARCH_URL))).toThrow(/search result 1: title: Required/);
  });
});

describe("LegiScan errors", () => {
  it("reports status ERROR with the alert message (constructed from the documented error answer)", () => {
    const error = '{"status":"ERROR","alert":{"message":"Unknown API key"}}';
    expect(() => parse(payload(error))).toThrow(MaintenancePageError);
    expect(() => parse(payload(error))).toThrow(/LegiScan answered status ERROR: Unknown API key/);
    const xmlError = "<legiscan><status>ERROR</status><alert><message>Query limit exceeded</message></alert></legiscan>";
    expect(() => parse(payload(xmlError))).toThrow(/status ERROR: Query limit exceeded/);
  });

  it("rejects the recorded XML cut in half and cut just before </legiscan> (truncated downloads)", () => {
    expect(() => parse(payload(xmlBytes.subarray(0, Math.floor(xmlBytes.length / 2))))).toThrow(/truncated/);
    expect(() => parse(payload(xmlBytes.subarray(0, xmlText.lastIndexOf("</legiscan>"))))).toThrow(/truncated/);
  });

  it("rejects the from-docs JSON cut in half", () => {
    expect(() => parse(payload(billJsonBytes.subarray(0, Math.floor(billJsonBytes.length / 2))))).toThrow(/not valid JSON \(truncated\?\)/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = "<html><head><title>LegiScan</title></head><body><h1>Down for maintenance</h1><p>Please try again later.</p></body></html>";
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for other shapes (constructed)", () => {
    expect(() => parse(payload('{"status":"OK","masterlist":{}}'))).toThrow(/expected "bill" \(getBill\) or "searchresult" \(getSearch\)/);
    expect(() => parse(payload('{"bill":{}}'))).toThrow(/expected a LegiScan response/);
    expect(() => parse(payload("<legiscan><status>OK</status></legiscan>"))).toThrow(/expected one <bill>/);
    expect(() => parse(payload('<?xml version="1.0"?><rss/>'))).toThrow(/root element is <rss>/);
    expect(() => parse(payload(""))).toThrow(UnexpectedFormatError);
  });
});

describe("LegiScan manifest", () => {
  const { manifest } = source;

  it("is wired as the source; the pipeline adds LEGISCAN_API_KEY as the `key` query parameter", () => {
    expect(source.parse).toBe(parse);
    expect(manifest.id).toBe("legiscan");
    expect(manifest.apiKey).toEqual({ env: "LEGISCAN_API_KEY", in: "query", name: "key" });
  });

  it("searches all states with getSearch and never puts a key in a path", () => {
    const urls = manifest.endpoints.map((e) => new URL(e.path, manifest.baseUrl));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url.origin + url.pathname).toBe("https://api.legiscan.com/");
      expect(url.searchParams.get("op")).toBe("getSearch");
      expect(url.searchParams.get("state")).toBe("ALL");
      expect(url.searchParams.get("query")).toBeTruthy();
      expect(url.searchParams.has("key")).toBe(false);
    }
    expect(manifest.maxFollows).toBeGreaterThan(0);
    expect(manifest.maxFollows).toBeLessThanOrEqual(50);
  });
});
