/**
 * The stage and date mapping of the nine instrument parsers, one literal table each. The fixture tests show each
 * parser on a real payload; these tables walk every branch of the mapping with the smallest input that reaches it
 * (constructed from each API's documented fields, not recordings), so that a changed condition fails a named row.
 */
import { load } from "cheerio";
import { describe, expect, it } from "vitest";
import { dateElement, isoDate as canadaIsoDate, stageOf as canadaStage } from "../../sources/canada-justice-laws/parse";
import { stageOf as congressStage } from "../../sources/congress-gov/parse";
import { firstDate as epFirstDate, stageOf as epStage } from "../../sources/ep-procedures/parse";
import { stageOf as cellarStage } from "../../sources/eu-cellar/parse";
import { stageOf as govinfoStage } from "../../sources/govinfo-billstatus/parse";
import { stageOf as legiscanStage } from "../../sources/legiscan/parse";
import { stageOf as clmlStage } from "../../sources/legislation-gov-uk/clml";
import { isoDate as legislationIsoDate } from "../../sources/legislation-gov-uk/item";
import { stageOf as openStatesStage } from "../../sources/openstates/parse";
import { sittingDate, stageOf as billsStage } from "../../sources/uk-parliament-bills/parse";

describe("Justice Laws (Canada): dates and in-force flag", () => {
  const date = (xml: string) => dateElement(load(xml, { xml: true })("Date"));

  it.each([
    ["<Date><YYYY>2011</YYYY><MM>3</MM><DD>23</DD></Date>", "2011-03-23"],
    ["<Date><YYYY>2011</YYYY><MM>12</MM><DD>7</DD></Date>", "2011-12-07"],
    ["<Date><YYYY> 2011 </YYYY><MM>03</MM><DD>23</DD></Date>", "2011-03-23"],
    ["<Date><YYYY>11</YYYY><MM>3</MM><DD>23</DD></Date>", null],
    ["<Date><YYYY>20111</YYYY><MM>3</MM><DD>23</DD></Date>", null],
    ["<Date><YYYY>x2011</YYYY><MM>3</MM><DD>23</DD></Date>", null],
    ["<Date><YYYY>2011</YYYY><MM>123</MM><DD>23</DD></Date>", null],
    ["<Date><YYYY>2011</YYYY><MM>x3</MM><DD>23</DD></Date>", null],
    ["<Date><YYYY>2011</YYYY><MM>3</MM><DD>234</DD></Date>", null],
    ["<Date><YYYY>2011</YYYY><MM>3</MM><DD>x2</DD></Date>", null],
    ["<Date><YYYY>2011</YYYY><MM>3</MM></Date>", null],
  ])("%s → %s", (xml, expected) => {
    expect(date(xml)).toBe(expected);
  });

  it.each([
    ["2011-03-23", "2011-03-23"],
    ["2011-3-23", null],
    ["", null],
    [undefined, null],
  ])("lims date %j → %j", (value, expected) => {
    expect(canadaIsoDate(value)).toBe(expected);
  });

  it.each([
    ["yes", "in_force"],
    ["no", "enacted"],
    [undefined, "unknown"],
    ["maybe", "unknown"],
  ])("in force %j → %s", (inForce, expected) => {
    expect(canadaStage(inForce)).toBe(expected);
  });
});

