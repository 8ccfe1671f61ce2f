import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/untc";
import { manifest } from "../../sources/untc/manifest";
import { parse, unresolvedParticipants } from "../../sources/untc/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type AssessmentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/untc/${name}`, import.meta.url));
const opscBytes = fixture("IV-11-c.en.from-docs.2025-12-04.xml");
const cyberBytes = fixture("XVIII-16.en.from-docs.2025-12-04.xml");
const opscText = opscBytes.toString("latin1");

const OPSC_URL = "https://treaties.un.org/doc/Publication/MTDSG/Volume%20I/Chapter%20IV/IV-11-c.en.xml";

const payload = (body: Uint8Array | string, contentType: string | null = "text/xml"): Payload => ({
  url: OPSC_URL,
  // Edited copies stay Latin-1, like the served file.
  body: typeof body === "string" ? Buffer.from(body, "latin1") : body,
  contentType,
  fetchedAt: "2025-12-04T09:30:00.000Z",
});

const byCode = (records: AssessmentRecord[], code: string): AssessmentRecord => {
  const found = records.find((r) => r.jurisdictionCode === code);
  if (!found) throw new Error(`no record for ${code}`);
  return found;
};

const OPSC_CITATION = {
  instrumentTitle:
    "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography",
  provision: "Status of signature and ratification",
  url: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-11-c&chapter=4&clang=_en",
};

describe("UNTC MTDSG XML for IV-11-c (from-docs fixture: documented format, dates from the Netherlands Treaty Database)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(opscBytes));
  });

  it("yields one OPSC assessment per participant: nine parties and one signatory", () => {
    expect(records.map((r) => r.jurisdictionCode)).toEqual(["AF", "AL", "AD", "AR", "AT", "BD", "BY", "BO", "BA", "SG"]);
    expect(records.every((r) => r.type === "assessment" && r.indicatorId === "treaty.opsc" && r.confidence === "high")).toBe(true);
    expect(records.filter((r) => r.value === "met")).toHaveLength(9);
  });

  it("maps a ratification after signature, with both dates and the official status page", () => {
    expect(byCode(records, "AT")).toEqual({
      type: "assessment",
      jurisdictionCode: "AT",
      indicatorId: "treaty.opsc",
      value: "met",
      rationale: "Party by ratification on 2004-05-06; signed 2000-09-06 (UNTC, MTDSG IV-11-c).",
      citations: [OPSC_CITATION],
      effectiveFrom: "2004-06-06",
      effectiveTo: null,
      effectiveBasis: "Instrument deposited 2004-05-06; in force for the State from 2004-06-06 (art. 14(2): one month after the deposit).",
      verifiedOn: "2025-12-04",
      confidence: "high",
    });
  });

  it("names the kind of action: accession (a) without signature", () => {
    expect(byCode(records, "AF").rationale).toBe("Party by accession (a) on 2002-09-19 (UNTC, MTDSG IV-11-c).");
    expect(byCode(records, "BY").rationale).toBe("Party by accession (a) on 2002-01-23 (UNTC, MTDSG IV-11-c).");
  });

  it("resolves the UN spelling 'Bolivia (Plurinational State of)'", () => {
    expect(byCode(records, "BO")).toMatchObject({ value: "met", rationale: "Party by ratification on 2003-06-03; signed 2001-11-10 (UNTC, MTDSG IV-11-c)." });
  });

  it("a signature without ratification is partial", () => {
    expect(byCode(records, "SG")).toMatchObject({ value: "partial", rationale: "Signed 2025-11-25; not yet a party (UNTC, MTDSG IV-11-c)." });
  });

  it("agrees with the derived 2022 CSV of the same status page (year of consent, party vs no action)", () => {
    const rows = parseCsv(fixture("untc-derived.op-crc-sale-of-children.status.2022-06-13.csv"), { columns: true }) as Record<string, string>[];
    const csv = new Map(rows.map((r) => [r.iso2, r]));
    for (const r of records.filter((x) => x.value === "met")) {
      const row = csv.get(r.jurisdictionCode);
      expect(row?.["state party"], r.jurisdictionCode).toBe("1");
      expect(r.rationale).toContain(`on ${row?.["year ratification or accession"]}-`);
    }
    expect(csv.get("SG")?.status).toBe("no action");
  });

  it("takes verifiedOn from fetchedAt (the document carries no status date) and leaves absent states out", () => {
    expect(new Set(records.map((r) => r.verifiedOn))).toEqual(new Set(["2025-12-04"]));
    expect(records.some((r) => r.jurisdictionCode === "US")).toBe(false);
  });

  it("reports no unresolved participant names", () => {
    expect(unresolvedParticipants(payload(opscBytes))).toEqual([]);
  });

  it("is pure: the same bytes give deep-equal output and the input is untouched", () => {
    const copy = Buffer.from(opscBytes);
    expect(parse(payload(copy))).toEqual(records);
    expect(copy.equals(opscBytes)).toBe(true);
  });

  it("works from a file:// URL without a Content-Type (identity comes from the title in the body)", () => {
    expect(parse({ ...payload(opscBytes, null), url: "file:///tmp/status.xml" })).toEqual(records);
  });
});

