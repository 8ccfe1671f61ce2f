/**
 * Parses govinfo's Bill Status bulk data.
 *
 * - A folder sitemap (`/sitemap/bulkdata/BILLSTATUS/{congress}{type}/sitemap.xml`, sitemaps.org `urlset` of
 *   `BILLSTATUS-*.xml` files with `lastmod`) gives follow-ups. The sitemap carries no titles, so it cannot be
 *   filtered by topic: only the tracked bills (../congress-gov/bills) are followed, newest-modified first.
 *   Whether a followed file changed is settled by the pipeline: unchanged bytes keep their snapshot's content
 *   hash and are not parsed again.
 * - A Bill Status file (`<billStatus>`, schema 3.x) gives one instrument, staged from its full action list.
 */
import { load, loadBuffer, type CheerioAPI } from "cheerio";
import {
  billTypeOf,
  citation,
  congressGovUrl,
  federalIdentifiers,
  kindOf,
  trackedBill,
  trackedTopics,
  type FederalBill,
} from "../congress-gov/bills";
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

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const BILLSTATUS_FILE = /^https:\/\/www\.govinfo\.gov\/bulkdata\/BILLSTATUS\/(\d+)\/([a-z]+)\/BILLSTATUS-(\d+)([a-z]+)(\d+)\.xml$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests|\berror\b|\b5\d\d\b/i;

/**
 * Library of Congress action codes (Bill Status user guide, table 3). Senate floor actions carry no code,
 * so their wording is matched as well.
 */
const BECAME_LAW_CODES = new Set(["36000", "E40000"]);
const BECAME_LAW_TEXT = /^Became (Public|Private) Law\b/i;
/** Passed the House, passed the Senate, presented to the President (LoC and executive codes), vetoed (31000). */
const PASSED_CODES = new Set(["8000", "17000", "28000", "E20000", "31000"]);
const PASSED_TEXT = /^Passed (House|Senate)\b|^Passed\/agreed to in\b|^Resolution agreed to\b/i;

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

interface Action {
  date: string;
  code: string;
  text: string;
}

