/**
 * Parses a Justice Laws consolidated Act (`/eng/XML/{code}.xml`, root `<Statute>`) into one instrument.
 *
 * The Criminal Code runs to about 5.5 million characters, so the parser does not build a tree of the
 * whole document: it cuts out the root start tag, `<Identification>` and, for tracked Acts, one section
 * with the heading above it, and loads only those pieces.
 */
import { load, type CheerioAPI } from "cheerio";
import { classifyTitle } from "../topics/classify";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentRecord,
  type InstrumentStage,
  type Payload,
  type TopicId,
  type TopicTag,
} from "../types";

/** A cheerio selection; cheerio does not re-export domhandler's node types. */
type Selection = ReturnType<CheerioAPI>;

interface TrackedAct {
  /** Given whatever the text says, because the Act is tracked for this topic. */
  tag?: TopicTag;
  /** A section summarised when present, and the topic its presence tags the Act with. */
  section?: { label: string; topic: TopicId; about: string };
}

/** Keyed by consolidated number. */
const TRACKED_ACTS: Record<string, TrackedAct> = {
  "I-20.7": {
    tag: {
      topic: "platform-duties",
      reason: "tracked instrument: S.C. 2011, c. 4 puts reporting and preservation duties on providers of Internet services",
    },
  },
  "C-46": { section: { label: "163.1", topic: "ai-csam", about: "the child sexual abuse material offences" } },
};

const OFFICIAL_ACTS_URL = "https://laws-lois.justice.gc.ca/eng/acts/";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The first element name after the XML declaration, comments and a doctype. */
const ROOT_NAME = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z][\w.:-]*)/;
// The site is bilingual, so its error pages may be in French.
const MAINTENANCE =
  /maintenance|entretien|service (is )?(temporarily )?unavailable|temporarily unavailable|temporairement|try again later|bad gateway|gateway time-?out|internal server error|too many requests|\berror\b|erreur|\b5\d\d\b/i;

