import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { source } from "../../sources/coe-treaties";
import { manifest } from "../../sources/coe-treaties/manifest";
import { excludesVirtualMaterial, parse, unresolvedParticipants } from "../../sources/coe-treaties/parse";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type AssessmentRecord,
  type Payload,
} from "../../sources/types";

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/coe-treaties/${name}`, import.meta.url), "utf8");
const chart185 = fixture("signatures.NumSte-185.from-docs.2007.json");
const chart201 = fixture("signatures.NumSte-201.from-docs.2016.json");
const decl185 = fixture("getDeclarations.numSte-185.from-docs.2021.json");
const decl201 = fixture("getDeclarations.numSte-201.from-docs.2020.json");

const WS = "https://conventions-ws.coe.int/WS_LFRConventions/";
const chartUrlOf = (cets: string): string => `${WS}api/signatures?NumSte=${cets}&langue=ENG`;
const declUrlOf = (cets: string): string => `${WS}api/conventions/getDeclarations?numSte=${cets}&codeNature=0&langue=ENG`;

const payload = (body: string | Uint8Array, url: string, fetchedAt: string, contentType: string | null = "application/json; charset=utf-8"): Payload => ({
  url,
  body: typeof body === "string" ? new TextEncoder().encode(body) : body,
  contentType,
  fetchedAt,
});

const byCode = (records: AssessmentRecord[], code: string): AssessmentRecord => {
  const found = records.find((r) => r.jurisdictionCode === code);
  if (!found) throw new Error(`no record for ${code}`);
  return found;
};

type ChartRow = Record<string, unknown>;
/** A copy of a chart fixture with one row changed (derived payloads). */
const withRow = (chart: string, name: string, change: (row: ChartRow) => void): string => {
  const data = JSON.parse(chart) as ChartRow[][];
  const row = data.flat().find((r) => r.LibPaysOrga === name);
  if (!row) throw new Error(`no row ${name}`);
  change(row);
  return JSON.stringify(data);
};
type DeclRow = { code_Pays: { Value: string }; nature_Dec: string; numero_Article: string; date_Effet: string | null; date_Effet_Retrait: string | null; texte_Decl: string };
const withDeclaration = (list: string, state: string, change: (row: DeclRow) => void): string => {
  const data = JSON.parse(list) as DeclRow[];
  const row = data.find((d) => d.code_Pays.Value === state && /^Reserv/.test(d.nature_Dec));
  if (!row) throw new Error(`no reservation of ${state}`);
  change(row);
  return JSON.stringify(data);
};

const BUDAPEST_CHART = {
  instrumentTitle: "Convention on Cybercrime (CETS No. 185)",
  provision: "Status of signature and ratification",
  url: "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=185",
};
const LANZAROTE_TITLE = "Council of Europe Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse (CETS No. 201)";

/** Constructed from the treaties' own reservation clauses; no state's real reservation is quoted here. */
const CONSTRUCTED_LANZAROTE_FIRST_INDENT =
  "<p>In accordance with Article 20, paragraph 3, of the Convention, the State reserves the right not to apply Article 20, paragraph 1.a and e, to the production and possession of pornographic material consisting exclusively of simulated representations or realistic images of a non-existent child.</p>";
const CONSTRUCTED_BUDAPEST_9_4 =
  "<p>In accordance with Article 9, paragraph 4, of the Convention, the State reserves the right not to apply Article 9, paragraph 2, sub-paragraphs b and c.</p>";

describe("CoE chart for CETS 185 (from-docs fixture: documented JSON format, parties and dates from Tractatenblad 2007, 10)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(chart185, chartUrlOf("185"), "2007-05-01T06:00:00.000Z"));
  });

  it("answers every listed state except the party flagged with reservations", () => {
    expect(records.map((r) => `${r.jurisdictionCode}:${r.value}`)).toEqual([
      "AL:met", "BE:partial", "DK:met", "FI:partial", "FR:met", "IE:partial", "CA:partial", "JP:partial",
    ]);
    expect(records.every((r) => r.indicatorId === "treaty.budapest" && r.confidence === "high" && r.verifiedOn === "2007-05-01")).toBe(true);
  });

  it("maps a party with its consent, entry-into-force and signature dates and the coe.int chart", () => {
    expect(byCode(records, "DK")).toEqual({
      type: "assessment",
      jurisdictionCode: "DK",
      indicatorId: "treaty.budapest",
      value: "met",
      rationale: "Party: bound since 2005-06-21, in force 2005-10-01; signed 2003-04-22 (CoE Treaty Office, CETS 185).",
      citations: [BUDAPEST_CHART],
      effectiveFrom: "2005-10-01",
      effectiveTo: null,
      effectiveBasis: "Instrument deposited 2005-06-21; in force for the State from 2005-10-01 (Treaty Office chart).",
      verifiedOn: "2007-05-01",
      confidence: "high",
    });
  });

  it("a signature without ratification is partial, for member and non-member states", () => {
    expect(byCode(records, "IE").rationale).toBe("Signed 2002-02-28; not ratified (CoE Treaty Office, CETS 185).");
    expect(byCode(records, "JP").value).toBe("partial");
  });

  it("leaves Bulgaria (Reserves flagged) to the reservations list, which alone has the reservation's words", () => {
    expect(records.some((r) => r.jurisdictionCode === "BG")).toBe(false);
  });

  it("is pure, and works from a file:// URL because the treaty number is in every row", () => {
    const bytes = new TextEncoder().encode(chart185);
    const copy = Uint8Array.from(bytes);
    expect(parse(payload(copy, "file:///tmp/chart.json", "2007-05-01T06:00:00.000Z", null))).toEqual(records);
    expect(copy).toEqual(bytes);
  });
});

describe("CoE chart variants (derived: the CETS 185 from-docs fixture with one row changed)", () => {
  const asOf = "2007-05-01T00:00:00.000Z";

  it("a listed state with no signature and no consent is not_met", () => {
    const records = parse(payload(withRow(chart185, "Belgium", (r) => (r.DateSignature = null)), chartUrlOf("185"), asOf));
    expect(byCode(records, "BE")).toMatchObject({ value: "not_met", rationale: "Listed on the chart with no signature or ratification (CoE Treaty Office, CETS 185)." });
  });

  it("a denunciation in effect is not_met; one not yet in effect leaves the state a party", () => {
    const denounce = (effective: string) =>
      withRow(chart185, "Denmark", (r) => {
        r.DateDenonciation = "2006-06-01T00:00:00";
        r.DateEffetDenonciation = effective;
      });
    expect(byCode(parse(payload(denounce("2007-01-01T00:00:00"), chartUrlOf("185"), asOf)), "DK")).toMatchObject({
      value: "not_met",
      rationale: "Denounced on 2006-06-01, effective 2007-01-01; had been bound since 2005-06-21 (CoE Treaty Office, CETS 185).",
    });
    expect(byCode(parse(payload(denounce("2008-01-01T00:00:00"), chartUrlOf("185"), asOf)), "DK").value).toBe("met");
  });

  it("a denunciation effective on the day read is in effect; without a denunciation date the rationale says only when it took effect", () => {
    const denounced = withRow(chart185, "Denmark", (r) => (r.DateEffetDenonciation = "2007-05-01T00:00:00"));
    expect(byCode(parse(payload(denounced, chartUrlOf("185"), asOf)), "DK")).toMatchObject({
      value: "not_met",
      rationale: "Denounced, effective 2007-05-01; had been bound since 2005-06-21 (CoE Treaty Office, CETS 185).",
      effectiveFrom: "2007-05-01",
      effectiveBasis: "Denunciation effective 2007-05-01 (Treaty Office chart).",
    });
  });

  it("a denunciation date on a row that was never bound changes nothing: the signatory stays partial", () => {
    const odd = withRow(chart185, "Japan", (r) => (r.DateEffetDenonciation = "2007-01-01T00:00:00"));
    expect(byCode(parse(payload(odd, chartUrlOf("185"), asOf)), "JP")).toMatchObject({
      value: "partial",
      rationale: "Signed 2001-11-23; not ratified (CoE Treaty Office, CETS 185).",
      effectiveFrom: "2001-11-23",
      effectiveBasis: "Signed 2001-11-23 (Treaty Office chart).",
    });
  });

  it("a state listed with no action is not bound since the treaty was concluded (Budapest, 23 Nov 2001), as of the chart's reading", () => {
    const records = parse(payload(withRow(chart185, "Belgium", (r) => (r.DateSignature = null)), chartUrlOf("185"), asOf));
    expect(byCode(records, "BE")).toMatchObject({
      effectiveFrom: "2001-11-23",
      effectiveBasis: "Not a signatory on the chart read 2007-05-01; a chart lists every signature, ratification and denunciation, so not bound since the treaty was concluded.",
    });
  });

  it("takes the treaty number from the URL when rows do not carry it, and refuses when neither does", () => {
    const bare = JSON.stringify((JSON.parse(chart185) as ChartRow[][]).map((b) => b.map(({ NumSTE: _n, ...rest }) => rest)));
    expect(parse(payload(bare, chartUrlOf("185"), asOf))).toHaveLength(8);
    expect(() => parse(payload(bare, "file:///tmp/chart.json", asOf))).toThrow(/no treaty number in the body or URL/);
  });

  it("skips a name it cannot resolve, and says which", () => {
    const text = withRow(chart185, "Japan", (r) => (r.LibPaysOrga = "Atlantis"));
    expect(parse(payload(text, chartUrlOf("185"), asOf)).some((r) => r.jurisdictionCode === "JP")).toBe(false);
    expect(unresolvedParticipants(payload(text, chartUrlOf("185"), asOf))).toEqual(["Atlantis"]);
  });

  it("throws when no name resolves at all", () => {
    const data = (JSON.parse(chart185) as ChartRow[][]).map((b) => b.map((r) => ({ ...r, LibPaysOrga: "Atlantis" })));
    expect(() => parse(payload(JSON.stringify(data), chartUrlOf("185"), asOf))).toThrow(/no name resolved/);
  });
});

describe("CoE chart for CETS 201 (from-docs fixture: parties and dates from coe.int declarations pages)", () => {
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(chart201, chartUrlOf("201"), "2016-07-25T00:00:00.000Z"));
  });

  it("answers only Austria: Andorra and Denmark are flagged with reservations and left to the list", () => {
    expect(records).toEqual([
      {
        type: "assessment",
        jurisdictionCode: "AT",
        indicatorId: "treaty.lanzarote",
        value: "met",
        rationale: "Party: bound since 2011-02-25 (CoE Treaty Office, CETS 201).",
        citations: [
          { instrumentTitle: LANZAROTE_TITLE, provision: "Status of signature and ratification", url: "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=201" },
        ],
        effectiveFrom: "2011-06-01",
        effectiveTo: null,
        effectiveBasis: "Instrument deposited 2011-02-25; in force for the State from 2011-06-01 (art. 45(4): the first day of the month after three months from the deposit).",
        verifiedOn: "2016-07-25",
        confidence: "high",
      },
    ]);
  });

  it.each([
    ["197", "treaty.coe-trafficking", "Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197)"],
    ["224", "treaty.budapest-second-protocol", "Second Additional Protocol to the Convention on Cybercrime on enhanced co-operation and disclosure of electronic evidence (CETS No. 224)"],
  ])("maps CETS %s to %s, answering flagged parties too (derived: treaty number rewritten, dates not that treaty's)", (cets, indicatorId, title) => {
    const rewritten = chart201.replaceAll('"NumSTE":"201"', `"NumSTE":"${cets}"`);
    const records = parse(payload(rewritten, chartUrlOf(cets), "2016-07-25T00:00:00.000Z"));
    expect(records.map((r) => r.jurisdictionCode)).toEqual(["AD", "AT", "DK"]);
    expect(records.every((r) => r.indicatorId === indicatorId && r.value === "met" && r.citations[0]?.instrumentTitle === title)).toBe(true);
  });
});

describe("CoE reservations list for CETS 201 (from-docs fixture: reservation texts verbatim from coe.int)", () => {
  const url = declUrlOf("201");
  const fetchedAt = "2020-10-30T00:00:00.000Z";
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(decl201, url, fetchedAt));
  });
  const listCitation = {
    instrumentTitle: LANZAROTE_TITLE,
    provision: "Reservations and declarations",
    url: "https://www.coe.int/en/web/conventions/full-list?module=declarations-by-treaty&numSte=201&codeNature=0",
  };

  it("answers each state with a reservation in effect; declarations alone answer nothing", () => {
    expect(records.map((r) => `${r.jurisdictionCode}:${r.value}`)).toEqual(["AD:met", "DK:met"]);
  });

  it("Denmark's art. 20(3) reservation is the second indent (own images, age of consent): met, not reserved", () => {
    expect(byCode(records, "DK")).toEqual({
      type: "assessment",
      jurisdictionCode: "DK",
      indicatorId: "treaty.lanzarote",
      value: "met",
      rationale:
        "Party; its reservations in effect since 2010-07-01 concern art. 20 and do not exclude simulated representations or realistic images of a non-existent child (art. 20(3), first indent) (CoE Treaty Office, CETS 201).",
      citations: [
        { instrumentTitle: LANZAROTE_TITLE, provision: "Status of signature and ratification", url: "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=201" },
        listCitation,
      ],
      effectiveFrom: "2010-07-01",
      effectiveTo: null,
      effectiveBasis: "Party with reservations in effect from 2010-07-01; the party's own entry into force is on the chart (Treaty Office list of declarations).",
      verifiedOn: "2020-10-30",
      confidence: "high",
    });
  });

  it("a first-indent reservation is reserved, with its words in the rationale and the quote (derived: constructed wording)", () => {
    const text = withDeclaration(decl201, "Denmark", (d) => (d.texte_Decl = CONSTRUCTED_LANZAROTE_FIRST_INDENT));
    const dk = byCode(parse(payload(text, url, fetchedAt)), "DK");
    const words =
      "In accordance with Article 20, paragraph 3, of the Convention, the State reserves the right not to apply Article 20, paragraph 1.a and e, to the production and possession of pornographic material consisting exclusively of simulated representations or realistic images of a non-existent child.";
    expect(dk.value).toBe("reserved");
    expect(dk.rationale).toBe(
      `Party with a reservation under art. 20(3), first indent, in effect since 2010-07-01: "${words.slice(0, 280).slice(0, words.slice(0, 280).lastIndexOf(" "))}…" (CoE Treaty Office, CETS 201).`,
    );
    expect(dk.citations[1]).toEqual({ ...listCitation, provision: "Reservation under Article 20", quote: words });
  });

  it("ignores a withdrawn reservation and one not yet in effect (derived)", () => {
    const withdrawn = withDeclaration(decl201, "Denmark", (d) => (d.date_Effet_Retrait = "2019-01-01T00:00:00"));
    expect(parse(payload(withdrawn, url, fetchedAt)).map((r) => r.jurisdictionCode)).toEqual(["AD"]);
    const later = withDeclaration(decl201, "Denmark", (d) => (d.date_Effet = "2021-01-01T00:00:00"));
    expect(parse(payload(later, url, fetchedAt)).map((r) => r.jurisdictionCode)).toEqual(["AD"]);
  });

  it("a reservation taking effect on the day read is in effect; one withdrawn on that day is not; a withdrawal still to come leaves it in effect", () => {
    const fromToday = withDeclaration(decl201, "Denmark", (d) => (d.date_Effet = "2020-10-30T00:00:00"));
    expect(byCode(parse(payload(fromToday, url, fetchedAt)), "DK").effectiveFrom).toBe("2020-10-30");
    const withdrawnToday = withDeclaration(decl201, "Denmark", (d) => (d.date_Effet_Retrait = "2020-10-30T00:00:00"));
    expect(parse(payload(withdrawnToday, url, fetchedAt)).map((r) => r.jurisdictionCode)).toEqual(["AD"]);
    const withdrawnLater = withDeclaration(decl201, "Denmark", (d) => (d.date_Effet_Retrait = "2021-01-01T00:00:00"));
    expect(parse(payload(withdrawnLater, url, fetchedAt)).map((r) => r.jurisdictionCode)).toEqual(["AD", "DK"]);
  });

  it("only an entry whose nature starts with 'Reservation' is a reservation", () => {
    const data = JSON.parse(decl201) as DeclRow[];
    data.push({ code_Pays: { Value: "Austria" }, nature_Dec: "Communication concerning reservations", numero_Article: "20", date_Effet: "2012-01-01T00:00:00", date_Effet_Retrait: null, texte_Decl: "<p>Austria objects to a reservation.</p>" });
    expect(parse(payload(JSON.stringify(data), url, fetchedAt)).map((r) => r.jurisdictionCode)).toEqual(["AD", "DK"]);
  });

  it("lists every article a party's reservations concern ('?' when the list names none) and dates the answer from the earliest", () => {
    const data = JSON.parse(decl201) as DeclRow[];
    data.push({ code_Pays: { Value: "Andorra" }, nature_Dec: "Reservation", numero_Article: null as unknown as string, date_Effet: "2013-01-01T00:00:00", date_Effet_Retrait: null, texte_Decl: "<p>Andorra reserves the right not to apply the Convention to offences committed abroad.</p>" });
    expect(byCode(parse(payload(JSON.stringify(data), url, fetchedAt)), "AD")).toMatchObject({
      value: "met",
      rationale:
        "Party; its reservations in effect since 2013-01-01 concern art. 24, ? and do not exclude simulated representations or realistic images of a non-existent child (art. 20(3), first indent) (CoE Treaty Office, CETS 201).",
      effectiveFrom: "2013-01-01",
    });
  });

  it("a first-indent reservation the list gives no article for: read from its words, dated from its own effect, its markup turned into spaces", () => {
    const data = JSON.parse(decl201) as DeclRow[];
    const dk = data.find((d) => d.code_Pays.Value === "Denmark" && d.nature_Dec === "Reservation")!;
    dk.numero_Article = null as unknown as string;
    dk.texte_Decl = '<p>In accordance with Article 20, paragraph 3,</p><p class="x">the State reserves the right not to apply it to</p>simulated representations<br/>of a non-existent child.';
    const words = "In accordance with Article 20, paragraph 3, the State reserves the right not to apply it to simulated representations of a non-existent child.";
    expect(byCode(parse(payload(JSON.stringify(data), url, fetchedAt)), "DK")).toMatchObject({
      value: "reserved",
      rationale: `Party with a reservation under art. 20(3), first indent, in effect since 2010-07-01: "${words}" (CoE Treaty Office, CETS 201).`,
      citations: [expect.anything(), { ...listCitation, provision: "Reservation under Article ?", quote: words }],
      effectiveFrom: "2010-07-01",
      effectiveBasis: "Reservation in effect from 2010-07-01 (Treaty Office list of declarations).",
    });
  });

  it("quotes a reservation of exactly 280 characters whole, without an ellipsis", () => {
    const words = `Article 20, paragraph 3, first indent: realistic images of a non-existent child are excluded. ${"x".repeat(186)}`;
    expect(words).toHaveLength(280);
    const text = withDeclaration(decl201, "Denmark", (d) => (d.texte_Decl = words));
    expect(byCode(parse(payload(text, url, fetchedAt)), "DK").rationale).toBe(
      `Party with a reservation under art. 20(3), first indent, in effect since 2010-07-01: "${words}" (CoE Treaty Office, CETS 201).`,
    );
  });

  it("answers an organisation's reservation (the European Union), skips a name it cannot resolve, and refuses an entry naming neither", () => {
    const data = JSON.parse(decl201) as DeclRow[];
    const base = { nature_Dec: "Reservation", numero_Article: "24", date_Effet: "2015-01-01T00:00:00", date_Effet_Retrait: null, texte_Decl: "<p>Reservation on Article 24.</p>" };
    data.push({ ...base, code_Pays: null, code_Organisation: { Libelle: "European Union" } } as unknown as DeclRow);
    data.push({ ...base, code_Pays: { Value: "Atlantis" } });
    const text = JSON.stringify(data);
    expect(parse(payload(text, url, fetchedAt)).map((r) => r.jurisdictionCode)).toEqual(["AD", "DK", "EU"]);
    expect(unresolvedParticipants(payload(text, url, fetchedAt))).toEqual(["Atlantis"]);
    data.push({ ...base, code_Pays: null, code_Organisation: null } as unknown as DeclRow);
    expect(() => parse(payload(JSON.stringify(data), url, fetchedAt))).toThrow(`${url}: a reservation names neither a state nor an organisation`);
  });

  it("reads the treaty number from a saved file's name", () => {
    expect(parse(payload(decl201, "file:///tmp/getDeclarations.numSte-201.json", fetchedAt, null))).toEqual(records);
  });
});

describe("CoE reservations list for CETS 185 (from-docs fixture: reservation texts verbatim from coe.int)", () => {
  const url = declUrlOf("185");
  const fetchedAt = "2021-03-06T00:00:00.000Z";
  // Parsed before each test, not once: mutation testing attributes the parse to the tests that check it.
  let records: ReturnType<typeof parse>;
  beforeEach(() => {
    records = parse(payload(decl185, url, fetchedAt));
  });

  it("Austria (art. 29(4)) and Bulgaria (art. 14(3)) are parties without an art. 9(4) reservation; Albania's declaration answers nothing", () => {
    expect(records.map((r) => `${r.jurisdictionCode}:${r.value}`)).toEqual(["AT:met", "BG:met"]);
    expect(byCode(records, "BG").rationale).toBe(
      "Party; its reservations in effect since 2005-08-01 concern art. 14 and do not exclude material showing a person appearing to be a minor or realistic images representing a minor (art. 9(4) on art. 9(2)(b)–(c)) (CoE Treaty Office, CETS 185).",
    );
  });

  it("an art. 9(4) reservation on 9(2)(b)–(c) is reserved (derived: constructed wording added to Bulgaria's reservations)", () => {
    const data = JSON.parse(decl185) as DeclRow[];
    const bulgaria = data.find((d) => d.code_Pays.Value === "Bulgaria")!;
    data.push({ ...bulgaria, numero_Article: "9", texte_Decl: CONSTRUCTED_BUDAPEST_9_4 });
    const bg = byCode(parse(payload(JSON.stringify(data), url, fetchedAt)), "BG");
    expect(bg.value).toBe("reserved");
    expect(bg.rationale).toContain('"In accordance with Article 9, paragraph 4, of the Convention, the State reserves the right not to apply Article 9, paragraph 2, sub-paragraphs b and c."');
    expect(bg.citations[1]?.provision).toBe("Reservation under Article 9");
  });
});

describe("CoE reservation rule (constructed wordings and the real Danish and Austrian texts)", () => {
  const DANISH =
    "With regard to Article 20, paragraph 3, of the Convention, Denmark reserves the right not to apply Article 20, paragraph 1 (a and e) to the production and possession of pornographic material involving children who have reached the age set in application of Article 18, paragraph 2, where these images are produced and possessed by them with their consent and solely for their own private use.";
  const AUSTRIAN =
    "Austria will, in accordance with Article 29, paragraph 4, of the Convention, refuse a request for mutual assistance to order the preservation of stored computer data, as provided for under Article 16 of the Convention, if the condition of dual criminality is not fulfilled; this does not apply to the offences established in accordance with Articles 2 through 11 of this Convention.";

  it.each([
    ["201", "20", "reserves the right not to apply Article 20, paragraph 1.a and e, to pornographic material consisting exclusively of simulated representations or realistic images of a non-existent child", true],
    ["201", "20", "In accordance with Article 20, paragraph 3, first indent, the State reserves the right not to apply paragraph 1.a", true],
    ["201", "20", DANISH, false],
    ["201", "20", "In accordance with Article 20, paragraph 4, the State reserves the right not to apply paragraph 1.f", false],
    ["201", "24", "reserves the right not to apply Article 24, paragraph 2, to realistic images", false],
    ["185", "9", "reserves the right not to apply Article 9, paragraph 2, sub-paragraphs b and c", true],
    ["185", "9", "reserves the right not to apply paragraphs 1.d and e and 2.b of Article 9", true],
    ["185", "9", "shall not apply Article 9(2)(c)", true],
    ["185", "9", "does not criminalise material depicting a person appearing to be a minor", true],
    ["185", "9", "reserves the right not to apply Article 9, paragraph 1, sub-paragraphs d and e", false],
    ["185", "29", AUSTRIAN, false],
    ["224", "9", "reserves the right not to apply Article 9, paragraph 2, sub-paragraphs b and c", false],
    // Each way of writing it, one variant per row, so that no single spelling carries the rule.
    ["201", null, "reserves the right not to apply article 20 to realistic images of a non-existent child", true],
    ["201", "20", "Article 20: a simulated representation of a child is not covered", true],
    ["201", "20", "Article 20: a realistic image of a child is not covered", true],
    ["185", "9", "Article 9, paragraph2, sub-paragraph b", true],
    ["185", "9", "Article 9, paragraph 2 , letter c", true],
    ["185", "9", "Article 9, paragraph 2 b", true],
    ["185", "9", "Article 9, paragraph 2,sub-paragraph b", true],
    ["185", "9", "Article 9, paragraph 2, letters b and c", true],
    ["185", "9", "Article 9, paragraph 2, items c", true],
    ["185", "9", "Article 9, paragraph 2, b", true],
    ["185", "9", "Article 9, paragraph 2 becomes applicable only to the other sub-paragraphs", false],
    ["185", "9", "2.b of Article 9 is not applied", true],
    ["185", "9", "Article 9: 2 .b", true],
    ["185", "9", "Article 9, 2. b", true],
    ["185", "9", "Article 9 ( 2 ) ( b )", true],
    ["185", "9", "Article 9(2)b)", true],
    ["185", "9", "Article 9, paragraph 2, subparagraph b", true],
    ["185", "9", "Article 9, paragraph 2, item c", true],
    ["185", "9", "Article 9, paragraph 2, letter(b)", true],
    ["185", "9", "Article 9, paragraph 2, letter (b)", true],
    ["185", "9", "Article 9, paragraph 2, letter ( b)", true],
    ["999", "9", "Article 9, paragraph 2, sub-paragraphs b and c", false],
  ] as const)("CETS %s, article %s: %j → %s", (cets, article, text, expected) => {
    expect(excludesVirtualMaterial(cets, article, text)).toBe(expected);
  });
});

describe("CoE errors", () => {
  const asOf = "2021-03-06T00:00:00.000Z";

  it("rejects the chart page's JavaScript shell (constructed from the documented shell, not a recording)", () => {
    const shell = `<!DOCTYPE html><html><head><title>Full list - Treaty Office</title>
