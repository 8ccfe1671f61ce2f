/**
 * Parses an MTDSG status document (`…/doc/Publication/MTDSG/Volume …/Chapter …/{mtdsg_no}.en.xml`) into
 * one assessment per participant: `met` for a party (ratification, acceptance, approval, accession or
 * succession), `partial` for a signatory that is not a party.
 *
 * The participant table lists participants only, so a state that neither signed nor joined is simply
 * absent: nothing is emitted for it and the baseline keeps its `unknown` or curated answer. Emitting
 * `not_met` for every absent state would turn a missing or renamed row into a false negative.
 *
 * No instrument record: a treaty has no single jurisdiction code, and the pipeline rejects records
 * without one.
 */
import { load, loadBuffer, type CheerioAPI } from "cheerio";
import { cleanParticipantName, jurisdictionCodeForName } from "../shared/country-names";
import { isTreatyIndicator, partySince } from "../../domain/treaties";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type AssessmentRecord,
  type Payload,
} from "../types";

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

export interface TrackedTreaty {
  mtdsg: string;
  chapter: number;
  indicatorId: string;
  /** Matches the document's `Titlesect` (after any leading "12. a)" numbering). */
  title: RegExp;
}

/** Identified by title, because the title is what the document itself carries. */
export const TRACKED_TREATIES: readonly TrackedTreaty[] = [
  {
    mtdsg: "XVIII-12-a",
    chapter: 18,
    indicatorId: "treaty.palermo-protocol",
    title: /^Protocol to Prevent, Suppress and Punish Trafficking in Persons\b/i,
  },
  {
    mtdsg: "IV-11-c",
    chapter: 4,
    indicatorId: "treaty.opsc",
    title: /^Optional Protocol to the Convention on the Rights of the Child on the sale of children\b/i,
  },
  // Anchored at the end: the Palermo and Smuggling Protocols' titles end with this title.
  { mtdsg: "XVIII-12", chapter: 18, indicatorId: "treaty.untoc", title: /^United Nations Convention against Transnational Organized Crime$/i },
  { mtdsg: "XVIII-16", chapter: 18, indicatorId: "treaty.un-cybercrime", title: /^United Nations Convention against Cybercrime\b/i },
];

export type ConsentKind = "ratification" | "acceptance" | "approval" | "accession" | "succession";

export interface TreatyAction<K extends string> {
  date: string;
  kind: K;
}

export interface Participant {
  /** The name as the depositary writes it, footnote markers removed. */
  name: string;
  jurisdictionCode: string | null;
  signature: TreatyAction<"signature" | "succession"> | null;
  consent: TreatyAction<ConsentKind> | null;
}

export interface TreatyStatus {
  treaty: TrackedTreaty;
  title: string;
  participants: Participant[];
}

const MAINTENANCE =
  /urgent maintenance|currently unavailable|maintenance|service unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|runtime error|too many requests/i;
const LEADING_NUMBERING = /^(?:\d+\.\s*)?(?:[a-z]\)\s*)?/;
const MONTHS: Record<string, string> = {
  jan: "01", feb: "02", mar: "03", apr: "04", may: "05", jun: "06",
  jul: "07", aug: "08", sep: "09", oct: "10", nov: "11", dec: "12",
};
/** `22 Apr 2016`, optionally with a type letter (A, AA, a, d) and footnote numbers after it. */
const ACTION_DATE = /^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})(?: (AA|A|a|d))?(?: ?\d+(?:, ?\d+)*)?$/;
const CONSENT_KINDS: Record<string, ConsentKind> = { "": "ratification", A: "acceptance", AA: "approval", a: "accession", d: "succession" };

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

export function statusPageUrl(treaty: TrackedTreaty): string {
  return `https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=${treaty.mtdsg}&chapter=${treaty.chapter}&clang=_en`;
}

function charsetOf(contentType: string | null): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  return m?.[1];
}

function rejectHtml(bytes: Buffer, url: string): never {
  const $ = load(bytes.toString("latin1"));
  const text = squash(`${$("title").text()} ${$("body").text()}`);
  if (MAINTENANCE.test(text)) {
    throw new MaintenancePageError(`${url}: HTML maintenance or error page instead of the MTDSG XML: ${text.slice(0, 160)}`);
  }
  throw new UnexpectedFormatError(`${url}: HTML page instead of the MTDSG XML (expected <Treaty><Participants>…)`);
}