describe("UNTC MTDSG XML for XVIII-16 (from-docs fixture: Latin-1, signatures from the Netherlands Treaty Database)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse({ ...payload(cyberBytes), url: "file:///tmp/XVIII-16.en.xml" });
  });

  it("maps every signatory of the UN Convention against Cybercrime to partial", () => {
    expect(records.map((r) => r.jurisdictionCode)).toEqual([
      "DZ", "AT", "BE", "CN", "CI", "KP", "CD", "EU", "FR", "IR", "LA", "ML", "MU", "RU", "PS", "TR", "TZ",
    ]);
    expect(records.every((r) => r.indicatorId === "treaty.un-cybercrime" && r.value === "partial")).toBe(true);
  });

  it("decodes Latin-1 names (Côte d'Ivoire, Türkiye) and keeps the full title in the citation", () => {
    expect(byCode(records, "CI").rationale).toBe("Signed 2025-10-25; not yet a party (UNTC, MTDSG XVIII-16).");
    expect(byCode(records, "TR").citations[0]).toEqual({
      instrumentTitle:
        "United Nations Convention against Cybercrime; Strengthening International Cooperation for Combating Certain Crimes Committed by Means of Information and Communications Technology Systems and for the Sharing of Evidence Related to Serious Crimes",
      provision: "Status of signature and ratification",
      url: "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en",
    });
  });

  it("reads each row's own date (Mali 26 Oct, Mauritius 19 Nov) and maps the European Union to EU", () => {
    expect(byCode(records, "ML").rationale).toContain("Signed 2025-10-26");
    expect(byCode(records, "MU").rationale).toContain("Signed 2025-11-19");
    expect(byCode(records, "EU").value).toBe("partial");
  });
});

