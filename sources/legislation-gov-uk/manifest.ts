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
  ],
  everyMs: 6 * HOUR,
  // TNA's fair-use limit is 3,000 requests per 5 minutes; one request per 2 s stays far below it.
  politeness: { minDelayMs: 2000, timeoutMs: 20_000, maxBodyBytes: 5 * 1024 * 1024 },
  apiKeyEnv: null,
  suspectDropRatio: 0.2,
};
