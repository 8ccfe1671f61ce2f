/**
 * legislation.gov.uk Atom feeds: list and search feeds (`…/data.feed`) and the Publication Log
 * (`/update/…/data.feed`).
 *
 * List feeds name made or enacted legislation, so records say `enacted`; whether an item is in force
 * needs the CLML document and is not claimed here.
 */
import type { CheerioAPI } from "cheerio";
import { EmptyParseError, UnexpectedFormatError, type InstrumentRecord } from "../types";
import { documentType, externalIdOf, isoDate, itemPath, officialUrlOf, squash, topicsFor } from "./item";
import { TRACKED_DOCUMENTS } from "./manifest";

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

/**
 * Items fetched as CLML have their own endpoint, which knows whether they are in force; an Atom record
 * of the same item would overwrite that with the feed's plain `enacted` whenever the feed changes.
 */
const FETCHED_AS_CLML = new Set<string>(TRACKED_DOCUMENTS.map((d) => d.path));

/** Text of an Atom text construct; for `type="xhtml"` (bilingual Welsh items) only the English parts. */
function atomText($: CheerioAPI, el: Selection): string {
  if (el.attr("type") === "xhtml") {
    const english = el.find('[xml\\:lang="en"]');
    if (english.length > 0) return squash(english.map((_, e) => $(e).text()).get().join(" "));
  }
  return squash(el.text());
}

function parseEntry($: CheerioAPI, entry: Selection, index: number, url: string): InstrumentRecord {
  // Children only: `ukm:Supersedes` nests the draft's own title and DocumentMainType.
  const id = squash(entry.children("id").text());
  const title = atomText($, entry.children("title"));
  if (!id || !title) throw new UnexpectedFormatError(`${url}: entry ${index + 1} has no id or title`);
  // A Publication Log entry's id names the event; its dc:identifier names the item.
  const itemId = squash(entry.children("dc\\:identifier").text());
  const path = itemPath(id) ?? itemPath(itemId);
  if (!path) {
    throw new UnexpectedFormatError(`${url}: entry ${index + 1}: neither id ${id} nor dc:identifier is a legislation.gov.uk id URI`);
  }
  const mainType = entry.children("ukm\\:DocumentMainType").attr("Value");
  if (!mainType) throw new UnexpectedFormatError(`${url}: entry ${index + 1} (${id}) has no ukm:DocumentMainType`);
  const { kind, jurisdictionCode, draft } = documentType(mainType);

  const created = isoDate(entry.children("ukm\\:CreationDate").attr("Date"));
  const summary = entry.children("summary");
  const summaryText = (summary.length > 0 ? atomText($, summary) : "") || null;
  const identifiers: Record<string, string> = { legislationGovUk: path };
  const year = entry.children("ukm\\:Year").attr("Value");
  const number = entry.children("ukm\\:Number").attr("Value");
  if (year) identifiers.year = year;
  if (number) identifiers.number = number;

  return {
    type: "instrument",
    externalId: externalIdOf(path),
    jurisdictionCode,
    title,
    kind,
    // A draft instrument has been laid before the legislature but not made.
    stage: draft ? "introduced" : "enacted",
    introducedOn: null,
    enactedOn: draft ? null : created,
    inForceOn: null,
    identifiers,
    officialUrl: officialUrlOf(path),
    sourceUpdatedAt: squash(entry.children("updated").text()) || null,
    summary: summaryText,
    topics: topicsFor(path, title, summaryText),
  };
}

export function parseAtomFeed($: CheerioAPI, feed: Selection, url: string): InstrumentRecord[] {
  const entries = feed.children("entry");
  if (entries.length === 0) throw new EmptyParseError(`${url}: Atom feed has no entries`);
  const records = new Map<string, InstrumentRecord>();
  entries.each((i, e) => {
    const record = parseEntry($, $(e), i, url);
    const path = record.identifiers.legislationGovUk ?? "";
    // The Publication Log lists one entry per published file; feeds are newest first, so the first entry wins.
    if (!FETCHED_AS_CLML.has(path) && !records.has(record.externalId)) records.set(record.externalId, record);
  });
  return [...records.values()];
}