const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
export const isoDate = (value: string | undefined): string | null => (value && ISO_DATE.test(value) ? value : null);
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `<Date><YYYY>2011</YYYY><MM>3</MM><DD>23</DD></Date>` → 2011-03-23. */
export function dateElement(date: Selection): string | null {
  const part = (name: string): string => squash(date.children(name).text());
  const [y, m, d] = [part("YYYY"), part("MM"), part("DD")];
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return null;
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** The first `<name …>…</name>` at or after `from`; these elements do not nest. */
function cutElement(xml: string, name: string, from = 0): string | null {
  const open = new RegExp(`<${name}[\\s>]`, "g");
  open.lastIndex = from;
  const start = open.exec(xml)?.index;
  if (start === undefined) return null;
  const close = `</${name}>`;
  const end = xml.indexOf(close, start);
  return end === -1 ? null : xml.slice(start, end + close.length);
}

/**
 * The section whose own `<Label>` is `label`, and the heading just above it. The Body comes before
 * schedules and related provisions, so the first such label is the section itself.
 */
function cutSection(xml: string, label: string): { section: string; heading: string | null } | null {
  // A label may carry a footnote marker: `<Label><FootnoteRef …>*</FootnoteRef>13</Label>`.
  const labelAt = new RegExp(`<Label>(?:<FootnoteRef\\b[^>]*>[^<]*</FootnoteRef>)?${escapeRegExp(label)}</Label>`).exec(xml)?.index;
  if (labelAt === undefined) return null;
  const start = Math.max(xml.lastIndexOf("<Section ", labelAt), xml.lastIndexOf("<Section>", labelAt));
  if (start === -1 || xml.lastIndexOf("</Section>", labelAt) > start) return null;
  const end = xml.indexOf("</Section>", labelAt);
  if (end === -1) return null;
  const headingStart = xml.lastIndexOf("<Heading", start);
  const heading = headingStart === -1 ? null : cutElement(xml, "Heading", headingStart);
  return {
    section: xml.slice(start, end + "</Section>".length),
    heading: heading !== null && headingStart + heading.length <= start ? heading : null,
  };
}

function rejectNonStatute(xml: string, rootName: string | undefined, url: string): never {
  if (rootName === undefined || rootName.toLowerCase() === "html") {
    const $ = load(xml);
    const text = squash(`${$("title").text()} ${$("h1").text()} ${$("body").text()}`) || squash(xml);
    if (MAINTENANCE.test(text)) {
      throw new MaintenancePageError(`${url}: maintenance or error page instead of a Justice Laws <Statute> document: ${text.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: ${rootName ? "HTML page" : "not XML"} instead of a Justice Laws <Statute> document`);
  }
  throw new UnexpectedFormatError(`${url}: root element is <${rootName}>, expected <Statute> (a consolidated Act)`);
}

interface SectionSummary {
  label: string;
  marginalNote: string;
  heading: string | null;
  lastAmendedOn: string | null;
}

function summariseSection(fragment: { section: string; heading: string | null }, label: string): SectionSummary {
  const $ = load(`${fragment.heading ?? ""}${fragment.section}`, { xml: true });
  const section = $.root().children("Section");
  return {
    label,
    marginalNote: squash(section.children("MarginalNote").text()),
    heading: fragment.heading === null ? null : squash($.root().children("Heading").children("TitleText").text()) || null,
    lastAmendedOn: isoDate(section.attr("lims:lastAmendedDate")),
  };
}

export function stageOf(inForce: string | undefined): InstrumentStage {
  if (inForce === "yes") return "in_force";
  // Assented to but not yet in force.
  if (inForce === "no") return "enacted";
  return "unknown";
}

export function parse(payload: Payload): InstrumentRecord[] {
  const { url } = payload;
  // Justice Laws XML is declared and served as UTF-8; TextDecoder also drops a byte-order mark.
  const xml = new TextDecoder("utf-8").decode(payload.body);
  const head = xml.trimStart();
  if (head === "") throw new UnexpectedFormatError(`${url}: empty body, expected a Justice Laws <Statute> document`);
  if (head.startsWith("{") || head.startsWith("[")) {
    throw new UnexpectedFormatError(`${url}: JSON instead of a Justice Laws <Statute> document`);
  }
  const rootName = ROOT_NAME.exec(xml)?.[1];
  if (rootName !== "Statute") rejectNonStatute(xml, rootName, url);
  // Only pieces are parsed, so a cut-off download would otherwise go unnoticed.
  if (!/<\/Statute>\s*$/.test(xml.slice(-64))) {
    throw new UnexpectedFormatError(`${url}: Statute document is truncated (no closing </Statute>)`);
  }

  const rootStart = xml.indexOf("<Statute");
  const rootTag = xml.slice(rootStart, xml.indexOf(">", rootStart) + 1);
  const identificationXml = cutElement(xml, "Identification", rootStart);
  if (identificationXml === null) {
    if (cutElement(xml, "Body", rootStart) === null) throw new EmptyParseError(`${url}: Statute has no Identification and no Body`);
    throw new UnexpectedFormatError(`${url}: Statute has no <Identification> (titles, chapter, consolidated number)`);
  }

  const $ = load(`${rootTag}${identificationXml}</Statute>`, { xml: true });
  const statute = $.root().children("Statute");
  const identification = statute.children("Identification");
  const longTitle = squash(identification.children("LongTitle").text());
  const title = squash(identification.children("ShortTitle").text()) || longTitle;
  const code = squash(identification.find("Chapter > ConsolidatedNumber").text());
  if (!title || !code) throw new UnexpectedFormatError(`${url}: Identification has no title or no ConsolidatedNumber`);

  const identifiers: Record<string, string> = { consolidatedNumber: code };
  const annual = identification.find("Chapter > AnnualStatuteId");
  const [annualYear, annualNumber] = [squash(annual.children("YYYY").text()), squash(annual.children("AnnualStatuteNumber").text())];
  if (annualYear && annualNumber) identifiers.chapter = `S.C. ${annualYear}, c. ${annualNumber}`;
  const billNumber = squash(identification.children("BillNumber").text());
  if (billNumber) identifiers.billNumber = billNumber;

  const tracked = TRACKED_ACTS[code];
  const sectionFragment = tracked?.section ? cutSection(xml, tracked.section.label) : null;
  const section = sectionFragment && tracked?.section ? summariseSection(sectionFragment, tracked.section.label) : null;

  const stage = stageOf(statute.attr("in-force"));
  const lastAmendedOn = isoDate(statute.attr("lims:lastAmendedDate"));
  const summary = [
    longTitle && longTitle !== title ? `${longTitle}.` : "",
    lastAmendedOn ? `Last amended ${lastAmendedOn}.` : "",
    section
      ? `Section ${section.label}${section.heading ? ` (${section.heading})` : ""}: ${section.marginalNote}` +
        `${section.lastAmendedOn ? `; section last amended ${section.lastAmendedOn}` : ""}.`
      : "",
  ]
    .filter(Boolean)
    .join(" ");

  const topics: TopicTag[] = [];
  if (tracked?.tag) topics.push(tracked.tag);
  if (section && tracked?.section) {
    topics.push({
      topic: tracked.section.topic,
      reason: `tracked instrument: section ${section.label} "${section.marginalNote}" holds ${tracked.section.about}`,
    });
  }
  for (const tag of classifyTitle(title, summary || null)) if (!topics.some((t) => t.topic === tag.topic)) topics.push(tag);

  const officialUrl = `${OFFICIAL_ACTS_URL}${code}/`;
  return [
    {
      type: "instrument",
      externalId: officialUrl,
      jurisdictionCode: "CA",
      title,
      kind: "act",
      stage,
      introducedOn: null,
      enactedOn: dateElement(identification.find('BillHistory > Stages[stage="assented-to"] > Date')),
      // The Statute's own in-force start: the Act's commencement when never amended since (I-20.7),
      // otherwise the start of its current point-in-time record (2018-12-18 for the Criminal Code).
      inForceOn: stage === "in_force" ? isoDate(statute.attr("lims:inforce-start-date")) : null,
      identifiers,
      officialUrl,
      // Not lims:current-date: that moves with every consolidation even when the Act is unchanged.
      sourceUpdatedAt: lastAmendedOn,
      summary: summary || null,
      topics,
    },
  ];
}
