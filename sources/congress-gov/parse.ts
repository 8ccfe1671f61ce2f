/**
 * Parses Congress.gov API v3 JSON.
 *
 * - A bill list (`GET /bill/{congress}?sort=updateDate+desc`, `{bills[], pagination, request}`) gives a
 *   follow-up to the detail of each bill whose title matches a topic or that is tracked, and no instruments:
 *   a list item lacks the introduction date and the enacted law, and the pipeline overwrites a record by
 *   external id without re-parsing an unchanged detail, so a list record would erase what the detail gave.
 * - A bill detail (`GET /bill/{congress}/{type}/{number}`, `{bill{…}, request}`) gives one instrument.
 *
 * Sub-collections such as `/actions` are not followed: they carry no title, so they cannot make an instrument,
 * and the stage comes from the detail's `latestAction` and `laws`.
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
} from "../types";
import {
  billTypeOf,
  citation,
  congressGovUrl,
  federalIdentifiers,
  kindOf,
  trackedBill,
  trackedTopics,
  type FederalBill,
} from "./bills";
import { manifest } from "./manifest";

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Latest-action wording that only appears once the President has signed (or Congress overrode a veto). */
const BECAME_LAW = /\bBecame (Public|Private) Law\b|\bSigned by President\b/i;
/** Latest-action wording that only appears after a chamber passed the measure. */
const PASSED =
  /\bPassed (House|Senate)\b|\bPassed\/agreed to in\b|\bResolution agreed to\b|\bReceived in the (House|Senate)\b|\bHeld at the desk\b|\bMessage on (House|Senate) action\b|\bResolving differences\b|\bPresented to President\b|\bVetoed\b/i;
/** Wording of each chamber's own steps: an action of the other chamber means the origin chamber passed the bill. */
const CHAMBER_WORDING: Record<string, RegExp> = {
  House: /\bSenate\b|\bRead twice\b|\bLegislative Calendar\b/i,
  Senate: /\bHouse\b|\bSubcommittee on\b|\bUnion Calendar\b/i,
};

const billRefSchema = z.object({
  congress: z.number().int().positive(),
  type: z.string(),
  number: z.string().regex(/^\d+$/),
});

const listSchema = z.object({
  bills: z.array(billRefSchema.extend({ title: z.string().nullish() })),
  pagination: z.object({ count: z.number().int() }).passthrough(),
});

const detailSchema = z.object({
  bill: billRefSchema.extend({
    title: z.string().trim().min(1),
    originChamber: z.string().nullish(),
    introducedDate: z.string().nullish(),
    updateDate: z.string().nullish(),
    latestAction: z.object({ actionDate: z.string(), text: z.string() }).nullish(),
    laws: z.array(z.object({ number: z.string(), type: z.string() })).nullish(),
  }),
});
type Detail = z.infer<typeof detailSchema>["bill"];