<script>window.conventions_api_url='https://conventions-ws.coe.int/WS_LFRConventions/';</script></head>
<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`;
    expect(() => parse(payload(shell, "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=201", asOf, "text/html"))).toThrow(
      /JavaScript shell/,
    );
  });

  it("throws MaintenancePageError for an HTML maintenance page with 200 (constructed, not a recording)", () => {
    const html = "<html><head><title>Service Unavailable</title></head><body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>";
    expect(() => parse(payload(html, chartUrlOf("201"), asOf, "text/html"))).toThrow(MaintenancePageError);
  });

  it("rejects a truncated download (the chart fixture cut in half)", () => {
    expect(() => parse(payload(chart185.slice(0, Math.floor(chart185.length / 2)), chartUrlOf("185"), asOf))).toThrow(/not valid JSON/);
  });

  it("rejects wrong JSON shapes, naming the field or the service's message", () => {
    expect(() => parse(payload('[[{"NumSTE":"185","DateSignature":null}],[],[]]', chartUrlOf("185"), asOf))).toThrow(/LibPaysOrga/);
    expect(() => parse(payload('[[{"LibPaysOrga":"France","NumSTE":"185","DateSignature":"23/11/2001"}],[],[]]', chartUrlOf("185"), asOf))).toThrow(
      /DateSignature: expected an ISO date/,
    );
    expect(() => parse(payload('{"Message":"Authorization has been denied for this request."}', chartUrlOf("185"), asOf))).toThrow(
      /service says: Authorization has been denied/,
    );
    expect(() => parse(payload('[{"code_Pays":{"Value":"Austria"}}]', declUrlOf("185"), asOf))).toThrow(/nature_Dec/);
    expect(() => parse(payload("", chartUrlOf("185"), asOf))).toThrow(UnexpectedFormatError);
  });

  it("refuses an untracked treaty and a declarations list whose treaty it cannot tell", () => {
    expect(() => parse(payload(chart185.replaceAll('"185"', '"005"'), chartUrlOf("005"), asOf))).toThrow(/CETS 005 is not tracked/);
    expect(() => parse(payload(decl185, "file:///tmp/declarations.json", asOf))).toThrow(/no treaty number/);
    expect(() => parse(payload(decl185, declUrlOf("197"), asOf))).toThrow(/only read for CETS 201 and 185/);
  });

  it("throws EmptyParseError for an empty chart and for a list with no reservation in effect (derived)", () => {
    expect(() => parse(payload("[[],[],[]]", chartUrlOf("185"), asOf))).toThrow(EmptyParseError);
    const declarationsOnly = JSON.stringify((JSON.parse(decl185) as DeclRow[]).filter((d) => d.nature_Dec === "Declaration"));
    expect(() => parse(payload(declarationsOnly, declUrlOf("185"), asOf))).toThrow(EmptyParseError);
    expect(() => parse(payload(declarationsOnly, declUrlOf("185"), asOf))).toThrow(`${declUrlOf("185")}: no reservation in effect for CETS 185 (1 entries)`);
  });
});

describe("CoE manifest", () => {
  it("is wired as the source: four charts, two reservation lists, the public token from the environment as a header", () => {
    expect(source.parse).toBe(parse);
    expect(source.manifest).toBe(manifest);
    expect(manifest.id).toBe("coe-treaties");
    expect(manifest.apiKey).toEqual({ env: "COE_TREATY_OFFICE_TOKEN", in: "header", name: "token" });
    expect(manifest.maxFollows).toBe(0);
    expect(manifest.endpoints.map((e) => new URL(e.path, manifest.baseUrl).toString())).toEqual([
      chartUrlOf("201"), chartUrlOf("185"), chartUrlOf("224"), chartUrlOf("197"), declUrlOf("201"), declUrlOf("185"),
    ]);
    expect(manifest.endpoints.every((e) => !/token/i.test(e.path))).toBe(true);
  });
});
