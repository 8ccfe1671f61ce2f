import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/congress-gov";
import { TRACKED_BILLS } from "../../sources/congress-gov/bills";
import { parse } from "../../sources/congress-gov/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type FollowRecord,
  type InstrumentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/congress-gov/${name}`, import.meta.url));
const listBytes = fixture("bill_117_hr.json");
const detailBytes = fixture("bill_117_hr_21.json");
const actionsBytes = fixture("bill_117_hr_21_actions.json");

const payload = (body: Uint8Array | string, url = "https://api.congress.gov/v3/bill/117/hr/21?format=json"): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/json",
  fetchedAt: "2022-09-09T12:00:00.000Z",
});

const LIST_URL = "https://api.congress.gov/v3/bill/117/hr?format=json";
const listJson = () => JSON.parse(listBytes.toString("utf8")) as { bills: Array<Record<string, unknown>> };
const detailJson = () => JSON.parse(detailBytes.toString("utf8")) as { bill: Record<string, unknown> };

const instrumentOf = (records: Array<InstrumentRecord | FollowRecord>): InstrumentRecord => {
  expect(records).toHaveLength(1);
  const [record] = records;
  if (record?.type !== "instrument") throw new Error("expected one instrument");
  return record;
};
const detailWith = (changes: Record<string, unknown>): InstrumentRecord =>
  instrumentOf(parse(payload(JSON.stringify({ ...detailJson(), bill: { ...detailJson().bill, ...changes } }))));

describe("Congress.gov bill detail (recorded: LoC sample output for H.R. 21, 117th Congress, 2022-09-09)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(detailBytes));
  });

  it("gives one instrument with the bill's values", () => {
    expect(records).toEqual([
      {
        type: "instrument",
        externalId: "bill/117/hr/21",
        jurisdictionCode: "US",
        title: "FedRAMP Authorization Act",
        kind: "bill",
        // Latest action "Received in the Senate and Read twice and referred to the Committee on Homeland Security…"
        stage: "passed_chamber",
        introducedOn: "2021-01-04",
        enactedOn: null,
        inForceOn: null,
        identifiers: { congress: "117", billType: "hr", billNumber: "21" },
        officialUrl: "https://www.congress.gov/bill/117th-congress/house-bill/21",
        sourceUpdatedAt: "2022-03-25T01:16:59Z",
        summary: null,
        topics: [],
      },
    ]);
  });

  it("works from a file:// URL, taking the bill's identity from the body", () => {
    expect(parse(payload(detailBytes, "file:///tmp/saved.json"))).toEqual(records);
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(detailBytes);
    expect(parse(payload(copy))).toEqual(records);
    expect(copy.equals(detailBytes)).toBe(true);
  });
});

describe("Congress.gov bill detail, derived from the recording (fields rewritten)", () => {
  it("a bill with a public law and a 'Became Public Law' latest action is an enacted act", () => {
    const act = detailWith({
      laws: [{ number: "118-59", type: "Public Law" }],
      latestAction: { actionDate: "2024-05-07", links: [], text: "Became Public Law No: 118-59." },
    });
    expect(act).toMatchObject({
      kind: "act",
      stage: "enacted",
      enactedOn: "2024-05-07",
      identifiers: { congress: "117", billType: "hr", billNumber: "21", publicLaw: "118-59" },
    });
  });

  it("a law number without a law-making latest action is enacted with no date", () => {
    expect(detailWith({ laws: [{ number: "117-1", type: "Public Law" }] })).toMatchObject({ stage: "enacted", enactedOn: null });
  });

  it("reads the chamber of the latest action against the chamber of origin", () => {
    const referral = { actionDate: "2021-02-01", links: [], text: "Referred to the Subcommittee on Crime, Terrorism, and Homeland Security." };
    expect(detailWith({ originChamber: "House", latestAction: referral }).stage).toBe("introduced");
    expect(detailWith({ originChamber: "Senate", latestAction: referral }).stage).toBe("passed_chamber");
    const senateReferral = { actionDate: "2021-02-01", links: [], text: "Read twice and referred to the Committee on the Judiciary." };
    expect(detailWith({ originChamber: "Senate", latestAction: senateReferral }).stage).toBe("introduced");
  });

  it("a tracked bill gets its hand-set topics, with a reason that says so", () => {
    const takeItDown = detailWith({ congress: 119, type: "S", number: "146", title: "TAKE IT DOWN Act" });
    expect(takeItDown).toMatchObject({
      externalId: "bill/119/s/146",
      officialUrl: "https://www.congress.gov/bill/119th-congress/senate-bill/146",
      identifiers: { congress: "119", billType: "s", billNumber: "146" },
    });
    expect(takeItDown.topics.map((t) => t.topic)).toEqual(["platform-duties", "tf-exploitation"]);
    expect(takeItDown.topics[0]?.reason).toMatch(/^tracked bill: TAKE IT DOWN Act, S\. 146 \(119th Congress\); topic set by hand/);
  });

  it("an untracked bill is tagged by its title", () => {
    const bill = detailWith({ title: "Protecting Our Children in an AI World Act of 2025" });
    expect(bill.topics.map((t) => t.topic)).toEqual(["ai-csam"]);
    expect(bill.topics[0]?.reason).toMatch(/^title: /);
  });

  it("a simple resolution is kind other; congress.gov URLs use the type's slug and ordinal", () => {
    expect(detailWith({ congress: 112, type: "HRES", number: "5" })).toMatchObject({
      kind: "other",
      officialUrl: "https://www.congress.gov/bill/112th-congress/house-resolution/5",
    });
  });
});

describe("Congress.gov bill list (recorded: GET /bill/117/hr, 20 bills, 2022-09-09)", () => {
  it("follows none of the recorded bills: 'MORE Act' is off topic and the other 19 have no title yet", () => {
    const json = listJson();
    expect(json.bills).toHaveLength(20);
    expect(json.bills.filter((b) => b.title === "")).toHaveLength(19);
    expect(parse(payload(listBytes, LIST_URL))).toEqual([]);
  });
});

describe("Congress.gov bill list, derived from the recording (titles or numbers rewritten)", () => {
  const withBills = (rewrite: (bills: Array<Record<string, unknown>>) => void): Array<InstrumentRecord | FollowRecord> => {
    const json = listJson();
    rewrite(json.bills);
    return parse(payload(JSON.stringify(json), LIST_URL));
  };

  it("follows a bill whose title matches a topic to its detail, and gives no instrument", () => {
    const records = withBills((bills) => {
      bills[0]!.title = "Protecting Our Children in an AI World Act of 2025";
    });
    expect(records).toEqual([
      {
        type: "follow",
        url: "https://api.congress.gov/v3/bill/117/hr/3617?format=json",
        reason: 'H.R. 3617 (117th Congress) "Protecting Our Children in an AI World Act of 2025": ai-csam',
      },
    ]);
  });

  it("follows a tracked bill even while its title is empty", () => {
    const records = withBills((bills) => {
      Object.assign(bills[1]!, { congress: 119, type: "S", number: "146" });
    });
    expect(records).toEqual([
      {
        type: "follow",
        url: "https://api.congress.gov/v3/bill/119/s/146?format=json",
        reason: 'S. 146 (119th Congress) "TAKE IT DOWN Act": platform-duties, tf-exploitation',
      },
    ]);
  });

  it("throws EmptyParseError for a list with no bills", () => {
    expect(() => withBills((bills) => bills.splice(0))).toThrow(EmptyParseError);
  });

  it("rejects an unknown bill type", () => {
    expect(() => withBills((bills) => Object.assign(bills[0]!, { type: "HAMDT" }))).toThrow(/bill 1: unknown bill type "HAMDT"/);
  });
});

describe("Congress.gov errors", () => {
  it("rejects the recorded actions list: it has no title, so no instrument", () => {
    expect(() => parse(payload(actionsBytes))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(actionsBytes))).toThrow(/actions list has no title/);
  });

  it("rejects the recorded detail cut in half (truncated download)", () => {
    expect(() => parse(payload(detailBytes.subarray(0, Math.floor(detailBytes.length / 2))))).toThrow(/not valid JSON \(truncated\?\)/);
  });

  it("rejects a detail without a title (derived from the recording)", () => {
    expect(() => detailWith({ title: "  " })).toThrow(/bill detail: bill\.title/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = "<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>Service Temporarily Unavailable</h1></body></html>";
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for XML (format=json missing), another JSON shape and an empty body (constructed)", () => {
    expect(() => parse(payload('<?xml version="1.0"?><api-root><bills/></api-root>'))).toThrow(/format=json missing/);
    expect(() => parse(payload('{"members":[]}'))).toThrow(/expected a bill list \(bills\) or a bill detail \(bill\); got keys members/);
    expect(() => parse(payload("[]"))).toThrow(/got an array/);
    expect(() => parse(payload(""))).toThrow(UnexpectedFormatError);
  });
});

describe("Congress.gov manifest", () => {
  const { manifest } = source;

  it("is wired as the source and reads its key from CONGRESS_GOV_API_KEY into the X-Api-Key header", () => {
    expect(source.parse).toBe(parse);
    expect(manifest.id).toBe("congress-gov");
    expect(manifest.apiKey).toEqual({ env: "CONGRESS_GOV_API_KEY", in: "header", name: "X-Api-Key" });
  });

  it("lists the recent-bills endpoint and one endpoint per tracked bill, under /v3 and without a key", () => {
    const urls = manifest.endpoints.map((e) => new URL(e.path, `${manifest.baseUrl}/`).toString());
    expect(urls[0]).toBe("https://api.congress.gov/v3/bill/119?format=json&sort=updateDate+desc&limit=250");
    expect(urls).toContain("https://api.congress.gov/v3/bill/119/s/146?format=json");
    expect(urls).toHaveLength(1 + TRACKED_BILLS.length);
    for (const url of urls) expect(url).not.toMatch(/api_key|X-Api-Key/i);
    expect(manifest.maxFollows).toBeGreaterThan(0);
    expect(manifest.maxFollows).toBeLessThanOrEqual(50);
  });
});
