import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/openstates";
import { parse } from "../../sources/openstates/parse";
import { EmptyParseError, MaintenancePageError, UnexpectedFormatError, type InstrumentRecord, type Payload } from "../../sources/types";

const pageBytes = readFileSync(new URL("../fixtures/openstates/bills-search.from-docs.json", import.meta.url));
type Page = { results: Array<Record<string, unknown>>; pagination: Record<string, unknown> };
const pageJson = (): Page => JSON.parse(pageBytes.toString("utf8")) as Page;

const URL_ = "https://v3.openstates.org/bills?q=%22intimate+images%22&sort=updated_desc&per_page=20";
const payload = (body: Uint8Array | string, url = URL_): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/json",
  fetchedAt: "2025-04-03T12:00:00.000Z",
});
const withPage = (rewrite: (page: Page) => void): InstrumentRecord[] => {
  const page = pageJson();
  rewrite(page);
  return parse(payload(JSON.stringify(page)));
};
const byNumber = (records: InstrumentRecord[], billNumber: string): InstrumentRecord => {
  const found = records.find((r) => r.identifiers.billNumber === billNumber);
  if (!found) throw new Error(`no record ${billNumber}`);
  return found;
};

describe("Open States /bills search page (from-docs: built from openstates/api-v3 api/schemas.py, not a recording)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(pageBytes));
  });

  it("keeps the three bills whose title or abstract matches a topic and drops the school-meals bill", () => {
    expect(records.map((r) => r.identifiers.billNumber)).toEqual(["HB 1999", "SB 20", "HB 649"]);
  });

  it("maps a signed Washington bill: enacted act, dated by the executive-signature action, on the legislature's page", () => {
    expect(byNumber(records, "HB 1999")).toEqual({
      type: "instrument",
      externalId: "ocd-bill/00000000-0000-0000-0000-000000000001",
      jurisdictionCode: "US-WA",
      title: "An act relating to fabricated intimate or sexually explicit images and depictions.",
      kind: "act",
      stage: "enacted",
      introducedOn: "2023-12-04",
      enactedOn: "2024-03-13",
      inForceOn: null,
      identifiers: { openStatesId: "ocd-bill/00000000-0000-0000-0000-000000000001", billNumber: "HB 1999", session: "2023-2024" },
      officialUrl: "https://lawfilesext.leg.wa.gov/Biennium/2023-24/Htm/Bill%20Reports/House/1999-S%20HBR%20PL%2024.htm",
      sourceUpdatedAt: "2024-03-15T09:41:27.902000+00:00",
      summary: null,
      topics: [{ topic: "tf-exploitation", reason: 'title: intimate image abuse: "intimate or sexually explicit images"' }],
    });
  });

  it("maps a Texas bill passed by the Senate; its only source is http, so the Open States page stands in", () => {
    expect(byNumber(records, "SB 20")).toMatchObject({
      jurisdictionCode: "US-TX",
      kind: "bill",
      stage: "passed_chamber",
      enactedOn: null,
      introducedOn: "2025-02-10",
      officialUrl: "https://openstates.org/tx/bills/89/SB20/",
      topics: [{ topic: "ai-csam" }],
    });
  });

  it("maps an introduced Kentucky bill and keeps its abstract as the summary", () => {
    expect(byNumber(records, "HB 649")).toMatchObject({
      jurisdictionCode: "US-KY",
      stage: "introduced",
      summary: "Placeholder abstract, not Open States text: creates the offense of sexual extortion.",
      topics: [{ topic: "tf-exploitation", reason: 'title: sextortion: "sexual extortion"' }],
    });
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(pageBytes);
    expect(parse(payload(copy, "file:///tmp/saved.json"))).toEqual(records);
    expect(copy.equals(pageBytes)).toBe(true);
  });
});

