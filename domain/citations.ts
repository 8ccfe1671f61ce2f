/**
 * What a citation must point at. A legal fact is cited to the provision (or, where the portal has no
 * provision-level address, the instrument's own page) on an official source — never to a portal's home page or
 * its search page, which tell a reader nothing about where the rule is written.
 */

/** Query keys that make an address a search rather than a document (`?q=`, `?keywords=`, …). */
const SEARCH_KEYS = new Set(["q", "query", "keyword", "keywords", "search", "searchterm", "searchtext"]);
/** Query keys that identify one document. */
const DOCUMENT_KEY = /^(?:id|docid|doc|document|celex|uri|eli|bill_id|mtdsg_no|treatynum|numste)$/i;
/** A path segment of a search page, at any depth (`/Search`, `/bill-search`, `/en/recherche.aspx`). */
const SEARCH_SEGMENT = /search|^(?:suche|recherche|buscar|busqueda|ricerca|zoeken)(?:\.[a-z]+)?$/i;
/** A site's landing page when it is the whole path (`/home`, `/index.html`); deeper, `index.html` names a chapter. */
const LANDING_PATH = /^(?:home|default|index|welcome)(?:\.[a-z]+)?$/i;

/**
 * Why `url` cannot cite a provision, or null when it can: a portal's home page (its root, whatever the query) or a
 * search page. A page that names a document in its path (an act, a section, a bill, a status page) is accepted.
 */
export function citationAddressProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  const keys = [...parsed.searchParams.keys()].map((k) => k.toLowerCase());
  if (keys.some((k) => SEARCH_KEYS.has(k))) return "is a search page (a search query in the address)";
  if (segments.length === 0 || (segments.length === 1 && LANDING_PATH.test(segments[0]!))) return "is a portal's home page, not a provision";
  // A search path that names one document (`buscar/act.php?id=BOE-A-1995-25444`) is that document's page.
  if (keys.some((k) => DOCUMENT_KEY.test(k))) return null;
  if (segments.some((s) => SEARCH_SEGMENT.test(s))) return "is a search page, not a provision";
  return null;
}

/**
 * The name one law goes by across answers: "Criminal Code (Law No. 286/2009)", "Criminal code" and "Criminal Code,
 * art. 374" are one instrument. Bracketed asides (an original title, a chapter number), a provision named after the
 * title, and punctuation do not tell laws apart.
 */
export function instrumentKey(title: string): string {
  const plain = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const law = title.replace(PROVISION_IN_TITLE, "");
  return plain(law.replace(/\([^()]*\)/g, " ")) || plain(law);
}

/** A provision named after the law's title (", s.66B inserted by …", ", art. 5"): the provision column's business. */
const PROVISION_IN_TITLE = /,\s*(?:ss?|sections?|arts?|articles?|§§?)\.?\s*\d.*$/i;

/** How the ids of cited instruments begin: no scraped source's id does. */
export const CITED_INSTRUMENT_PREFIX = "cited:";

/** The id under which a law cited by a jurisdiction's answers is kept as an instrument (one per jurisdiction and law). */
export function citedInstrumentId(jurisdictionCode: string, instrumentTitle: string): string {
  return `${CITED_INSTRUMENT_PREFIX}${jurisdictionCode}:${instrumentKey(instrumentTitle)}`;
}