describe("Congress.gov: stage from the latest action", () => {
  type Detail = Parameters<typeof congressStage>[0];
  const detail = (d: Record<string, unknown>) => d as unknown as Detail;

  it.each([
    ["became law, dated", { latestAction: { text: "Became Public Law No: 117-58.", actionDate: "2021-11-15" } }, { stage: "enacted", enactedOn: "2021-11-15" }],
    ["became law, date not ISO", { latestAction: { text: "Became Public Law No: 117-58.", actionDate: "11/15/2021" } }, { stage: "enacted", enactedOn: null }],
    ["a law number, no latest action", { laws: [{ number: "117-58", type: "Public Law" }] }, { stage: "enacted", enactedOn: null }],
    ["no latest action, no law", {}, { stage: "introduced", enactedOn: null }],
    ["passed wording", { latestAction: { text: "Passed Senate without amendment.", actionDate: "2021-08-10" }, originChamber: "Senate" }, { stage: "passed_chamber", enactedOn: null }],
    ["the other chamber's step (House bill read twice in the Senate)", { latestAction: { text: "Read twice and referred to the Committee.", actionDate: "2021-08-10" }, originChamber: "House" }, { stage: "passed_chamber", enactedOn: null }],
    ["the origin chamber's own step", { latestAction: { text: "Referred to the Subcommittee on Crime.", actionDate: "2021-03-01" }, originChamber: "House" }, { stage: "introduced", enactedOn: null }],
    ["no origin chamber", { latestAction: { text: "Introduced in House", actionDate: "2021-01-04" } }, { stage: "introduced", enactedOn: null }],
  ])("%s", (_, d, expected) => {
    expect(congressStage(detail(d))).toEqual(expected);
  });
});

describe("GovInfo BILLSTATUS: stage from the actions (newest first)", () => {
  it.each([
    ["became-law code alone", [{ date: "2021-11-15", code: "36000", text: "Signed." }], false, { stage: "enacted", enactedOn: "2021-11-15" }],
    ["became-law wording alone", [{ date: "2021-11-15", code: "", text: "Became Public Law No: 117-58." }], false, { stage: "enacted", enactedOn: "2021-11-15" }],
    [
      "the earliest became-law action",
      [
        { date: "2021-11-16", code: "E40000", text: "Became Public Law No: 117-58." },
        { date: "2021-11-15", code: "36000", text: "Became Public Law No: 117-58." },
      ],
      false,
      { stage: "enacted", enactedOn: "2021-11-15" },
    ],
    ["a law number without the action", [], true, { stage: "enacted", enactedOn: null }],
    ["passed code alone", [{ date: "2021-08-10", code: "17000", text: "On passage." }], false, { stage: "passed_chamber", enactedOn: null }],
    ["passed wording alone", [{ date: "2021-08-10", code: "", text: "Passed Senate without amendment." }], false, { stage: "passed_chamber", enactedOn: null }],
    ["introduced", [{ date: "2021-01-04", code: "1000", text: "Introduced in House" }], false, { stage: "introduced", enactedOn: null }],
  ])("%s", (_, actions, hasLaw, expected) => {
    expect(govinfoStage(actions, hasLaw)).toEqual(expected);
  });
});

describe("LegiScan: stage from progress events and status", () => {
  type Bill = Parameters<typeof legiscanStage>[0];
  const bill = (b: Record<string, unknown>) => ({ progress: [], status: 1, status_date: null, ...b }) as unknown as Bill;

  it.each([
    ["signed (event 4), dated", { progress: [{ event: 1, date: "2011-01-04" }, { event: 4, date: "2011-03-10" }] }, { stage: "enacted", enactedOn: "2011-03-10" }],
    ["chaptered status only, status date", { status: 8, status_date: "2011-03-12" }, { stage: "enacted", enactedOn: "2011-03-12" }],
    ["chaptered status, no date", { status: 8 }, { stage: "enacted", enactedOn: null }],
    ["one passed event among others", { progress: [{ event: 1, date: "2011-01-04" }, { event: 2, date: "2011-02-01" }] }, { stage: "passed_chamber", enactedOn: null }],
    ["engrossed status only", { status: 2 }, { stage: "passed_chamber", enactedOn: null }],
    ["introduced", { progress: [{ event: 1, date: "2011-01-04" }] }, { stage: "introduced", enactedOn: null }],
  ])("%s", (_, b, expected) => {
    expect(legiscanStage(bill(b))).toEqual(expected);
  });
});