describe("UNTC MTDSG variants (derived: the IV-11-c from-docs fixture with one part edited)", () => {
  const edit = (from: string, to: string): string => {
    expect(opscText).toContain(from);
    return opscText.replace(from, to);
  };
  const AUSTRIA = "<Entry>Austria</Entry><Entry>6 Sep\t 2000</Entry><Entry>6 May\t 2004</Entry>";

  it("strips footnote markers from names (escaped <superscript>, 'Albania 1', 'Albania a')", () => {
    let text = edit("<Entry>Austria</Entry>", "<Entry>Austria&lt;superscript&gt;3&lt;/superscript&gt;</Entry>");
    text = text.replace("<Entry>Albania</Entry>", "<Entry>Albania 1</Entry>").replace("<Entry>Andorra</Entry>", "<Entry>Andorra a</Entry>");
    const records = parse(payload(text));
    expect(records.map((r) => r.jurisdictionCode).slice(0, 5)).toEqual(["AF", "AL", "AD", "AR", "AT"]);
  });

  it.each([
    ["6 May\t 2004 A", "acceptance (A)"],
    ["6 May\t 2004 AA", "approval (AA)"],
    ["6 May\t 2004 d", "succession (d)"],
    ["[6 May\t 2004 A]", "acceptance (A)"],
    ["6 May\t 2004 4,5", "ratification"],
  ])("reads the consent cell %j as %s", (cell, kind) => {
    const records = parse(payload(edit(AUSTRIA, `<Entry>Austria</Entry><Entry>6 Sep\t 2000</Entry><Entry>${cell}</Entry>`)));
    expect(byCode(records, "AT").rationale).toBe(`Party by ${kind} on 2004-05-06; signed 2000-09-06 (UNTC, MTDSG IV-11-c).`);
  });

  it("a signatory's answer holds from the day of signature; a signature by succession says so", () => {
    expect(byCode(parse(payload(opscText)), "SG")).toMatchObject({ effectiveFrom: "2025-11-25", effectiveTo: null, effectiveBasis: "Signed 2025-11-25 (UNTC status page)." });
    const records = parse(payload(edit(AUSTRIA, "<Entry>Austria</Entry><Entry>6 Sep\t 2000 d</Entry><Entry/>")));
    expect(byCode(records, "AT")).toMatchObject({
      value: "partial",
      rationale: "Signature by succession 2000-09-06; not yet a party (UNTC, MTDSG IV-11-c).",
      effectiveFrom: "2000-09-06",
    });
  });

  it("leaves out a row with neither signature nor consent", () => {
    const records = parse(payload(edit(AUSTRIA, "<Entry>Austria</Entry><Entry/><Entry/>")));
    expect(records.map((r) => r.jurisdictionCode)).toEqual(["AF", "AL", "AD", "AR", "BD", "BY", "BO", "BA", "SG"]);
  });

  it("when two rows name the same State, the party outranks an earlier signature", () => {
    // Austria only signed; a later row (Bosnia and Herzegovina's, renamed) says Austria is a party.
    const text = edit(AUSTRIA, "<Entry>Austria</Entry><Entry>6 Sep\t 2000</Entry><Entry/>").replace("<Entry>Bosnia and Herzegovina</Entry>", "<Entry>Austria</Entry>");
    const records = parse(payload(text));
    expect(records.map((r) => r.jurisdictionCode)).toEqual(["AF", "AL", "AD", "AR", "AT", "BD", "BY", "BO", "SG"]);
    expect(byCode(records, "AT")).toMatchObject({ value: "met", rationale: "Party by ratification on 2002-09-04; signed 2000-09-07 (UNTC, MTDSG IV-11-c)." });
    // And the other way round: a later signature does not undo an earlier ratification.
    const later = parse(payload(opscText.replace("<Entry>Singapore</Entry>", "<Entry>Austria</Entry>")));
    expect(byCode(later, "AT")).toMatchObject({ value: "met", effectiveFrom: "2004-06-06" });
  });

  it("reads UNTC's heading 'Signature, Succession to signature(d)' as the signature column, not the consent column", () => {
    const text = edit("<Entry>Signature</Entry>", "<Entry>Signature, Succession to signature(d)</Entry>");
    expect(parse(payload(text))).toEqual(parse(payload(opscText)));
  });

  it("finds the columns by their headings, in either order: a consent column that mentions 'Definitive signature(s)' is not the signature column", () => {
    const swapped = opscText
      .replace(/<Row>(<Entry>[^<]*<\/Entry>)(<Entry\/>|<Entry>[^<]*<\/Entry>)(<Entry\/>|<Entry>[^<]*<\/Entry>)<\/Row>/g, "<Row>$1$3$2</Row>")
      .replace("Succession(d)</Entry>", "Succession(d), Definitive signature(s)</Entry>");
    expect(swapped).toContain("<Row><Entry>Participant</Entry><Entry>Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d), Definitive signature(s)</Entry><Entry>Signature</Entry></Row>");
    expect(byCode(parse(payload(swapped)), "AT")).toMatchObject({ value: "met", rationale: "Party by ratification on 2004-05-06; signed 2000-09-06 (UNTC, MTDSG IV-11-c)." });
    expect(byCode(parse(payload(swapped)), "SG")).toMatchObject({ value: "partial", effectiveFrom: "2025-11-25" });
  });

  it("refuses a participant row without a name, whether its first cell is empty or missing", () => {
    expect(() => parse(payload(edit("<Entry>Austria</Entry>", "<Entry/>")))).toThrow(`${OPSC_URL}: participant row without a name`);
    expect(() => parse(payload(edit(AUSTRIA, "")))).toThrow(`${OPSC_URL}: participant row without a name`);
  });

  it("a row cut short after the name has no dates and is left out, not refused", () => {
    const records = parse(payload(edit(AUSTRIA, "<Entry>Austria</Entry>")));
    expect(records.map((r) => r.jurisdictionCode)).toEqual(["AF", "AL", "AD", "AR", "BD", "BY", "BO", "BA", "SG"]);
  });

  it("when two rows of equal rank name the same State, the first is kept", () => {
    // Austria signed only; Singapore's row (a signature of 2025-11-25), renamed, comes later.
    const text = edit(AUSTRIA, "<Entry>Austria</Entry><Entry>6 Sep\t 2000</Entry><Entry/>").replace("<Entry>Singapore</Entry>", "<Entry>Austria</Entry>");
    expect(byCode(parse(payload(text)), "AT")).toMatchObject({ value: "partial", effectiveFrom: "2000-09-06" });
  });

  it("refuses a table whose headings name no ratification, accession or succession column", () => {
    expect(() => parse(payload(edit("<Entry>Participant</Entry>", "<Entry>Participant</Entry>").replace(/<Entry>Ratification[^<]*<\/Entry>/, "<Entry>Notes</Entry>")))).toThrow(
      /unexpected participant table header \[Participant \| Signature \| Notes\]/,
    );
  });

  it("an unknown month is unreadable, not guessed", () => {
    expect(() => parse(payload(edit("6 May\t 2004", "6 Mai\t 2004")))).toThrow(/Austria: unreadable date "6 Mai 2004"/);
  });

  it("skips a name it cannot resolve, and says which", () => {
    const text = edit("<Entry>Belarus</Entry>", "<Entry>Atlantis</Entry>");
    const records = parse(payload(text));
    expect(records).toHaveLength(9);
    expect(records.some((r) => r.jurisdictionCode === "BY")).toBe(false);
    expect(unresolvedParticipants(payload(text))).toEqual(["Atlantis"]);
  });

  it("throws when no participant resolves at all", () => {
    const text = opscText.replace(/<Row><Entry>(?!Participant<)[^<]+<\/Entry>/g, "<Row><Entry>Atlantis</Entry>");
    expect(() => parse(payload(text))).toThrow(/no participant resolved/);
    // Eleven rows: the message names the first ten.
    const eleven = text.replace("</Rows>", "<Row><Entry>Lemuria</Entry><Entry>6 Sep\t 2000</Entry><Entry/></Row></Rows>");
    expect(() => parse(payload(eleven))).toThrow(
      `${OPSC_URL}: no participant resolved to a jurisdiction with a dated action (first names: Atlantis, Atlantis, Atlantis, Atlantis, Atlantis, Atlantis, Atlantis, Atlantis, Atlantis, Atlantis)`,
    );
  });

  it.each([
    ["Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime", "treaty.palermo-protocol", "XVIII-12-a"],
    ["12. a) Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, supplementing the United Nations Convention against Transnational Organized Crime", "treaty.palermo-protocol", "XVIII-12-a"],
    ["United Nations Convention against Transnational Organized Crime", "treaty.untoc", "XVIII-12"],
    ["United Nations Convention against Transnational Organized Crime&lt;superscript&gt;1&lt;/superscript&gt;", "treaty.untoc", "XVIII-12"],
  ])("identifies the treaty from its title %j", (title, indicatorId, mtdsg) => {
    const records = parse(payload(opscText.replace(OPSC_CITATION.instrumentTitle, title)));
    expect(records[0]).toMatchObject({ indicatorId });
    expect(records[0]?.citations[0]?.url).toBe(`https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=${mtdsg}&chapter=18&clang=_en`);
    expect(records[0]?.rationale).toContain(`MTDSG ${mtdsg})`);
  });

  it("rejects an untracked treaty whose title ends like UNTOC's (the Smuggling of Migrants Protocol)", () => {
    const smuggling =
      "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations Convention against Transnational Organized Crime";
    expect(() => parse(payload(opscText.replace(OPSC_CITATION.instrumentTitle, smuggling)))).toThrow(/not a tracked treaty/);
  });

  it("rejects an unreadable date instead of guessing", () => {
    expect(() => parse(payload(edit("6 May\t 2004", "May 2004")))).toThrow(/Austria: unreadable date "May 2004"/);
    expect(() => parse(payload(edit("6 May\t 2004", "31 Feb\t 2004")))).toThrow(/impossible date/);
  });

  it("rejects a changed header row", () => {
    expect(() => parse(payload(edit("<Entry>Participant</Entry>", "<Entry>State</Entry>")))).toThrow(/unexpected participant table header/);
  });
});

