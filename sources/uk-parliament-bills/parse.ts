/**
 * Parses UK Parliament Bills API JSON: a bill detail (`GET /api/v1/Bills/{billId}`) gives one instrument;
 * a list or search page (`GET /api/v1/Bills?…`, `{items, totalResults, itemsPerPage}`) gives instruments
 * for the items that match a topic or are tracked bills, plus a follow-up to each one's detail.
 *
 * Both build the instrument from the fields a list item and a detail share, so the two records of one
 * bill are identical. They must be: the pipeline overwrites a record by external id and does not re-parse
 * an unchanged detail page, so a richer detail record would be replaced by the list's after every list change.
 */
import { z } from "zod";
import { classifyTitle } from "../topics/classify";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type FollowRecord,
  type InstrumentRecord,
  type InstrumentStage,
  type Payload,
  type TopicTag,
} from "../types";

/** Bills tracked whatever their title says ("Crime and Policing Bill" names none of its offences). */
const TRACKED_BILLS: Record<number, TopicTag[]> = {
  3137: [
    {
      topic: "platform-duties",
      reason: "tracked bill: Online Safety Bill (illegal-content and child-safety duties of online services)",
    },
  ],
  3938: [
    {
      topic: "ai-csam",
      reason: "tracked bill: Crime and Policing Bill (offence of making or supplying a CSA image-generator)",
    },
  ],
};

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(T|$)/;
const HOUSES = new Set(["Commons", "Lords"]);

const stageSchema = z.object({
  description: z.string().nullish(),
  house: z.string().nullish(),
  stageSittings: z.array(z.object({ date: z.string().nullish() })).nullish(),
});

/** The fields of `BillSummary` (list item) that `Bill` (detail) also has; everything else is ignored. */
const billSchema = z.object({
  billId: z.number().int().positive(),
  shortTitle: z.string().trim().min(1),
  currentHouse: z.string().nullish(),
  originatingHouse: z.string().nullish(),
  lastUpdate: z.string().nullish(),
  billWithdrawn: z.string().nullish(),
  isDefeated: z.boolean().nullish(),
  isAct: z.boolean().nullish(),
  currentStage: stageSchema.nullish(),
});
type Bill = z.infer<typeof billSchema>;

const listSchema = z.object({
  items: z.array(z.unknown()),
  totalResults: z.number().int().nullish(),
});

const problemSchema = z.object({ title: z.string(), status: z.number().int() });

export function stageOf(bill: Bill): InstrumentStage {
  const description = bill.currentStage?.description ?? "";
  if (bill.isAct === true || /royal assent/i.test(description)) return "enacted";
  // A withdrawn or defeated bill is dead; the stage list has no value for that, and "introduced" would claim it is pending.
  if (bill.billWithdrawn || bill.isDefeated === true) return "unknown";
  const house = bill.currentStage?.house ?? bill.currentHouse ?? "";
  const inSecondHouse = HOUSES.has(house) && HOUSES.has(bill.originatingHouse ?? "") && house !== bill.originatingHouse;
  // Consideration of the other House's amendments ("ping-pong") comes after both Houses passed the bill.
  if (inSecondHouse || /amendments|ping pong/i.test(description)) return "passed_chamber";
  return "introduced";
}

export function sittingDate(bill: Bill): string | null {
  for (const sitting of bill.currentStage?.stageSittings ?? []) {
    const date = DATE_PREFIX.exec(sitting.date ?? "")?.[1];
    if (date) return date;
  }
  return null;
}

function topicsOf(bill: Bill): TopicTag[] {
  const topics = classifyTitle(bill.shortTitle);
  for (const tag of TRACKED_BILLS[bill.billId] ?? []) {
    if (!topics.some((t) => t.topic === tag.topic)) topics.push(tag);
  }
  return topics;
}

function toInstrument(bill: Bill): InstrumentRecord {
  const stage = stageOf(bill);
  const description = bill.currentStage?.description ?? "";
  const atFirstReading =
    /^1st reading$/i.test(description) && bill.currentStage?.house === bill.originatingHouse && stage === "introduced";
  const url = `https://bills.parliament.uk/bills/${bill.billId}`;
  return {
    type: "instrument",
    externalId: url,
    jurisdictionCode: "GB",
    title: bill.shortTitle.trim(),
    kind: "bill",
    stage,
    // The API gives dates of the current stage only: they date the introduction or Royal Assent when that is the stage.
    introducedOn: atFirstReading ? sittingDate(bill) : null,
    enactedOn: stage === "enacted" && /royal assent/i.test(description) ? sittingDate(bill) : null,
    inForceOn: null,
    identifiers: { ukParliamentBillId: String(bill.billId) },
    officialUrl: url,
    sourceUpdatedAt: bill.lastUpdate || null,
    summary: null,
    topics: topicsOf(bill),
  };
}

function parseBill(value: unknown, where: string): Bill {
  const result = billSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UnexpectedFormatError(
      `${where}: expected a bill with billId and shortTitle; ${issue?.path.join(".") || "value"}: ${issue?.message}`,
    );
  }
  return result.data;
}

function readJson(payload: Payload): unknown {
  const { url } = payload;
  const text = Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength).toString("utf8").trim();
  if (text === "") throw new UnexpectedFormatError(`${url}: empty body, expected Bills API JSON`);
  if (text.startsWith("<")) {
    const words = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (MAINTENANCE.test(words)) {
      throw new MaintenancePageError(`${url}: maintenance or error page instead of Bills API JSON: ${words.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML or XML instead of Bills API JSON: ${words.slice(0, 80)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnexpectedFormatError(`${url}: not valid JSON (truncated?): ${(error as Error).message}`);
  }
}

export function parse(payload: Payload): Array<InstrumentRecord | FollowRecord> {
  const { url } = payload;
  const json = readJson(payload);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UnexpectedFormatError(`${url}: expected a JSON object (bill or bill list), got ${Array.isArray(json) ? "an array" : typeof json}`);
  }

  const list = listSchema.safeParse(json);
  if (list.success) {
    if (list.data.items.length === 0) throw new EmptyParseError(`${url}: bill list has no items (totalResults ${list.data.totalResults ?? "absent"})`);
    const records: Array<InstrumentRecord | FollowRecord> = [];
    list.data.items.forEach((item, index) => {
      const instrument = toInstrument(parseBill(item, `${url}: item ${index + 1}`));
      if (instrument.topics.length === 0) return;
      const billId = instrument.identifiers.ukParliamentBillId;
      records.push(instrument, {
        type: "follow",
        url: `/api/v1/Bills/${billId}`,
        reason: `bill ${billId} "${instrument.title}": ${instrument.topics.map((t) => t.topic).join(", ")}`,
      });
    });
    return records;
  }
  if ("billId" in json) return [toInstrument(parseBill(json, url))];

  const problem = problemSchema.safeParse(json);
  if (problem.success) {
    throw new UnexpectedFormatError(`${url}: API problem response ${problem.data.status} "${problem.data.title}" instead of a bill`);
  }
  throw new UnexpectedFormatError(
    `${url}: expected a bill (billId) or a bill list (items); got keys ${Object.keys(json).slice(0, 8).join(", ") || "none"}`,
  );
}