describe("Open States: stage from action classifications", () => {
  type Bill = Parameters<typeof openStatesStage>[0];
  const bill = (b: Record<string, unknown>) => b as unknown as Bill;

  it.each([
    ["no actions at all", {}, { stage: "introduced", enactedOn: null }],
    ["an enacting classification among others", { actions: [{ date: "2024-03-01T00:00:00", classification: ["passage", "became-law"] }] }, { stage: "enacted", enactedOn: "2024-03-01" }],
    ["a passage date without passing actions", { latest_passage_date: "2024-02-01", actions: [{ date: "2024-01-04", classification: ["introduction"] }] }, { stage: "passed_chamber", enactedOn: null }],
    [
      "one passing action among others",
      { actions: [{ date: "2024-01-04", classification: ["introduction"] }, { date: "2024-02-01", classification: ["passage", "referral-committee"] }] },
      { stage: "passed_chamber", enactedOn: null },
    ],
    ["introduced", { actions: [{ date: "2024-01-04", classification: ["introduction", "referral-committee"] }] }, { stage: "introduced", enactedOn: null }],
  ])("%s", (_, b, expected) => {
    expect(openStatesStage(bill(b))).toEqual(expected);
  });
});

describe("UK Parliament Bills: stage and sitting date", () => {
  type Bill = Parameters<typeof billsStage>[0];
  const bill = (b: Record<string, unknown>) => b as unknown as Bill;

  it.each([
    ["an Act, whatever the stage says", { isAct: true, currentStage: { description: "2nd reading", house: "Commons" }, originatingHouse: "Commons" }, "enacted"],
    ["Royal Assent stage", { isAct: false, currentStage: { description: "Royal Assent", house: "Unassigned" }, originatingHouse: "Commons" }, "enacted"],
    ["withdrawn", { billWithdrawn: "2024-01-02T00:00:00", currentStage: { description: "2nd reading", house: "Lords" }, originatingHouse: "Commons" }, "unknown"],
    ["the stage's house, not the bill's current house", { currentStage: { description: "2nd reading", house: "Lords" }, currentHouse: "Commons", originatingHouse: "Commons" }, "passed_chamber"],
    ["no stage: the bill's current house", { currentStage: null, currentHouse: "Lords", originatingHouse: "Commons" }, "passed_chamber"],
    ["still in its first house", { currentStage: { description: "Committee stage", house: "Commons" }, originatingHouse: "Commons" }, "introduced"],
    ["no originating house known", { currentStage: { description: "2nd reading", house: "Lords" } }, "introduced"],
    ["consideration of amendments", { currentStage: { description: "Consideration of Lords amendments", house: "Commons" }, originatingHouse: "Commons" }, "passed_chamber"],
  ])("%s → %s", (_, b, expected) => {
    expect(billsStage(bill(b))).toBe(expected);
  });

  it.each([
    ["no current stage", { currentStage: null }, null],
    ["no sittings", { currentStage: { description: "1st reading" } }, null],
    ["the first readable sitting", { currentStage: { stageSittings: [{ date: "soon" }, { date: "2024-01-02T00:00:00" }, { date: "2024-01-09T00:00:00" }] } }, "2024-01-02"],
    ["a date-only sitting", { currentStage: { stageSittings: [{ date: "2024-01-02" }] } }, "2024-01-02"],
    ["a sitting without a date", { currentStage: { stageSittings: [{}] } }, null],
  ])("sitting date: %s → %j", (_, b, expected) => {
    expect(sittingDate(bill(b))).toBe(expected);
  });
});

