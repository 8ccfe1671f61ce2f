/**
 * Parses a legislation.gov.uk Atom list feed (`…/data.feed`) into instrument records.
 *
 * The feed lists made or enacted legislation, so records say `enacted`; whether an item is in force
 * needs the CLML document and is not claimed here.
 */
import { loadBuffer, type CheerioAPI } from "cheerio";
import { classifyTitle } from "../topics/classify";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentKind,
  type InstrumentRecord,
  type Payload,
} from "../types";

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

const ATOM_NS = "http://www.w3.org/2005/Atom";
const ID_URI = /^https?:\/\/(?:www\.|legislation\.data\.)?legislation\.gov\.uk\/id\/(.+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests|\berror\b|\b5\d\d\b/i;

interface DocumentType {
  kind: InstrumentKind;
  jurisdictionCode: string;
  draft: boolean;
}

/**
 * Maps `ukm:DocumentMainType` (e.g. `ScottishAct`, `WelshStatutoryInstrument`) by its parts, so that
 * types added by the site later still land on the right jurisdiction.
 */
function documentType(type: string): DocumentType {
  const jurisdictionCode = type.startsWith("Scottish")
    ? "GB-SCT"
    : type.startsWith("Welsh")
      ? "GB-WLS"
      : // Acts of the old Irish Parliament are on the site because they still apply in Northern Ireland.
        type.startsWith("NorthernIreland") || type.startsWith("Ireland")
        ? "GB-NIR"
        : type.startsWith("EuropeanUnion")
          ? "EU"
          : "GB";
  let kind: InstrumentKind;
  if (type === "EuropeanUnionDirective") kind = "directive";
  // Northern Ireland Orders in Council are primary legislation.
  else if (/(Act|Measure)$/.test(type) || type === "NorthernIrelandOrderInCouncil") kind = "act";
  else if (/StatutoryInstrument|StatutoryRule|Order|Instrument|Regulation/.test(type)) kind = "regulation";
  else kind = "other";
  return { kind, jurisdictionCode, draft: type.includes("Draft") };
}

function charsetOf(contentType: string | null): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  return m?.[1];
}

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

/** Text of an Atom text construct; for `type="xhtml"` (bilingual Welsh items) only the English parts. */
function atomText($: CheerioAPI, el: Selection): string {
  if (el.attr("type") === "xhtml") {
    const english = el.find('[xml\\:lang="en"]');
    if (english.length > 0) return squash(english.map((_, e) => $(e).text()).get().join(" "));
  }
  return squash(el.text());
}

function rejectNonFeed($: CheerioAPI, rootName: string | undefined, url: string): never {
  if (rootName === "html") {
    const text = squash(`${$("title").text()} ${$("h1").text()} ${$("body").text()}`);
    if (MAINTENANCE.test(text)) {
      throw new MaintenancePageError(`${url}: HTML maintenance or error page instead of the Atom feed: ${text.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML page instead of the Atom feed`);
  }
  throw new UnexpectedFormatError(`${url}: root element is <${rootName ?? "none"}>, expected <feed xmlns="${ATOM_NS}">`);
}

function parseEntry($: CheerioAPI, entry: Selection, index: number, url: string): InstrumentRecord {
  // Children only: `ukm:Supersedes` nests the draft's own title and DocumentMainType.
  const id = squash(entry.children("id").text());
  const title = atomText($, entry.children("title"));
  if (!id || !title) throw new UnexpectedFormatError(`${url}: entry ${index + 1} has no id or title`);
  const path = ID_URI.exec(id)?.[1];
  if (!path) throw new UnexpectedFormatError(`${url}: entry ${index + 1} id ${id} is not a legislation.gov.uk id URI`);
  const mainType = entry.children("ukm\\:DocumentMainType").attr("Value");
  if (!mainType) throw new UnexpectedFormatError(`${url}: entry ${index + 1} (${id}) has no ukm:DocumentMainType`);
  const { kind, jurisdictionCode, draft } = documentType(mainType);

  const created = entry.children("ukm\\:CreationDate").attr("Date") ?? "";
  const summary = entry.children("summary");
  const summaryText = summary.length > 0 ? atomText($, summary) : "";
  const identifiers: Record<string, string> = { legislationGovUk: path };
  const year = entry.children("ukm\\:Year").attr("Value");
  const number = entry.children("ukm\\:Number").attr("Value");
  if (year) identifiers.year = year;
  if (number) identifiers.number = number;

  return {
    type: "instrument",
    externalId: id,
    jurisdictionCode,
    title,
    kind,
    // A draft instrument has been laid before the legislature but not made.
    stage: draft ? "introduced" : "enacted",
    introducedOn: null,
    enactedOn: !draft && ISO_DATE.test(created) ? created : null,
    inForceOn: null,
    identifiers,
    officialUrl: `https://www.legislation.gov.uk/${path}`,
    sourceUpdatedAt: squash(entry.children("updated").text()) || null,
    summary: summaryText || null,
    topics: classifyTitle(title, summaryText || null),
  };
}

export function parse(payload: Payload): InstrumentRecord[] {
  const { url, body } = payload;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const head = bytes.subarray(0, 64).toString("latin1").trimStart();
  if (head === "") throw new UnexpectedFormatError(`${url}: empty body`);
  if (head.startsWith("{") || head.startsWith("[")) throw new UnexpectedFormatError(`${url}: JSON instead of the Atom feed`);

  const $ = loadBuffer(bytes, {
    xml: true,
    encoding: { transportLayerEncodingLabel: charsetOf(payload.contentType), defaultEncoding: "utf-8" },
  });
  const root = $.root().children().first();
  const rootName = root.prop("name")?.toLowerCase();
  if (rootName !== "feed" || root.attr("xmlns") !== ATOM_NS) rejectNonFeed($, rootName, url);
  // The XML parser closes open elements silently, so a cut-off download would otherwise look complete.
  if (!/<\/feed>\s*$/.test(bytes.subarray(-64).toString("latin1"))) {
    throw new UnexpectedFormatError(`${url}: Atom feed is truncated (no closing </feed>)`);
  }

  const entries = root.children("entry");
  if (entries.length === 0) throw new EmptyParseError(`${url}: Atom feed has no entries`);
  return entries.map((i, e) => parseEntry($, $(e), i, url)).get();
}
