import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/uk-parliament-bills";
import { manifest } from "../../sources/uk-parliament-bills/manifest";
import { parse } from "../../sources/uk-parliament-bills/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentRecord,
  type Payload,
  type SourceRecord,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/uk-parliament-bills/${name}`, import.meta.url));
const detailBytes = fixture("bills-3548.bill-detail.2024-03.json");
const detailText = detailBytes.toString("utf8");
const listText = fixture("bills-list.from-docs.json").toString("utf8");

const payload = (body: Uint8Array | string, url = "https://bills-api.parliament.uk/api/v1/Bills/3548"): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/json; charset=utf-8",
  fetchedAt: "2024-03-13T08:00:00.000Z",
});
const LIST_URL = "https://bills-api.parliament.uk/api/v1/Bills?SearchTerm=online%20safety&SortOrder=DateUpdatedDescending&Skip=0&Take=20";

const instruments = (records: SourceRecord[]): InstrumentRecord[] =>
  records.filter((r): r is InstrumentRecord => r.type === "instrument");

/** The recorded detail with some top-level fields replaced (derived, not a recording). */
const detailWith = (changes: Record<string, unknown>): string => JSON.stringify({ ...JSON.parse(detailText), ...changes });
const detailStage = (changes: Record<string, unknown>): Record<string, unknown> => ({
  currentStage: { ...JSON.parse(detailText).currentStage, ...changes },
});

describe("UK Parliament Bills API bill detail (recorded, bill 3548, lastUpdate 2024-03-12)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(detailBytes));
  });

  it("yields one instrument with the bill's values", () => {
    expect(records).toEqual([
      {
        type: "instrument",
        externalId: "https://bills.parliament.uk/bills/3548",
        jurisdictionCode: "GB",
        title: "High Streets (Designation, Review and Improvement Plan) Bill",
        kind: "bill",
        stage: "introduced",
        introducedOn: null,
        enactedOn: null,
        inForceOn: null,
        identifiers: { ukParliamentBillId: "3548" },
        officialUrl: "https://bills.parliament.uk/bills/3548",
        sourceUpdatedAt: "2024-03-12T23:17:31.2836411",
        summary: null,
        topics: [],
      },
    ]);
  });

  it("takes the bill's identity from the body, not the URL (works for file:// imports)", () => {
    expect(parse(payload(detailBytes, "file:///tmp/some-saved-bill.json"))).toEqual(records);
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(detailBytes);
    expect(parse(payload(copy))).toEqual(records);
    expect(copy.equals(detailBytes)).toBe(true);
  });

  it("is wired as the source's parse", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest).toBe(manifest);
  });
});

describe("UK Parliament Bills API stages (derived: the recorded detail with its stage fields rewritten)", () => {
  const stageOf = (changes: Record<string, unknown>): InstrumentRecord =>
    instruments(parse(payload(detailWith(changes))))[0]!;

  it("first reading in the originating House: introduced, dated by the sitting", () => {
    expect(stageOf(detailStage({ description: "1st reading", abbreviation: "1R" }))).toMatchObject({
      stage: "introduced",
      introducedOn: "2024-03-13",
    });
  });

  it("a Commons bill at a Lords stage has passed the Commons", () => {
    expect(stageOf({ currentHouse: "Lords", ...detailStage({ description: "2nd reading", house: "Lords" }) })).toMatchObject({
      stage: "passed_chamber",
      introducedOn: null,
    });
  });

  it("consideration of Lords amendments back in the Commons: passed_chamber", () => {
    expect(stageOf(detailStage({ description: "Consideration of Lords amendments" })).stage).toBe("passed_chamber");
  });

  it("Royal Assent with isAct: enacted on the sitting date", () => {
    expect(
      stageOf({ isAct: true, currentHouse: "Unassigned", ...detailStage({ description: "Royal Assent", house: "Unassigned" }) }),
    ).toMatchObject({ stage: "enacted", enactedOn: "2024-03-13" });
  });

  it("a withdrawn or defeated bill is not left looking pending", () => {
    expect(stageOf({ billWithdrawn: "2024-04-01T00:00:00" }).stage).toBe("unknown");
    expect(stageOf({ isDefeated: true }).stage).toBe("unknown");
  });

  it("a bill without a current stage is introduced", () => {
    expect(stageOf({ currentStage: null }).stage).toBe("introduced");
  });

  it("tags a tracked bill whose title names no topic, saying why", () => {
    expect(stageOf({ billId: 3938, shortTitle: "Crime and Policing Bill" })).toMatchObject({
      externalId: "https://bills.parliament.uk/bills/3938",
      topics: [{ topic: "ai-csam", reason: expect.stringMatching(/^tracked bill: Crime and Policing Bill/) }],
    });
  });
});

describe("UK Parliament Bills API bill list (built from the documented BillSummarySearchResult shape: .from-docs. fixture)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(listText, LIST_URL));
  });

  it("keeps the on-topic bill and drops the off-topic one", () => {
    expect(instruments(records).map((r) => r.externalId)).toEqual(["https://bills.parliament.uk/bills/3137"]);
  });

  it("maps the enacted Online Safety Act from its list item", () => {
    expect(instruments(records)[0]).toEqual({
      type: "instrument",
      externalId: "https://bills.parliament.uk/bills/3137",
      jurisdictionCode: "GB",
      title: "Online Safety Act 2023",
      kind: "bill",
      stage: "enacted",
      introducedOn: null,
      enactedOn: "2023-10-26",
      inForceOn: null,
      identifiers: { ukParliamentBillId: "3137" },
      officialUrl: "https://bills.parliament.uk/bills/3137",
      sourceUpdatedAt: null,
      summary: null,
      topics: [{ topic: "platform-duties", reason: 'title: online safety regime: "Online Safety"' }],
    });
  });

  it("follows the kept bill to its detail, with a key-free relative URL", () => {
    expect(records.filter((r) => r.type === "follow")).toEqual([
      { type: "follow", url: "/api/v1/Bills/3137", reason: 'bill 3137 "Online Safety Act 2023": platform-duties' },
    ]);
  });

  it("gives the same record for a bill from its list item as from its detail (derived: the recorded detail as a list item)", () => {
    const detail = JSON.parse(detailText);
    const onTopic = { ...detail, shortTitle: "Online Safety (Intimate Image Abuse) Bill" };
    const fromList = instruments(parse(payload(JSON.stringify({ items: [onTopic], totalResults: 1 }), LIST_URL)));
    expect(fromList).toEqual(parse(payload(JSON.stringify(onTopic))));
    expect(fromList[0]!.topics.map((t) => t.topic)).toEqual(["platform-duties", "tf-exploitation"]);
  });

  it("returns nothing (no error) when every item is off-topic", () => {
    const offTopic = JSON.parse(listText);
    offTopic.items = offTopic.items.slice(0, 1);
    expect(parse(payload(JSON.stringify(offTopic), LIST_URL))).toEqual([]);
  });
});

describe("UK Parliament Bills API errors", () => {
  it("rejects the recorded detail cut in half (truncated download)", () => {
    const cut = detailBytes.subarray(0, Math.floor(detailBytes.length / 2));
    expect(() => parse(payload(cut))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(cut))).toThrow(/not valid JSON \(truncated\?\)/);
  });

  it("throws EmptyParseError for a list with no items (derived from the list fixture)", () => {
    expect(() => parse(payload('{"items":[],"totalResults":0,"itemsPerPage":20}', LIST_URL))).toThrow(EmptyParseError);
  });

  it("rejects a list item without a billId, naming the item (derived)", () => {
    const broken = JSON.parse(listText);
    delete broken.items[1].billId;
    expect(() => parse(payload(JSON.stringify(broken), LIST_URL))).toThrow(/item 2: expected a bill with billId and shortTitle; billId/);
  });

  it("rejects the detail with a non-numeric billId (derived)", () => {
    expect(() => parse(payload(detailWith({ billId: "3548" })))).toThrow(UnexpectedFormatError);
  });

  it("rejects JSON of another shape, naming its keys (constructed)", () => {
    expect(() => parse(payload('{"results":[],"count":0}'))).toThrow(/expected a bill \(billId\) or a bill list \(items\); got keys results, count/);
    expect(() => parse(payload("[]"))).toThrow(/got an array/);
  });

  it("reports an API problem response (constructed from the documented ProblemDetails shape)", () => {
    const problem = '{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.4","title":"Not Found","status":404}';
    expect(() => parse(payload(problem))).toThrow(/API problem response 404 "Not Found"/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html><head><title>Service unavailable</title></head>
<body><h1>Sorry, the service is temporarily unavailable</h1><p>Please try again later.</p></body></html>`;
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for an ordinary HTML page and for an empty body (constructed)", () => {
    expect(() => parse(payload("<!DOCTYPE html><html><body><h1>Bills</h1></body></html>"))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload("   "))).toThrow(/empty body/);
  });
});

describe("UK Parliament Bills API manifest", () => {
  it("has the id, no key, and follows modestly", () => {
    expect(manifest.id).toBe("uk-parliament-bills");
    expect(manifest.apiKey).toBeNull();
    expect(manifest.maxFollows).toBeGreaterThan(0);
    expect(manifest.maxFollows).toBeLessThanOrEqual(50);
  });

  it("searches the topic phrases on the Bills list endpoint", () => {
    const urls = manifest.endpoints.map((e) => new URL(e.path, `${manifest.baseUrl}/`));
    expect(urls.map((u) => u.searchParams.get("SearchTerm"))).toEqual([
      "online safety",
      "child sexual abuse",
      "artificial intelligence",
      "crime and policing",
      "intimate image",
      null,
    ]);
    for (const u of urls) expect(u.pathname).toBe("/api/v1/Bills");
    expect(new Set(manifest.endpoints.map((e) => e.name)).size).toBe(manifest.endpoints.length);
  });
});
