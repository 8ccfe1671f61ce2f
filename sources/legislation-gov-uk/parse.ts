/**
 * Parses a legislation.gov.uk payload into instrument records: an Atom feed (lists, searches, the
 * Publication Log; see atom.ts) or a CLML document (one item's metadata; see clml.ts).
 */
import { loadBuffer, type CheerioAPI } from "cheerio";
import { MaintenancePageError, UnexpectedFormatError, type InstrumentRecord, type Payload } from "../types";
import { parseAtomFeed } from "./atom";
import { parseClml } from "./clml";
import { squash } from "./item";

const ATOM_NS = "http://www.w3.org/2005/Atom";
const LEGISLATION_NS = "http://www.legislation.gov.uk/namespaces/legislation";
const EXPECTED = `an Atom <feed xmlns="${ATOM_NS}"> or a CLML <Legislation xmlns="${LEGISLATION_NS}">`;
const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests|\berror\b|\b5\d\d\b/i;

function charsetOf(contentType: string | null): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType) : null;
  return m?.[1];
}

function rejectUnknownRoot($: CheerioAPI, rootName: string | undefined, url: string): never {
  if (rootName?.toLowerCase() === "html") {
    const text = squash(`${$("title").text()} ${$("h1").text()} ${$("body").text()}`);
    if (MAINTENANCE.test(text)) {
      throw new MaintenancePageError(`${url}: HTML maintenance or error page instead of ${EXPECTED}: ${text.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML page instead of ${EXPECTED}`);
  }
  throw new UnexpectedFormatError(`${url}: root element is <${rootName ?? "none"}>, expected ${EXPECTED}`);
}

/** The XML parser closes open elements silently, so a cut-off download would otherwise look complete. */
function assertComplete(bytes: Buffer, rootName: string, url: string): void {
  if (!new RegExp(`</${rootName}>\\s*$`).test(bytes.subarray(-64).toString("latin1"))) {
    throw new UnexpectedFormatError(`${url}: ${rootName} document is truncated (no closing </${rootName}>)`);
  }
}

export function parse(payload: Payload): InstrumentRecord[] {
  const { url, body } = payload;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const head = bytes.subarray(0, 64).toString("latin1").trimStart();
  if (head === "") throw new UnexpectedFormatError(`${url}: empty body, expected ${EXPECTED}`);
  if (head.startsWith("{") || head.startsWith("[")) throw new UnexpectedFormatError(`${url}: JSON instead of ${EXPECTED}`);

  const $ = loadBuffer(bytes, {
    xml: true,
    encoding: { transportLayerEncodingLabel: charsetOf(payload.contentType), defaultEncoding: "utf-8" },
  });
  const root = $.root().children().first();
  const rootName = root.prop("name");
  if (rootName === "feed" && root.attr("xmlns") === ATOM_NS) {
    assertComplete(bytes, rootName, url);
    return parseAtomFeed($, root, url);
  }
  // CLML declares its namespace as the default one, or (in some documents) under a prefix such as `leg:`.
  const clml = rootName === undefined ? null : /^(?:([\w.-]+):)?Legislation$/.exec(rootName);
  if (rootName !== undefined && clml && root.attr(clml[1] ? `xmlns:${clml[1]}` : "xmlns") === LEGISLATION_NS) {
    assertComplete(bytes, rootName, url);
    return parseClml($, root, payload);
  }
  rejectUnknownRoot($, rootName, url);
}