/** Text without escaped markup (`<superscript>3</superscript>` and its footnote number), brackets or tab runs. */
function cellText(cell: Selection): string {
  return squash(cell.text().replace(/<superscript>[^<]*<\/superscript>/gi, "").replace(/<[^>]*>/g, "").replace(/[[\]]/g, ""));
}

function parseActionDate(text: string, where: string): { date: string; letter: string } | null {
  if (text === "") return null;
  const m = ACTION_DATE.exec(text);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || !month) throw new UnexpectedFormatError(`${where}: unreadable date "${text}" (expected e.g. "22 Apr 2016 a")`);
  const date = `${m[3]}-${month}-${m[1]!.padStart(2, "0")}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) {
    throw new UnexpectedFormatError(`${where}: impossible date "${text}"`);
  }
  return { date, letter: m[4] ?? "" };
}

function identifyTreaty(title: string, url: string): TrackedTreaty {
  const bare = title.replace(LEADING_NUMBERING, "");
  const treaty = TRACKED_TREATIES.find((t) => t.title.test(bare));
  if (!treaty) {
    throw new UnexpectedFormatError(
      `${url}: "${title.slice(0, 120)}" is not a tracked treaty (${TRACKED_TREATIES.map((t) => t.mtdsg).join(", ")})`,
    );
  }
  return treaty;
}

interface Columns {
  signature: number | null;
  consent: number;
}

function columnsOf(headers: string[], url: string): Columns {
  const signature = headers.findIndex((h) => /^signature\b/i.test(h));
  const consent = headers.findIndex((h, i) => i > 0 && i !== signature && /ratification|accession|acceptance|approval|succession/i.test(h));
  if (headers[0] !== "Participant" || consent < 0) {
    throw new UnexpectedFormatError(`${url}: unexpected participant table header [${headers.join(" | ")}]`);
  }
  return { signature: signature < 0 ? null : signature, consent };
}

function readParticipant(cells: string[], columns: Columns, url: string): Participant {
  const name = cleanParticipantName(cells[0] ?? "");
  if (name === "") throw new UnexpectedFormatError(`${url}: participant row without a name`);
  const where = `${url}: ${name}`;
  const signed = columns.signature === null ? null : parseActionDate(cells[columns.signature] ?? "", where);
  const bound = parseActionDate(cells[columns.consent] ?? "", where);
  const consentKind = bound ? CONSENT_KINDS[bound.letter] : undefined;
  if (bound && !consentKind) throw new UnexpectedFormatError(`${where}: unknown action letter "${bound.letter}"`);
  return {
    name,
    jurisdictionCode: jurisdictionCodeForName(name),
    signature: signed ? { date: signed.date, kind: signed.letter === "d" ? "succession" : "signature" } : null,
    consent: bound && consentKind ? { date: bound.date, kind: consentKind } : null,
  };
}

/** Reads and checks the whole document; `parse` and `unresolvedParticipants` both build on it. */
export function readStatus(payload: Payload): TreatyStatus {
  const { url, body } = payload;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const head = bytes.subarray(0, 256).toString("latin1").trimStart();
  if (head === "") throw new UnexpectedFormatError(`${url}: empty body`);
  if (head.startsWith("{") || head.startsWith("[")) throw new UnexpectedFormatError(`${url}: JSON instead of the MTDSG XML`);
  if (/^<!doctype html|^<html/i.test(head)) rejectHtml(bytes, url);

  // The XML declaration says ISO-8859-1; the decoder reads it from there.
  const $ = loadBuffer(bytes, {
    xml: true,
    encoding: { transportLayerEncodingLabel: charsetOf(payload.contentType), defaultEncoding: "utf-8" },
  });
  const root = $.root().children().first();
  const rootName = root.prop("name");
  const treatyEl = rootName === "Treaty" ? root : root.children("Treaty").first();
  const table = treatyEl.children("Participants").children("Table").children("TGroup");
  if (!rootName || table.length === 0) {
    throw new UnexpectedFormatError(`${url}: root <${rootName ?? "none"}> has no Treaty/Participants/Table/TGroup (not an MTDSG status document)`);
  }
  // The XML parser closes open elements silently, so a cut-off download would otherwise look complete.
  if (!new RegExp(`</${rootName}>\\s*$`).test(bytes.subarray(-256).toString("latin1"))) {
    throw new UnexpectedFormatError(`${url}: MTDSG XML is truncated (no closing </${rootName}>)`);
  }

  const title = cellText(treatyEl.find("ExternalData > Titlesect").first());
  if (title === "") throw new UnexpectedFormatError(`${url}: no Header/ExternalData/Titlesect, cannot tell which treaty this is`);
  const treaty = identifyTreaty(title, url);

  const headers = table.children("Thead").children("Row").first().children("Entry").map((_, e) => cellText($(e))).get();
  const columns = columnsOf(headers, url);
  const participants = table
    .children("Tbody")
    .children("Rows")
    .children("Row")
    .map((_, r) => [$(r).children("Entry").map((_, e) => cellText($(e))).get()])
    .get()
    // A header row repeated in the body is not a participant.
    .filter((cells: string[]) => cells[0] !== "Participant")
    .map((cells: string[]) => readParticipant(cells, columns, url));
  if (participants.length === 0) throw new EmptyParseError(`${url}: MTDSG participant table for ${treaty.mtdsg} has no rows`);
  return { treaty, title: title.replace(LEADING_NUMBERING, ""), participants };
}

/** Participant names that map to no jurisdiction code; `parse` skips them rather than guess. */
export function unresolvedParticipants(payload: Payload): string[] {
  return readStatus(payload)
    .participants.filter((p) => p.jurisdictionCode === null)
    .map((p) => p.name);
}

const CONSENT_WORDING: Record<ConsentKind, string> = {
  ratification: "ratification",
  acceptance: "acceptance (A)",
  approval: "approval (AA)",
  accession: "accession (a)",
  succession: "succession (d)",
};

function rationale(p: Participant, mtdsg: string): string {
  const signed = p.signature ? `${p.signature.kind === "succession" ? "signature by succession" : "signed"} ${p.signature.date}` : "";
  if (p.consent) {
    return `Party by ${CONSENT_WORDING[p.consent.kind]} on ${p.consent.date}${signed ? `; ${signed}` : ""} (UNTC, MTDSG ${mtdsg}).`;
  }
  return `${signed.charAt(0).toUpperCase()}${signed.slice(1)}; not yet a party (UNTC, MTDSG ${mtdsg}).`;
}

/** Party: from the day the treaty entered into force for the State; signatory: from the day of signature. */
function validTime(indicatorId: string, p: Participant): { effectiveFrom: string | null; effectiveTo: null; effectiveBasis: string } {
  if (p.consent) {
    if (isTreatyIndicator(indicatorId)) {
      const { effectiveFrom, basis } = partySince(indicatorId, p.consent.date);
      return { effectiveFrom, effectiveTo: null, effectiveBasis: basis };
    }
    return { effectiveFrom: p.consent.date, effectiveTo: null, effectiveBasis: `Instrument deposited ${p.consent.date} (UNTC status page).` };
  }
  const signed = p.signature!.date;
  return { effectiveFrom: signed, effectiveTo: null, effectiveBasis: `Signed ${signed} (UNTC status page).` };
}

/** A party outranks a signatory when two rows resolve to the same code. */
const rank = (p: Participant): number => (p.consent ? 2 : p.signature ? 1 : 0);

export function parse(payload: Payload): AssessmentRecord[] {
  const { treaty, title, participants } = readStatus(payload);
  const byCode = new Map<string, Participant>();
  for (const p of participants) {
    if (p.jurisdictionCode === null || rank(p) === 0) continue;
    const seen = byCode.get(p.jurisdictionCode);
    if (!seen || rank(p) > rank(seen)) byCode.set(p.jurisdictionCode, p);
  }
  if (byCode.size === 0) {
    const names = participants.map((p) => p.name).slice(0, 10).join(", ");
    throw new UnexpectedFormatError(`${payload.url}: no participant resolved to a jurisdiction with a dated action (first names: ${names})`);
  }
  const verifiedOn = payload.fetchedAt.slice(0, 10);
  const citation = { instrumentTitle: title, provision: "Status of signature and ratification", url: statusPageUrl(treaty) };
  return [...byCode.entries()].map(([jurisdictionCode, p]) => ({
    type: "assessment",
    jurisdictionCode,
    indicatorId: treaty.indicatorId,
    value: p.consent ? "met" : "partial",
    rationale: rationale(p, treaty.mtdsg),
    citations: [{ ...citation }],
    ...validTime(treaty.indicatorId, p),
    verifiedOn,
    confidence: "high",
  }));
}