describe("European Parliament procedures: stage and first date", () => {
  type Process = Parameters<typeof epStage>[0];
  type Activity = Parameters<typeof epStage>[1][number];
  const ACTIVITY = "def/ep-activities/";
  const PHASE = "http://publications.europa.eu/resource/authority/procedure-phase/";
  const act = (code: string, date?: string): Activity => ({ had_activity_type: `${ACTIVITY}${code}`, activity_date: date }) as Activity;
  const process = (stage: string | null) => ({ current_stage: stage }) as unknown as Process;

  it.each([
    ["signed", process(`${PHASE}RDG1`), [act("PLENARY_ADOPT_POSITION"), act("SIGNATURE")], "enacted"],
    ["second reading phase", process(`${PHASE}RDG2`), [], "passed_chamber"],
    ["first-reading position adopted", process(`${PHASE}RDG1`), [act("PLENARY_ADOPT_POSITION")], "passed_chamber"],
    ["a phase outside the vocabulary", process("RDG2"), [], "introduced"],
    ["no phase", process(null), [], "introduced"],
  ])("%s → %s", (_, p, activities, expected) => {
    expect(epStage(p, activities)).toBe(expected);
  });

  it.each([
    ["the earliest of the given events", [act("SIGNATURE", "2024-04-24T00:00:00"), act("PUBLICATION_OFFICIAL_JOURNAL", "2024-04-12"), act("PLENARY_ADOPT_POSITION", "2023-01-01")], "2024-04-12"],
    ["skips an undated or unreadable event", [act("SIGNATURE"), act("SIGNATURE", "24/04/2024"), act("SIGNATURE", "2024-04-24")], "2024-04-24"],
    ["none of the given events", [act("PLENARY_ADOPT_POSITION", "2023-01-01")], null],
  ])("first date: %s → %j", (_, activities, expected) => {
    expect(epFirstDate(activities, new Set(["SIGNATURE", "PUBLICATION_OFFICIAL_JOURNAL"]))).toBe(expected);
  });
});

describe("EUR-Lex Cellar: stage from sector and in-force flag", () => {
  it.each([
    ["5", undefined, "introduced"],
    ["3", "true", "in_force"],
    ["3", "1", "in_force"],
    ["3", "false", "repealed"],
    ["3", "0", "repealed"],
    ["3", undefined, "enacted"],
    ["1", "1", "unknown"],
    ["1", undefined, "unknown"],
  ])("sector %s, in force %j → %s", (sector, inForce, expected) => {
    expect(cellarStage(sector, inForce)).toBe(expected);
  });
});

describe("legislation.gov.uk: stage of a CLML document", () => {
  type Facts = Parameters<typeof clmlStage>[0];
  const facts = (f: Partial<Facts>): Facts => ({ draft: false, revised: false, documentStatus: undefined, comingIntoForce: null, revisedFrom: null, validOn: "2024-06-01", ...f });

  it.each([
    ["a draft", { draft: true, comingIntoForce: "2020-01-01" }, "introduced"],
    ["a revised, repealed document", { revised: true, documentStatus: "Repealed" }, "repealed"],
    ["in force before the day read", { comingIntoForce: "2024-05-31" }, "in_force"],
    ["in force on the day read", { comingIntoForce: "2024-06-01" }, "in_force"],
    ["coming into force later", { comingIntoForce: "2024-06-02" }, "enacted"],
    ["a revised version valid from the day read", { revised: true, revisedFrom: "2024-06-01" }, "in_force"],
    ["a revised version valid from later", { revised: true, revisedFrom: "2024-06-02" }, "enacted"],
    ["a revised but prospective document", { revised: true, documentStatus: "Prospective", revisedFrom: "2024-01-01" }, "enacted"],
    ["an enacted version without dates", {}, "enacted"],
  ])("%s → %s", (_, f, expected) => {
    expect(clmlStage(facts(f))).toBe(expected);
  });

  it.each([
    ["2023-10-26", "2023-10-26"],
    ["26 Oct 2023", null],
    ["", null],
    [undefined, null],
  ])("item date %j → %j", (value, expected) => {
    expect(legislationIsoDate(value)).toBe(expected);
  });
});