function readJson(payload: Payload): unknown {
  const { url } = payload;
  const text = Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength).toString("utf8").trim();
  if (text === "") throw new UnexpectedFormatError(`${url}: empty body, expected Congress.gov API JSON`);
  if (text.startsWith("<")) {
    const words = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (MAINTENANCE.test(words)) {
      throw new MaintenancePageError(`${url}: maintenance or error page instead of Congress.gov API JSON: ${words.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML or XML instead of Congress.gov API JSON (is format=json missing?): ${words.slice(0, 80)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnexpectedFormatError(`${url}: not valid JSON (truncated?): ${(error as Error).message}`);
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UnexpectedFormatError(`${what}: ${issue?.path.join(".") || "value"}: ${issue?.message}`);
}

function federalBill(ref: z.infer<typeof billRefSchema>, where: string): FederalBill {
  const type = billTypeOf(ref.type);
  if (!type) throw new UnexpectedFormatError(`${where}: unknown bill type "${ref.type}"`);
  return { congress: ref.congress, type, number: ref.number };
}

export function stageOf(detail: Detail): { stage: InstrumentStage; enactedOn: string | null } {
  const action = detail.latestAction?.text ?? "";
  const actionDate = detail.latestAction && ISO_DATE.test(detail.latestAction.actionDate) ? detail.latestAction.actionDate : null;
  if (BECAME_LAW.test(action)) return { stage: "enacted", enactedOn: actionDate };
  // A law number without a law-making latest action: enacted, but the date is not in the detail.
  if ((detail.laws ?? []).length > 0) return { stage: "enacted", enactedOn: null };
  const otherChamber = CHAMBER_WORDING[detail.originChamber ?? ""];
  if (PASSED.test(action) || otherChamber?.test(action)) return { stage: "passed_chamber", enactedOn: null };
  // Only the latest action is known: a later step in the second chamber that names neither chamber reads as introduced.
  return { stage: "introduced", enactedOn: null };
}

function toInstrument(detail: Detail, url: string): InstrumentRecord {
  const bill = federalBill(detail, url);
  const { stage, enactedOn } = stageOf(detail);
  const identifiers = federalIdentifiers(bill);
  for (const law of detail.laws ?? []) {
    const key = /private/i.test(law.type) ? "privateLaw" : "publicLaw";
    identifiers[key] = identifiers[key] ? `${identifiers[key]}, ${law.number}` : law.number;
  }
  const tracked = trackedBill(bill);
  const title = detail.title.trim();
  return {
    type: "instrument",
    externalId: `bill/${bill.congress}/${bill.type}/${bill.number}`,
    jurisdictionCode: "US",
    title,
    kind: kindOf(bill.type, stage === "enacted"),
    stage,
    introducedOn: detail.introducedDate && ISO_DATE.test(detail.introducedDate) ? detail.introducedDate : null,
    enactedOn,
    inForceOn: null,
    identifiers,
    officialUrl: congressGovUrl(bill),
    sourceUpdatedAt: detail.updateDate || null,
    summary: null,
    topics: tracked ? trackedTopics(tracked) : classifyTitle(title),
  };
}

function toFollows(list: z.infer<typeof listSchema>, url: string): FollowRecord[] {
  const follows: FollowRecord[] = [];
  list.bills.forEach((item, index) => {
    const bill = federalBill(item, `${url}: bill ${index + 1}`);
    const tracked = trackedBill(bill);
    // Newly introduced bills are listed with an empty title until one is assigned; they come back once titled.
    const title = item.title?.trim() ?? "";
    const topics = tracked ? trackedTopics(tracked) : title ? classifyTitle(title) : [];
    if (topics.length === 0) return;
    follows.push({
      type: "follow",
      // Absolute: a relative path would resolve against the first endpoint's URL, not against /v3. Never carries the key.
      url: `${manifest.baseUrl}/bill/${bill.congress}/${bill.type}/${bill.number}?format=json`,
      reason: `${citation(bill)} "${title || tracked?.name}": ${topics.map((t) => t.topic).join(", ")}`,
    });
  });
  return follows;
}

export function parse(payload: Payload): Array<InstrumentRecord | FollowRecord> {
  const { url } = payload;
  const json = readJson(payload);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UnexpectedFormatError(`${url}: expected a JSON object (bill list or bill detail), got ${Array.isArray(json) ? "an array" : typeof json}`);
  }
  if ("bills" in json) {
    const list = validate(listSchema, json, `${url}: bill list`);
    if (list.bills.length === 0) throw new EmptyParseError(`${url}: bill list has no bills (pagination.count ${list.pagination.count})`);
    return toFollows(list, url);
  }
  if ("bill" in json) return [toInstrument(validate(detailSchema, json, `${url}: bill detail`).bill, url)];
  if ("actions" in json) {
    throw new UnexpectedFormatError(`${url}: a bill's actions list has no title and gives no instrument; ingest the bill detail instead`);
  }
  throw new UnexpectedFormatError(
    `${url}: expected a bill list (bills) or a bill detail (bill); got keys ${Object.keys(json).slice(0, 8).join(", ") || "none"}`,
  );
}
