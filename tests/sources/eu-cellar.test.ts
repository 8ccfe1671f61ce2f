import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/eu-cellar";
import { manifest, TITLE_SEARCH_QUERY, TRACKED_QUERY } from "../../sources/eu-cellar/manifest";
import { parse, readSparqlResults } from "../../sources/eu-cellar/parse";
import { TRACKED_INSTRUMENTS } from "../../sources/eu-cellar/tracked";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/eu-cellar/${name}`, import.meta.url));
const recordedBytes = fixture("sparql-select-manifestation-by-eli.results.json");
const trackedText = fixture("sparql-tracked-celex.from-docs.results.json").toString("utf8");

const ENDPOINT = "https://publications.europa.eu/webapi/rdf/sparql";
const payload = (body: Uint8Array | string, url = `${ENDPOINT}?query=…`): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/sparql-results+json",
  fetchedAt: "2026-11-22T06:00:00.000Z",
});

const byCelex = (records: InstrumentRecord[], celex: string): InstrumentRecord => {
  const found = records.find((r) => r.identifiers.celex === celex);
  if (!found) throw new Error(`no record ${celex}`);
  return found;
};

/** The tracked-CELEX results with their rows replaced (derived, not a recording). */
const withBindings = (bindings: unknown[]): string => {
  const doc = JSON.parse(trackedText);
  doc.results.bindings = bindings;
  return JSON.stringify(doc);
};
const trackedRows = (): Array<Record<string, { type: string; value: string }>> => JSON.parse(trackedText).results.bindings;

describe("CELLAR SPARQL results (recorded: manifestation by ELI, about 2023)", () => {
  it("reads the recorded SPARQL JSON envelope", () => {
    expect(readSparqlResults(payload(recordedBytes))).toEqual({
      head: { vars: ["manifestation"] },
      results: {
        bindings: [
          {
            manifestation: {
              type: "uri",
              value: "http://publications.europa.eu/resource/cellar/fcd9e6d2-6c02-11e3-9afb-01aa75ed71a1.0006.02",
            },
          },
        ],
      },
    });
  });

  it("yields no instrument from it: a manifestation query has no CELEX or title, so it is rejected as the wrong query", () => {
    expect(() => parse(payload(recordedBytes))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(recordedBytes))).toThrow(/lack the variable\(s\) celex, title .*; got manifestation$/);
  });

  it("rejects the recording cut in half (truncated download)", () => {
    const cut = recordedBytes.subarray(0, Math.floor(recordedBytes.length / 2));
    expect(() => readSparqlResults(payload(cut))).toThrow(/not SPARQL JSON results \(truncated, or an endpoint error\)/);
  });
});

describe("CELLAR SPARQL tracked-CELEX query (built from the SPARQL JSON results format: .from-docs. fixture)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(trackedText));
  });

  it("yields one instrument per tracked CELEX, in query order", () => {
    expect(records.map((r) => r.identifiers.celex)).toEqual(Object.keys(TRACKED_INSTRUMENTS).sort());
    expect(records.every((r) => r.type === "instrument" && r.jurisdictionCode === "EU")).toBe(true);
  });

  it("maps an act in force with its ELI", () => {
    expect(byCelex(records, "32022R2065")).toEqual({
      type: "instrument",
      externalId: "http://publications.europa.eu/resource/celex/32022R2065",
      jurisdictionCode: "EU",
      title:
        "Regulation (EU) 2022/2065 of the European Parliament and of the Council of 19 October 2022 on a Single Market For Digital Services and amending Directive 2000/31/EC (Digital Services Act) (Text with EEA relevance)",
      kind: "regulation",
      stage: "in_force",
      introducedOn: null,
      enactedOn: "2022-10-19",
      inForceOn: "2022-11-16",
      identifiers: { celex: "32022R2065", eli: "http://data.europa.eu/eli/reg/2022/2065/oj" },
      officialUrl: "https://eur-lex.europa.eu/eli/reg/2022/2065/oj",
      sourceUpdatedAt: null,
      summary: null,
      topics: [{ topic: "platform-duties", reason: 'title: digital services: "Digital Services"' }],
    });
  });

  it("maps a Commission proposal: introduced on its date, EUR-Lex CELEX URL, kind from the resource type", () => {
    expect(byCelex(records, "52022PC0209")).toMatchObject({
      title: "Proposal for a REGULATION OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL laying down rules to prevent and combat child sexual abuse",
      kind: "regulation",
      stage: "introduced",
      introducedOn: "2022-05-11",
      enactedOn: null,
      inForceOn: null,
      identifiers: { celex: "52022PC0209" },
      officialUrl: "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:52022PC0209",
    });
    expect(byCelex(records, "52024PC0060")).toMatchObject({ kind: "directive", stage: "introduced", introducedOn: "2024-02-06" });
  });

  it("an act whose in-force flag is unbound is enacted, not claimed in force", () => {
    expect(byCelex(records, "32021R1232")).toMatchObject({
      stage: "enacted",
      enactedOn: "2021-07-14",
      inForceOn: "2021-08-02",
      officialUrl: "https://eur-lex.europa.eu/eli/reg/2021/1232/oj",
    });
  });

  it("tags the Directive by its title and adds the tracked grooming topic", () => {
    expect(byCelex(records, "32011L0093")).toMatchObject({
      kind: "directive",
      stage: "in_force",
      enactedOn: "2011-12-13",
      inForceOn: null,
      topics: [
        { topic: "ai-csam", reason: 'title: CSAM offence (may extend to AI-generated material): "sexual exploitation of children"' },
        { topic: "tf-exploitation", reason: expect.stringMatching(/^tracked instrument: Directive 2011\/93\/EU art\. 6/) },
      ],
    });
  });

  it("tags the AI Act, whose title names no topic, from the tracked list", () => {
    expect(byCelex(records, "32024R1689").topics.map((t) => t.topic)).toEqual(["platform-duties", "capacity-safeguards"]);
  });

  it("is pure, and takes identity from the body (works for file:// imports)", () => {
    expect(parse(payload(trackedText, "file:///tmp/cellar.json"))).toEqual(records);
  });

  it("is wired as the source's parse", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest).toBe(manifest);
  });
});

describe("CELLAR SPARQL rows (derived: the .from-docs. rows rewritten)", () => {
  it("keeps an untracked work only when its title matches a topic (title-search results)", () => {
    const [directive, , dsa] = trackedRows();
    const onTopic = { ...directive!, celex: { type: "literal", value: "32099L0001" } };
    const offTopic = {
      ...dsa!,
      celex: { type: "literal", value: "32099R0002" },
      title: { type: "literal", value: "Regulation (EU) 2099/2 on the labelling of tyres" },
    };
    const records = parse(payload(withBindings([onTopic, offTopic])));
    expect(records.map((r) => r.identifiers.celex)).toEqual(["32099L0001"]);
    expect(records[0]!.topics.map((t) => t.topic)).toEqual(["ai-csam"]);
  });

  it("returns nothing (no error) when every row is off-topic and untracked", () => {
    const [, , dsa] = trackedRows();
    const offTopic = { ...dsa!, celex: { type: "literal", value: "32099R0002" }, title: { type: "literal", value: "Tyre labelling" } };
    expect(parse(payload(withBindings([offTopic])))).toEqual([]);
  });

  it("merges the rows of one work (one per resource type), filling values a first row left unbound", () => {
    const [, regulation] = trackedRows();
    const { entryIntoForce, ...withoutDate } = regulation!;
    const second = { ...regulation!, type: { type: "uri", value: "http://publications.europa.eu/resource/authority/resource-type/REG_IMPL" } };
    const records = parse(payload(withBindings([withoutDate, second])));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: "regulation", inForceOn: entryIntoForce!.value });
  });

  it('an act "no longer in force" is repealed; Virtuoso\'s typed-literal terms are read too', () => {
    const [directive] = trackedRows();
    const row = { ...directive!, inForce: { type: "typed-literal", datatype: "http://www.w3.org/2001/XMLSchema#boolean", value: "false" } };
    expect(parse(payload(withBindings([row])))[0]!.stage).toBe("repealed");
  });
});

describe("CELLAR SPARQL errors", () => {
  it("throws EmptyParseError for results with no rows (derived from the .from-docs. fixture)", () => {
    expect(() => parse(payload(withBindings([])))).toThrow(EmptyParseError);
  });

  it("rejects a row whose CELEX is not a CELEX number, or that has none (derived)", () => {
    const [directive] = trackedRows();
    expect(() => parse(payload(withBindings([{ ...directive!, celex: { type: "literal", value: "dir/2011/93" } }])))).toThrow(
      /"dir\/2011\/93" is not a CELEX number/,
    );
    const { celex, ...noCelex } = directive!;
    expect(celex?.value).toBe("32011L0093");
    expect(() => parse(payload(withBindings([noCelex])))).toThrow(/row 1 has no celex/);
  });

  it("rejects a binding term of the wrong shape, naming where (derived)", () => {
    const [directive] = trackedRows();
    const broken = { ...directive!, date: { type: "date", value: "2011-12-13" } };
    expect(() => parse(payload(withBindings([broken])))).toThrow(/results\.bindings\.0\.date\.type/);
  });

  it("rejects JSON that is not SPARQL results (constructed)", () => {
    expect(() => parse(payload('{"boolean":true}'))).toThrow(/expected SPARQL JSON results \{head:\{vars\}, results:\{bindings\}\}; head/);
  });

  it("rejects the endpoint's plain-text query error (constructed from Virtuoso's error wording)", () => {
    const error = "Virtuoso 37000 Error SP030: SPARQL compiler, line 3: Undefined namespace prefix at 'cdm' before '?work'";
    expect(() => parse(payload(error))).toThrow(/not SPARQL JSON results .*Virtuoso 37000 Error SP030/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html><head><title>Publications Office - Service unavailable</title></head>
<body><h1>The service is temporarily unavailable due to maintenance</h1></body></html>`;
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for SPARQL XML results and for an empty body (constructed)", () => {
    const xml = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><results/></sparql>';
    expect(() => parse(payload(xml))).toThrow(/HTML or XML instead of SPARQL JSON results/);
    expect(() => parse(payload(""))).toThrow(/empty body/);
  });
});

