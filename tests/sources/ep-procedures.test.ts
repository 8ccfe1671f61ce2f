import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/ep-procedures";
import { manifest } from "../../sources/ep-procedures/manifest";
import { parse } from "../../sources/ep-procedures/parse";
import { EmptyParseError, MaintenancePageError, UnexpectedFormatError, type Payload } from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/ep-procedures/${name}`, import.meta.url));
const csaRegulationBytes = fixture("procedure-2022-0155.from-docs.json");
const csaRegulationText = csaRegulationBytes.toString("utf8");
const recastDirectiveText = fixture("procedure-2024-0035.from-docs.json").toString("utf8");

const payload = (body: Uint8Array | string, url = "https://data.europarl.europa.eu/api/v2/procedures/2022-0155?format=application%2Fld%2Bjson"): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType: "application/ld+json",
  fetchedAt: "2026-11-22T06:00:00.000Z",
});

/** The 2022/0155 document with its Process changed (derived from the .from-docs. fixture). */
const csaRegulationWith = (change: (process: Record<string, unknown> & { consists_of: unknown[] }) => void): string => {
  const doc = JSON.parse(csaRegulationText);
  change(doc.data[0]);
  return JSON.stringify(doc);
};
const event = (code: string, date: string) => ({
  id: `eli/dl/event/2022-0155-X-${date}`,
  type: "Activity",
  activity_date: date,
  had_activity_type: `def/ep-activities/${code}`,
});

describe("EP Open Data procedure 2022/0155(COD) (built from the documented JSON-LD shape: .from-docs. fixture)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(csaRegulationBytes));
  });

  it("yields the CSA Regulation procedure at first reading", () => {
    expect(records).toEqual([
      {
        type: "instrument",
        externalId: "https://data.europarl.europa.eu/eli/dl/proc/2022-0155",
        jurisdictionCode: "EU",
        title: "Combating child sexual abuse online",
        kind: "regulation",
        stage: "introduced",
        introducedOn: "2022-09-12",
        enactedOn: null,
        inForceOn: null,
        identifiers: { epProcedure: "2022/0155(COD)" },
        officialUrl: "https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)",
        sourceUpdatedAt: null,
        summary: null,
        topics: [
          { topic: "platform-duties", reason: 'title: online child sexual abuse: "child sexual abuse online"' },
          { topic: "tf-exploitation", reason: expect.stringMatching(/^tracked procedure: CSA Regulation/) },
        ],
      },
    ]);
  });

  it("takes identity from the body (works for file:// imports) and is pure", () => {
    const copy = Buffer.from(csaRegulationBytes);
    expect(parse(payload(copy, "file:///tmp/procedure.json"))).toEqual(records);
    expect(copy.equals(csaRegulationBytes)).toBe(true);
  });

  it("is wired as the source's parse", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest).toBe(manifest);
  });
});

describe("EP Open Data procedure 2024/0035(COD) (built from the documented JSON-LD shape: .from-docs. fixture)", () => {
  it("names the recast Directive by its reference when the document has no title, and tags it as tracked", () => {
    expect(parse(payload(recastDirectiveText))).toEqual([
      expect.objectContaining({
        externalId: "https://data.europarl.europa.eu/eli/dl/proc/2024-0035",
        title: "2024/0035(COD)",
        kind: "directive",
        stage: "introduced",
        introducedOn: null,
        officialUrl: "https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=2024/0035(COD)",
        topics: [
          { topic: "ai-csam", reason: expect.stringMatching(/^tracked procedure: recast CSA Directive/) },
          { topic: "tf-exploitation", reason: expect.stringMatching(/^tracked procedure: recast CSA Directive/) },
        ],
      }),
    ]);
  });
});

describe("EP Open Data procedure stages (derived: the 2022/0155 document with events or stage changed)", () => {
  it("Parliament's first-reading position: passed_chamber", () => {
    const text = csaRegulationWith((p) => p.consists_of.push(event("PLENARY_ADOPT_POSITION", "2026-03-26")));
    expect(parse(payload(text))[0]!.stage).toBe("passed_chamber");
  });

  it("a second-reading phase: passed_chamber", () => {
    const text = csaRegulationWith((p) => {
      p.current_stage = "http://publications.europa.eu/resource/authority/procedure-phase/RDG2";
    });
    expect(parse(payload(text))[0]!.stage).toBe("passed_chamber");
  });

  it("signature of the act: enacted on the signature date", () => {
    const text = csaRegulationWith((p) => {
      p.consists_of.push(event("PUBLICATION_OFFICIAL_JOURNAL", "2027-02-10"), event("SIGNATURE", "2027-01-20"));
    });
    expect(parse(payload(text))[0]).toMatchObject({ stage: "enacted", enactedOn: "2027-01-20" });
  });

  it("an untracked procedure takes its kind from the title, arrays of labels their first, and a title in another language", () => {
    const text = csaRegulationWith((p) => {
      p.process_id = "2025-0429";
      p.id = "eli/dl/proc/2025-0429";
      p.label = ["2025/0429(COD)", "2025/0429(NLE)"];
      p.process_title = { fr: "Modification du règlement (UE) 2021/1232" };
    });
    expect(parse(payload(text))[0]).toMatchObject({
      title: "Modification du règlement (UE) 2021/1232",
      kind: "other",
      identifiers: { epProcedure: "2025/0429(COD)" },
      topics: [],
    });
    const english = csaRegulationWith((p) => {
      p.process_id = "2025-0429";
      p.process_title = { en: "Amending Regulation (EU) 2021/1232" };
    });
    expect(parse(payload(english))[0]!.kind).toBe("regulation");
  });
});

describe("EP Open Data procedure errors", () => {
  it("rejects the fixture cut in half (truncated download; cut from the .from-docs. bytes)", () => {
    const cut = csaRegulationBytes.subarray(0, Math.floor(csaRegulationBytes.length / 2));
    expect(() => parse(payload(cut))).toThrow(/not valid JSON \(truncated\?\)/);
  });

  it("throws EmptyParseError for an empty data array (derived)", () => {
    const doc = JSON.parse(csaRegulationText);
    doc.data = [];
    expect(() => parse(payload(JSON.stringify(doc)))).toThrow(EmptyParseError);
  });

  it("rejects a data item that is not a procedure, naming it (derived)", () => {
    const text = csaRegulationWith((p) => {
      delete p.process_id;
    });
    expect(() => parse(payload(text))).toThrow(/data item 1 is not a procedure \(process_id, label\); process_id: Required/);
  });

  it("rejects JSON without data, and plain JSON arrays (constructed)", () => {
    expect(() => parse(payload('{"@graph":[]}'))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload("[]"))).toThrow(/expected EP Open Data JSON-LD \{data: \[\.\.\.\]\}/);
  });

  it("throws MaintenancePageError for an HTML maintenance page (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html><head><title>European Parliament - Open Data Portal</title></head>
<body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime.</p></body></html>`;
    expect(() => parse(payload(html))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for an ordinary HTML page and an empty body (constructed)", () => {
    expect(() => parse(payload("<html><body><h1>Procedure file</h1></body></html>"))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(""))).toThrow(/empty body/);
  });
});

describe("EP Open Data manifest", () => {
  it("has the id and needs no key", () => {
    expect(manifest.id).toBe("ep-procedures");
    expect(manifest.apiKey).toBeNull();
  });

  it("fetches the two tracked procedures as JSON-LD", () => {
    const urls = manifest.endpoints.map((e) => new URL(e.path, `${manifest.baseUrl}/`));
    expect(urls.map((u) => u.pathname)).toEqual(["/api/v2/procedures/2022-0155", "/api/v2/procedures/2024-0035"]);
    for (const u of urls) expect(u.searchParams.get("format")).toBe("application/ld+json");
    expect(manifest.endpoints.map((e) => e.name)).toEqual(["procedure-2022-0155", "procedure-2024-0035"]);
  });
});