describe("UNTC errors", () => {
  it("throws MaintenancePageError for the site's 'urgent maintenance' page served with 200 (constructed, not a recording)", () => {
    const html = `<!DOCTYPE html><html><head><title>United Nations Treaty Collection</title></head>
<body><p>The United Nations Treaty Collection website is undergoing urgent maintenance and is currently unavailable.</p></body></html>`;
    expect(() => parse(payload(html, "text/html"))).toThrow(MaintenancePageError);
  });

  it("throws UnexpectedFormatError for an ordinary HTML page (constructed, not a recording)", () => {
    const html = "<!DOCTYPE html><html><head><title>View Details</title></head><body><h1>Status of Treaties</h1></body></html>";
    expect(() => parse(payload(html, "text/html"))).toThrow(UnexpectedFormatError);
  });

  it("rejects the fixture cut in half and cut just before the closing root tag (truncated downloads)", () => {
    expect(() => parse(payload(opscBytes.subarray(0, Math.floor(opscBytes.length / 2))))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload(opscBytes.subarray(0, opscText.lastIndexOf("</MTDSG>"))))).toThrow(/truncated/);
  });

  it("throws EmptyParseError when the participant table has no rows (derived from the fixture)", () => {
    const empty = opscText.replace(/<Rows>[\s\S]*<\/Rows>/, "<Rows/>");
    expect(() => parse(payload(empty))).toThrow(EmptyParseError);
  });

  it("throws UnexpectedFormatError for an empty body, JSON, and XML that is not an MTDSG document", () => {
    expect(() => parse(payload(""))).toThrow(UnexpectedFormatError);
    expect(() => parse(payload('{"participants":[]}', "application/json"))).toThrow(/JSON instead/);
    expect(() => parse(payload('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'))).toThrow(
      /no Treaty\/Participants/,
    );
  });

  it("throws UnexpectedFormatError when the title is missing (cannot tell the treaty)", () => {
    expect(() => parse(payload(opscText.replace(/<Titlesect>[^<]*<\/Titlesect>/, "")))).toThrow(/no Header\/ExternalData\/Titlesect/);
  });
});

describe("UNTC manifest", () => {
  it("is wired as the source, keyless, one MTDSG XML per tracked treaty", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest).toBe(manifest);
    expect(manifest.id).toBe("untc");
    expect(manifest.apiKey).toBeNull();
    expect(manifest.maxFollows).toBe(0);
    expect(manifest.endpoints.map((e) => e.path)).toEqual([
      "/doc/Publication/MTDSG/Volume%20I/Chapter%20IV/IV-11-c.en.xml",
      "/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-12-a.en.xml",
      "/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-12.en.xml",
      "/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-16.en.xml",
    ]);
    expect(new URL(manifest.endpoints[0]!.path, manifest.baseUrl).toString()).toBe(OPSC_URL);
  });
});