describe("CELLAR manifest", () => {
  const urls = manifest.endpoints.map((e) => new URL(e.path, `${manifest.baseUrl}/`));

  it("has the id and needs no key", () => {
    expect(manifest.id).toBe("eu-cellar");
    expect(manifest.apiKey).toBeNull();
  });

  it("sends the queries as URL-encoded SPARQL GET requests for JSON results", () => {
    expect(manifest.endpoints.map((e) => e.name)).toEqual(["tracked-celex", "title-search"]);
    for (const u of urls) {
      expect(`${u.origin}${u.pathname}`).toBe(ENDPOINT);
      expect(u.searchParams.get("format")).toBe("application/sparql-results+json");
    }
    expect(urls[0]!.searchParams.get("query")).toBe(TRACKED_QUERY.replace(/\s+/g, " ").trim());
    expect(urls[1]!.searchParams.get("query")).toBe(TITLE_SEARCH_QUERY.replace(/\s+/g, " ").trim());
  });

  it("asks for every tracked CELEX as a typed literal, and selects the variables the parser reads", () => {
    for (const celex of Object.keys(TRACKED_INSTRUMENTS)) expect(TRACKED_QUERY).toContain(`"${celex}"^^xsd:string`);
    const vars = JSON.parse(trackedText).head.vars as string[];
    for (const query of [TRACKED_QUERY, TITLE_SEARCH_QUERY]) {
      expect(query).toContain(`SELECT DISTINCT ${vars.map((v) => `?${v}`).join(" ")} WHERE`);
    }
  });
});
