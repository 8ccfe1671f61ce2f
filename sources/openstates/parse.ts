/**
 * Parses an Open States API v3 bill search page (`GET /bills?q=…&include=abstracts&include=actions&include=sources`,
 * `{results[], pagination{per_page, page, max_page, total_items}}`) into instruments, one per bill whose title
 * or abstract matches a topic. Full-text hits often mention a topic only in the body, hence the filter.
 */
import { z } from "zod";
import { jurisdictionCodes, listJurisdictions } from "../curated/jurisdictions";
import { classifyTitle } from "../topics/classify";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentRecord,
  type InstrumentStage,
  type Payload,
} from "../types";

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T| )/;
/** ocd-jurisdiction/country:us/government (Congress), …/state:nc/…, …/district:dc/…, …/territory:pr/… */
const OCD_JURISDICTION = /^ocd-jurisdiction\/country:us\/(?:(state|district|territory):([a-z]{2})\/)?government$/;

/** Open States action classifications that mean the bill became law, or that a chamber passed it. */
const ENACTING = new Set(["became-law", "executive-signature"]);
const PASSING = new Set(["passage", "executive-receipt", "executive-veto"]);

const billSchema = z.object({
  id: z.string().startsWith("ocd-bill/"),
  session: z.string(),
  jurisdiction: z.object({ id: z.string(), name: z.string() }),
  identifier: z.string().min(1),
  title: z.string().trim().min(1),
  classification: z.array(z.string()).nullish(),
  updated_at: z.string(),
  openstates_url: z.string().url(),
  first_action_date: z.string().nullish(),
  latest_passage_date: z.string().nullish(),
  abstracts: z.array(z.object({ abstract: z.string() })).nullish(),
  actions: z.array(z.object({ date: z.string(), classification: z.array(z.string()) })).nullish(),
  sources: z.array(z.object({ url: z.string() })).nullish(),
});
type Bill = z.infer<typeof billSchema>;

const pageSchema = z.object({
  results: z.array(z.unknown()),
  pagination: z.object({ total_items: z.number().int() }).passthrough(),
});

const dateOf = (value: string | null | undefined): string | null => DATE_PREFIX.exec(value ?? "")?.[1] ?? null;

function readJson(payload: Payload): unknown {
  const { url } = payload;
  const text = Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength).toString("utf8").trim();
  if (text === "") throw new UnexpectedFormatError(`${url}: empty body, expected Open States JSON`);
  if (text.startsWith("<")) {
    const words = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (MAINTENANCE.test(words)) {
      throw new MaintenancePageError(`${url}: maintenance or error page instead of Open States JSON: ${words.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML or XML instead of Open States JSON: ${words.slice(0, 80)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnexpectedFormatError(`${url}: not valid JSON (truncated?): ${(error as Error).message}`);
  }
}

/** `US`, `US-NC`, `US-DC`, or a territory's own country code (`PR`); null for anything the tracker does not hold. */
function jurisdictionOf(bill: Bill): string | null {
  const known = jurisdictionCodes();
  const m = OCD_JURISDICTION.exec(bill.jurisdiction.id);
  if (m) {
    const [, level, abbreviation = ""] = m;
    const code = !level ? "US" : level === "territory" ? abbreviation.toUpperCase() : `US-${abbreviation.toUpperCase()}`;
    return known.has(code) ? code : null;
  }
  // Ids outside the documented pattern: fall back on the state's name.
  const name = bill.jurisdiction.name.trim().toLowerCase();
  return listJurisdictions().find((j) => j.parentCode === "US" && j.name.toLowerCase() === name)?.code ?? null;
}

export function stageOf(bill: Bill): { stage: InstrumentStage; enactedOn: string | null } {
  const actions = bill.actions ?? [];
  const enacting = actions.find((a) => a.classification.some((c) => ENACTING.has(c)));
  if (enacting) return { stage: "enacted", enactedOn: dateOf(enacting.date) };
  if (dateOf(bill.latest_passage_date) || actions.some((a) => a.classification.some((c) => PASSING.has(c)))) {
    return { stage: "passed_chamber", enactedOn: null };
  }
  return { stage: "introduced", enactedOn: null };
}

function toInstrument(bill: Bill, jurisdictionCode: string): InstrumentRecord | null {
  const abstract = bill.abstracts?.find((a) => a.abstract.trim())?.abstract.trim() ?? null;
  const topics = classifyTitle(bill.title, abstract);
  if (topics.length === 0) return null;
  const { stage, enactedOn } = stageOf(bill);
  const isBill = (bill.classification ?? []).includes("bill");
  return {
    type: "instrument",
    externalId: bill.id,
    jurisdictionCode,
    title: bill.title.trim(),
    kind: isBill ? (stage === "enacted" ? "act" : "bill") : "other",
    stage,
    introducedOn: dateOf(bill.first_action_date),
    enactedOn,
    inForceOn: null,
    identifiers: { openStatesId: bill.id, billNumber: bill.identifier, session: bill.session },
    // The legislature's own page when Open States lists one over https, else the Open States page.
    officialUrl: bill.sources?.find((s) => s.url.startsWith("https://"))?.url ?? bill.openstates_url,
    sourceUpdatedAt: bill.updated_at,
    summary: abstract,
    topics,
  };
}

export function parse(payload: Payload): InstrumentRecord[] {
  const { url } = payload;
  const json = readJson(payload);
  const page = pageSchema.safeParse(json);
  if (!page.success) {
    const detail = typeof json === "object" && json !== null && "detail" in json ? ` (API said: ${JSON.stringify(json.detail)})` : "";
    throw new UnexpectedFormatError(`${url}: expected an Open States search page {results, pagination}${detail}`);
  }
  if (page.data.results.length === 0) {
    throw new EmptyParseError(`${url}: search found no bills (pagination.total_items ${page.data.pagination.total_items})`);
  }
  return page.data.results.flatMap((value, index) => {
    const result = billSchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new UnexpectedFormatError(`${url}: result ${index + 1}: ${issue?.path.join(".") || "value"}: ${issue?.message}`);
    }
    // Municipal and other jurisdictions outside the tracker's list are left out rather than failing the page.
    const jurisdictionCode = jurisdictionOf(result.data);
    const instrument = jurisdictionCode ? toInstrument(result.data, jurisdictionCode) : null;
    return instrument ? [instrument] : [];
  });
}
