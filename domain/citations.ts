/**
 * What a citation must point at. A legal fact is cited to the provision (or, where the portal has no
 * provision-level address, the instrument's own page) on an official source — never to a portal's home page or
 * its search page, which tell a reader nothing about where the rule is written.
 */

/** Query keys that make an address a search rather than a document (`?q=`, `?keywords=`, …). */
const SEARCH_KEYS = new Set(["q", "query", "keyword", "keywords", "search", "searchterm", "searchtext"]);
/** Query keys that identify one document. */
const DOCUMENT_KEY = /^(?:id|docid|doc|document|celex|uri|eli|bill_id|mtdsg_no|treatynum|numste)$/i;
/** A path segment of a search page, at any depth (`/Search`, `/en/recherche.aspx`). */
const SEARCH_SEGMENT = /^(?:search|suche|recherche|buscar|busqueda|ricerca|zoeken)(?:\.[a-z]+)?$/i;
/** A site's landing page when it is the whole path (`/home`, `/index.html`); deeper, `index.html` names a chapter. */
const LANDING_PATH = /^(?:home|default|index|welcome)(?:\.[a-z]+)?$/i;

/**
 * Why `url` cannot cite a provision, or null when it can: a portal's home page or a search page. A page that names
 * a document in its path or query (an act, a section, a bill, a status page) is accepted.
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
  // Drupal sites without clean URLs address a page as `?q=node/1270`: a document, not a query.
  const searching = [...parsed.searchParams].some(([k, v]) => SEARCH_KEYS.has(k.toLowerCase()) && !/^node\/\d+$/.test(v));
  if (searching) return "is a search page (a search query in the address)";
  // A query that names a document (`buscar/act.php?id=BOE-A-1995-25444`, `Default.aspx?docid=…`) is that document's page.
  if (keys.some((k) => DOCUMENT_KEY.test(k))) return null;
  if (segments.some((s) => SEARCH_SEGMENT.test(s))) return "is a search page, not a provision";
  if (keys.length > 0) return null;
  if (segments.length === 0 || (segments.length === 1 && LANDING_PATH.test(segments[0]!))) return "is a portal's home page, not a provision";
  return null;
}
