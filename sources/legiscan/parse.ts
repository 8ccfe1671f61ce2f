/**
 * Parses LegiScan API responses.
 *
 * - `getSearch` (JSON `{"status":"OK","searchresult":{summary, "0":{…}, "1":{…}}}`) gives a follow-up to
 *   `getBill` for each hit whose title matches a topic. It gives no instruments: a hit lacks the stage and
 *   dates, and a list record would overwrite the fuller getBill record of the same bill.
 * - `getBill` gives one instrument. The API answers JSON (`{"status":"OK","bill":{…}}`); the XML flavour
 *   (`<legiscan><status/><bill>…</bill></legiscan>`, also the weekly dataset files) has the same field names.
 *   Both are brought to one shape and validated by the same schema.
 *
 * `{"status":"ERROR","alert":{"message":…}}` (bad key, exhausted quota, unknown id) arrives with HTTP 200
 * and is reported as an error page.
 */
import { loadBuffer, type CheerioAPI } from "cheerio";
import { z } from "zod";
import { jurisdictionCodes } from "../curated/jurisdictions";
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
import { manifest } from "./manifest";

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** LegiScan progress and status codes (API manual): the ones that move a bill past introduction. */
const ENACTED_EVENTS = new Set([4, 7, 8]); // Passed (signed), Veto override, Chaptered
const PASSED_CHAMBER_EVENTS = new Set([2, 3, 5]); // Engrossed, Enrolled, Vetoed (both chambers had passed it)
const INTRODUCED_EVENT = 1;
const STATUS_NAMES: Record<number, string> = {
  0: "N/A",
  1: "Introduced",
  2: "Engrossed",
  3: "Enrolled",
  4: "Passed",
  5: "Vetoed",
  6: "Failed",
};

/** JSON gives numbers; the XML flavour gives the same values as text. */
const integer = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const billSchema = z.object({
  bill_id: integer,
  change_hash: z.string().min(1),
  session: z.object({ session_id: integer, session_name: z.string() }),
  url: z.string().url(),
  state_link: z.string().nullish(),
  status: integer,
  status_date: z.string().nullish(),
  progress: z.array(z.object({ date: z.string(), event: integer })),
  state: z.string().regex(/^[A-Z]{2}$/),
  bill_number: z.string().min(1),
  bill_type: z.string(),
  title: z.string().trim().min(1),
  description: z.string().nullish(),
  history: z.array(z.object({ date: z.string(), action: z.string() })),
});
type Bill = z.infer<typeof billSchema>;

const searchHitSchema = z.object({
  bill_id: integer,
  change_hash: z.string(),
  state: z.string(),
  bill_number: z.string(),
  title: z.string(),
});

const responseSchema = z
  .object({
    status: z.string(),
    alert: z.object({ message: z.string() }).partial().nullish(),
    bill: z.unknown().optional(),
    searchresult: z.record(z.unknown()).optional(),
  })
  .passthrough();

function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UnexpectedFormatError(`${what}: ${issue?.path.join(".") || "value"}: ${issue?.message}`);
}

function rejectError(status: string, message: string | undefined, url: string): void {
  if (status === "ERROR") throw new MaintenancePageError(`${url}: LegiScan answered status ERROR: ${message ?? "(no alert message)"}`);
}

function jurisdictionOf(state: string, where: string): string {
  // LegiScan codes Congress as "US" and the states (and DC) by their postal codes.
  const code = state === "US" ? "US" : `US-${state}`;
  if (!jurisdictionCodes().has(code)) throw new UnexpectedFormatError(`${where}: state "${state}" is not a known jurisdiction`);
  return code;
}

export function stageOf(bill: Bill): { stage: InstrumentStage; enactedOn: string | null } {
  const enacting = bill.progress.find((p) => ENACTED_EVENTS.has(p.event));
  if (enacting || ENACTED_EVENTS.has(bill.status)) {
    const date = enacting?.date ?? bill.status_date ?? "";
    return { stage: "enacted", enactedOn: ISO_DATE.test(date) ? date : null };
  }
  if (bill.progress.some((p) => PASSED_CHAMBER_EVENTS.has(p.event)) || PASSED_CHAMBER_EVENTS.has(bill.status)) {
    return { stage: "passed_chamber", enactedOn: null };
  }
  // A failed bill (status 6) stays at the furthest stage it reached; identifiers.status says it failed.
  return { stage: "introduced", enactedOn: null };
}

