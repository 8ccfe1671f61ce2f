import type { SourceManifest } from "../types";

const HOUR = 60 * 60 * 1000;

/** Title searches return Atom feeds of 20 entries, newest-modified first (the feed default). */
const TITLE_SEARCHES = [
  "online safety",
  "child sexual abuse",
  "indecent images",
  "sexual offences",
  "modern slavery",
  "intimate image",
] as const;

/**
 * Items fetched as CLML on purpose. The table of contents (`/contents/data.xml`) carries the same
 * `ukm:Metadata` as the whole item, which TNA asks clients not to request because whole items are large.
 */
export const TRACKED_DOCUMENTS = [
  { path: "ukpga/2023/50", name: "online-safety-act-2023" },
  { path: "ukpga/1978/37", name: "protection-of-children-act-1978" },
] as const;

export const manifest: SourceManifest = {
  id: "legislation-gov-uk",
  name: "legislation.gov.uk (The National Archives)",
  homepage: "https://www.legislation.gov.uk",
  baseUrl: "https://www.legislation.gov.uk",
  endpoints: [
    ...TITLE_SEARCHES.map((phrase) => ({
      name: `search-${phrase.replace(/ /g, "-")}`,
      path: `/all/data.feed?title=${phrase.replace(/ /g, "+")}`,
    })),
    { name: "newest-published", path: "/all/data.feed?sort=published" },
    // The Publication Log: every (re)publication of an item's XML, newest first, 20 per page.
    { name: "publication-log-legislation", path: "/update/legislation/data.feed?format=xml&event=published" },
    ...TRACKED_DOCUMENTS.map(({ path, name }) => ({ name: `clml-${name}`, path: `/${path}/contents/data.xml` })),
  ],
  everyMs: 6 * HOUR,
  // TNA's fair-use limit is 3,000 requests per 5 minutes; one request per 2 s stays far below it.
  politeness: { minDelayMs: 2000, timeoutMs: 20_000, maxBodyBytes: 5 * 1024 * 1024 },
  apiKey: null,
  suspectDropRatio: 0.2,
};