function rejectOtherRoot($: CheerioAPI, rootName: string | undefined, url: string): never {
  if (rootName === "html") {
    const text = squash(`${$("title").text()} ${$("h1").text()} ${$("body").text()}`);
    if (MAINTENANCE.test(text)) {
      throw new MaintenancePageError(`${url}: HTML maintenance or error page instead of Bill Status XML: ${text.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML page instead of Bill Status XML or its sitemap`);
  }
  if (rootName === "sitemapindex") {
    throw new UnexpectedFormatError(`${url}: a sitemap index; the endpoints must name a folder sitemap (a urlset of files)`);
  }
  throw new UnexpectedFormatError(`${url}: root element is <${rootName ?? "none"}>, expected <billStatus> or a sitemap <urlset>`);
}

function sitemapFollows($: CheerioAPI, root: Selection, url: string): FollowRecord[] {
  const entries = root.children("url");
  if (entries.length === 0) throw new EmptyParseError(`${url}: sitemap lists no files`);
  const files = entries
    .map((_, e) => ({ loc: squash($(e).children("loc").text()), lastmod: squash($(e).children("lastmod").text()) }))
    .get()
    .flatMap(({ loc, lastmod }) => {
      const m = BILLSTATUS_FILE.exec(loc);
      const type = m && m[1] === m[3] && m[2] === m[4] ? billTypeOf(m[2] ?? "") : null;
      return m && type ? [{ loc, lastmod, bill: { congress: Number(m[1]), type, number: m[5] ?? "" } }] : [];
    });
  if (files.length === 0) {
    throw new UnexpectedFormatError(`${url}: sitemap lists ${entries.length} URLs but no BILLSTATUS-*.xml file`);
  }
  return files
    .flatMap((file) => {
      const tracked = trackedBill(file.bill);
      return tracked ? [{ ...file, tracked }] : [];
    })
    .sort((a, b) => b.lastmod.localeCompare(a.lastmod))
    .map(({ loc, lastmod, tracked }) => ({
      type: "follow",
      url: loc,
      reason: `tracked bill ${tracked.name}, ${citation(tracked)}; file modified ${lastmod || "(no lastmod)"}`,
    }));
}

/** Text of a direct child; Bill Status nests elements of the same name (related bills, amendments) deeper down. */
const childText = (el: Selection, name: string): string => squash(el.children(name).text());

function billOf(bill: Selection, url: string): FederalBill {
  const congress = childText(bill, "congress");
  const rawType = childText(bill, "type");
  const number = childText(bill, "number");
  const type = billTypeOf(rawType);
  if (!/^\d+$/.test(congress) || !/^\d+$/.test(number) || !type) {
    throw new UnexpectedFormatError(`${url}: bill has no valid congress, type and number (got "${congress}", "${rawType}", "${number}")`);
  }
  return { congress: Number(congress), type, number };
}

export function stageOf(actions: Action[], hasLaw: boolean): { stage: InstrumentStage; enactedOn: string | null } {
  // Actions are listed newest first: the last match is the earliest.
  const becameLaw = actions.filter((a) => BECAME_LAW_CODES.has(a.code) || BECAME_LAW_TEXT.test(a.text)).at(-1);
  if (becameLaw || hasLaw) return { stage: "enacted", enactedOn: becameLaw?.date ?? null };
  if (actions.some((a) => PASSED_CODES.has(a.code) || PASSED_TEXT.test(a.text))) return { stage: "passed_chamber", enactedOn: null };
  return { stage: "introduced", enactedOn: null };
}

/** The most recently updated CRS summary, as plain text (the XML holds it as HTML in CDATA). */
function latestSummary($: CheerioAPI, bill: Selection): string | null {
  const summaries = bill
    .children("summaries")
    .children("summary")
    .map((_, s) => ({
      updated: childText($(s), "updateDate"),
      // A few files wrap the text in a <cdata> element, hence find() rather than children().
      html: $(s).find("text").first().text(),
    }))
    .get()
    .sort((a, b) => b.updated.localeCompare(a.updated));
  const html = summaries[0]?.html;
  const text = html ? squash(load(html).text()) : "";
  return text || null;
}

function billStatusInstrument($: CheerioAPI, root: Selection, url: string): InstrumentRecord {
  const version = childText(root, "version");
  if (!/^3\./.test(version)) {
    throw new UnexpectedFormatError(`${url}: Bill Status schema version "${version}", this parser reads 3.x`);
  }
  const billEl = root.children("bill");
  if (billEl.length !== 1) throw new UnexpectedFormatError(`${url}: expected one <bill> in <billStatus>, found ${billEl.length}`);
  const bill = billOf(billEl, url);
  const title = childText(billEl, "title");
  if (!title) throw new UnexpectedFormatError(`${url}: ${citation(bill)} has no title`);

  const actions: Action[] = billEl
    .children("actions")
    .children("item")
    .map((_, a) => ({ date: childText($(a), "actionDate"), code: childText($(a), "actionCode"), text: childText($(a), "text") }))
    .get();
  const laws = billEl
    .children("laws")
    .children("item")
    .map((_, l) => ({ type: childText($(l), "type"), number: childText($(l), "number") }))
    .get()
    .filter((l) => l.number !== "");
  const { stage, enactedOn } = stageOf(actions, laws.length > 0);

  const identifiers = federalIdentifiers(bill);
  for (const law of laws) {
    const key = /private/i.test(law.type) ? "privateLaw" : "publicLaw";
    identifiers[key] = identifiers[key] ? `${identifiers[key]}, ${law.number}` : law.number;
  }
  const introduced = childText(billEl, "introducedDate");
  const summary = latestSummary($, billEl);
  const tracked = trackedBill(bill);
  return {
    type: "instrument",
    externalId: `BILLSTATUS-${bill.congress}${bill.type}${bill.number}`,
    jurisdictionCode: "US",
    title,
    kind: kindOf(bill.type, stage === "enacted"),
    stage,
    introducedOn: ISO_DATE.test(introduced) ? introduced : null,
    enactedOn: enactedOn && ISO_DATE.test(enactedOn) ? enactedOn : null,
    inForceOn: null,
    identifiers,
    officialUrl: congressGovUrl(bill),
    sourceUpdatedAt: childText(billEl, "updateDate") || null,
    summary,
    topics: tracked ? trackedTopics(tracked) : classifyTitle(title, summary),
  };
}

export function parse(payload: Payload): Array<InstrumentRecord | FollowRecord> {
  const { url, body } = payload;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const head = bytes.subarray(0, 64).toString("latin1").trimStart();
  if (head === "") throw new UnexpectedFormatError(`${url}: empty body`);
  if (head.startsWith("{") || head.startsWith("[")) {
    throw new UnexpectedFormatError(`${url}: JSON (a bulk-data listing?) instead of Bill Status XML or its sitemap`);
  }
  const $ = loadBuffer(bytes, { xml: true });
  const root = $.root().children().first();
  const rootName = root.prop("name");
  if (rootName === "billStatus" || (rootName === "urlset" && root.attr("xmlns") === SITEMAP_NS)) {
    // The XML parser closes open elements silently, so a cut-off download would otherwise look complete.
    if (!new RegExp(`</${rootName}>\\s*$`).test(bytes.subarray(-64).toString("latin1"))) {
      throw new UnexpectedFormatError(`${url}: XML is truncated (no closing </${rootName}>)`);
    }
    return rootName === "billStatus" ? [billStatusInstrument($, root, url)] : sitemapFollows($, root, url);
  }
  return rejectOtherRoot($, rootName?.toLowerCase(), url);
}