/** The state legislature's page when LegiScan has an https link to it, else LegiScan's own bill page. */
function officialUrlOf(bill: Bill): string {
  if (bill.state_link?.startsWith("https://")) return bill.state_link;
  return bill.url.replace(/^http:\/\/legiscan\.com\//, "https://legiscan.com/");
}

function toInstrument(bill: Bill, url: string): InstrumentRecord {
  const { stage, enactedOn } = stageOf(bill);
  const introduced = bill.progress.find((p) => p.event === INTRODUCED_EVENT)?.date ?? bill.history[0]?.date ?? "";
  const description = bill.description?.trim() || null;
  const summary = description && description !== bill.title ? description : null;
  return {
    type: "instrument",
    externalId: String(bill.bill_id),
    jurisdictionCode: jurisdictionOf(bill.state, url),
    title: bill.title,
    // LegiScan bill type "B" is a bill; resolutions, memorials and the like never become law.
    kind: bill.bill_type === "B" ? (stage === "enacted" ? "act" : "bill") : "other",
    stage,
    introducedOn: ISO_DATE.test(introduced) ? introduced : null,
    enactedOn,
    inForceOn: null,
    identifiers: {
      legiscanBillId: String(bill.bill_id),
      // LegiScan's identity of change: it changes whenever anything in the bill record does. The follow-up
      // URL does not, so an unchanged bill comes back as the same bytes, keeps its snapshot's content hash
      // and is not parsed again; a changed bill carries a new hash, which also rewrites the stored instrument.
      changeHash: bill.change_hash,
      billNumber: bill.bill_number,
      session: bill.session.session_name,
      status: STATUS_NAMES[bill.status] ?? `status ${bill.status}`,
    },
    officialUrl: officialUrlOf(bill),
    // getBill has no last-modified time; change_hash is the change signal.
    sourceUpdatedAt: null,
    summary,
    topics: classifyTitle(bill.title, summary),
  };
}

function searchFollows(searchresult: Record<string, unknown>, url: string): FollowRecord[] {
  // Hits are keyed "0", "1", … next to "summary", not in an array.
  const hits = Object.entries(searchresult).filter(([key]) => /^\d+$/.test(key));
  if (hits.length === 0) throw new EmptyParseError(`${url}: LegiScan search returned no bills`);
  return hits.flatMap(([key, value]) => {
    const hit = validate(searchHitSchema, value, `${url}: search result ${key}`);
    const topics = classifyTitle(hit.title);
    if (topics.length === 0) return [];
    return [
      {
        type: "follow" as const,
        // Absolute and without the key; the pipeline adds `key` when it fetches.
        url: `${manifest.baseUrl}?op=getBill&id=${hit.bill_id}`,
        reason: `${hit.state} ${hit.bill_number} "${hit.title}": ${topics.map((t) => t.topic).join(", ")} (change_hash ${hit.change_hash})`,
      },
    ];
  });
}

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
const childText = (el: Selection, name: string): string => squash(el.children(name).text());

/** The XML flavour as the JSON shape, values as text (the schema turns numeric text into numbers). */
function xmlBill($: CheerioAPI, bill: Selection): unknown {
  const session = bill.children("session");
  const steps = (name: string) => bill.children(name).children("step");
  return {
    bill_id: childText(bill, "bill_id"),
    change_hash: childText(bill, "change_hash"),
    session: { session_id: childText(session, "session_id"), session_name: childText(session, "session_name") },
    url: childText(bill, "url"),
    state_link: childText(bill, "state_link") || null,
    status: childText(bill, "status"),
    status_date: childText(bill, "status_date") || null,
    progress: steps("progress")
      .map((_, s) => ({ date: childText($(s), "date"), event: childText($(s), "event") }))
      .get(),
    state: childText(bill, "state"),
    bill_number: childText(bill, "bill_number"),
    bill_type: childText(bill, "bill_type"),
    title: childText(bill, "title"),
    description: childText(bill, "description") || null,
    history: steps("history")
      .map((_, s) => ({ date: childText($(s), "date"), action: childText($(s), "action") }))
      .get(),
  };
}

function parseXml(bytes: Buffer, url: string): InstrumentRecord[] {
  const $ = loadBuffer(bytes, { xml: true });
  const root = $.root().children().first();
  const rootName = root.prop("name")?.toLowerCase();
  if (rootName === "html") {
    const text = squash(`${$("title").text()} ${$("h1").text()} ${$("body").text()}`);
    if (MAINTENANCE.test(text)) throw new MaintenancePageError(`${url}: maintenance or error page instead of LegiScan data: ${text.slice(0, 120)}`);
    throw new UnexpectedFormatError(`${url}: HTML page instead of LegiScan data`);
  }
  if (rootName !== "legiscan") throw new UnexpectedFormatError(`${url}: root element is <${rootName ?? "none"}>, expected <legiscan>`);
  // The XML parser closes open elements silently, so a cut-off download would otherwise look complete.
  if (!/<\/legiscan>\s*$/.test(bytes.subarray(-64).toString("latin1"))) {
    throw new UnexpectedFormatError(`${url}: XML is truncated (no closing </legiscan>)`);
  }
  // The dataset files leave the envelope's status empty; the API writes OK or ERROR.
  rejectError(childText(root, "status"), childText(root.children("alert"), "message") || undefined, url);
  const bill = root.children("bill");
  if (bill.length !== 1) throw new UnexpectedFormatError(`${url}: expected one <bill> in <legiscan>, found ${bill.length}`);
  return [toInstrument(validate(billSchema, xmlBill($, bill), `${url}: bill`), url)];
}

function parseJson(text: string, url: string): Array<InstrumentRecord | FollowRecord> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnexpectedFormatError(`${url}: not valid JSON (truncated?): ${(error as Error).message}`);
  }
  const response = validate(responseSchema, json, `${url}: expected a LegiScan response {"status":…}`);
  rejectError(response.status, response.alert?.message, url);
  if (response.status !== "OK") throw new UnexpectedFormatError(`${url}: LegiScan status "${response.status}", expected OK`);
  if (response.bill !== undefined) return [toInstrument(validate(billSchema, response.bill, `${url}: bill`), url)];
  if (response.searchresult !== undefined) return searchFollows(response.searchresult, url);
  throw new UnexpectedFormatError(
    `${url}: expected "bill" (getBill) or "searchresult" (getSearch); got keys ${Object.keys(response).join(", ")}`,
  );
}

export function parse(payload: Payload): Array<InstrumentRecord | FollowRecord> {
  const { url, body } = payload;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const text = bytes.toString("utf8").trim();
  if (text === "") throw new UnexpectedFormatError(`${url}: empty body, expected LegiScan JSON or XML`);
  return text.startsWith("<") ? parseXml(bytes, url) : parseJson(text, url);
}