describe("Open States search page, derived from the from-docs page (fields rewritten)", () => {
  const hawaii = (page: Page) => page.results[2]!;

  it("keeps an off-topic title when its abstract matches, with the reason naming the summary", () => {
    const records = withPage((page) => {
      hawaii(page).abstracts = [{ abstract: "Prohibits the nonconsensual disclosure of intimate images.", note: "" }];
    });
    expect(byNumber(records, "HB 87").topics).toEqual([
      { topic: "tf-exploitation", reason: 'summary: intimate image abuse: "nonconsensual disclosure of intimate images"' },
    ]);
  });

  it.each([
    ["ocd-jurisdiction/country:us/district:dc/government", "US-DC"],
    ["ocd-jurisdiction/country:us/territory:pr/government", "PR"],
    ["ocd-jurisdiction/country:us/government", "US"],
  ])("maps %s to %s", (id, code) => {
    const records = withPage((page) => {
      (page.results[0]!.jurisdiction as Record<string, unknown>).id = id;
    });
    expect(byNumber(records, "HB 1999").jurisdictionCode).toBe(code);
  });

  it("falls back on the state's name for an id outside the documented pattern, and drops a municipality", () => {
    const byName = withPage((page) => {
      page.results[0]!.jurisdiction = { id: "ocd-jurisdiction/unexpected", name: "Washington", classification: "state" };
    });
    expect(byNumber(byName, "HB 1999").jurisdictionCode).toBe("US-WA");
    const municipal = withPage((page) => {
      page.results[0]!.jurisdiction = {
        id: "ocd-jurisdiction/country:us/state:wa/place:seattle/government",
        name: "Seattle",
        classification: "municipality",
      };
    });
    expect(municipal.map((r) => r.identifiers.billNumber)).toEqual(["SB 20", "HB 649"]);
  });

  it("a resolution is kind other", () => {
    const records = withPage((page) => {
      page.results[1]!.classification = ["resolution"];
    });
    expect(byNumber(records, "SB 20").kind).toBe("other");
  });

  it("throws EmptyParseError when the search found nothing", () => {
    expect(() => withPage((page) => page.results.splice(0))).toThrow(EmptyParseError);
  });

  it("names the result and field of a malformed bill", () => {
    expect(() => withPage((page) => delete page.results[1]!.title)).toThrow(/result 2: title: Required/);
  });
});

describe("Open States errors", () => {
  it("rejects the page cut in half (truncated download)", () => {
    expect(() => parse(payload(pageBytes.subarray(0, Math.floor(pageBytes.length / 2))))).toThrow(/not valid JSON \(truncated\?\)/);
  });

  it("reports the API's own error body (constructed from the documented 400 answer)", () => {
    expect(() => parse(payload('{"detail":"either \'jurisdiction\' or \'q\' required"}'))).toThrow(
      /expected an Open States search page \{results, pagination\} \(API said: "either 'jurisdiction' or 'q' required"\)/,
    );
  });

  it("throws MaintenancePageError for an HTML gateway error page (constructed, not a recording)", () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for an ordinary HTML page and an empty body (constructed)", () => {
    expect(() => parse(payload("<!DOCTYPE html><html><body><h1>Open States</h1></body></html>"))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(""))).toThrow(UnexpectedFormatError);
  });
});

describe("Open States manifest", () => {
  const { manifest } = source;

  it("is wired as the source and reads its key from OPENSTATES_API_KEY into the X-API-KEY header", () => {
    expect(source.parse).toBe(parse);
    expect(manifest.id).toBe("openstates");
    expect(manifest.apiKey).toEqual({ env: "OPENSTATES_API_KEY", in: "header", name: "X-API-KEY" });
  });

  it("searches /bills newest-updated first with abstracts, actions and sources, and no key in the URL", () => {
    const urls = manifest.endpoints.map((e) => new URL(e.path, `${manifest.baseUrl}/`));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url.origin + url.pathname).toBe("https://v3.openstates.org/bills");
      expect(url.searchParams.get("sort")).toBe("updated_desc");
      expect(url.searchParams.getAll("include")).toEqual(["abstracts", "actions", "sources"]);
      expect(url.searchParams.get("q")).toBeTruthy();
      expect(url.search).not.toMatch(/apikey/i);
    }
    expect(urls.map((u) => u.searchParams.get("q"))).toContain('"child sexual abuse material"');
  });
});
