import type { SourceManifest } from "../types";

const HOUR = 60 * 60 * 1000;

/** Searches match bill titles; the parser keeps only results that match a topic or are tracked bills. */
const SEARCH_TERMS = [
  "online safety",
  "child sexual abuse",
  "artificial intelligence",
  "crime and policing",
  "intimate image",
] as const;

const BILLS_PATH = "/api/v1/Bills";

export const manifest: SourceManifest = {
  id: "uk-parliament-bills",
  name: "UK Parliament Bills API",
  homepage: "https://bills.parliament.uk",
  baseUrl: "https://bills-api.parliament.uk",
  endpoints: [
    ...SEARCH_TERMS.map((term) => ({
      name: `search-${term.replace(/ /g, "-")}`,
      path: `${BILLS_PATH}?SearchTerm=${encodeURIComponent(term)}&SortOrder=DateUpdatedDescending&Skip=0&Take=20`,
    })),
    // Catches on-topic bills whose titles none of the searches above contain.
    { name: "recently-updated", path: `${BILLS_PATH}?SortOrder=DateUpdatedDescending&Skip=0&Take=20` },
  ],
  everyMs: 6 * HOUR,
  // Parliament documents no rate limit for the Bills API and needs no key; one request a second is polite.
  politeness: { minDelayMs: 1000, timeoutMs: 20_000, maxBodyBytes: 2 * 1024 * 1024 },
  apiKey: null,
  // Each list page follows its on-topic bills to `/api/v1/Bills/{billId}`.
  maxFollows: 40,
  suspectDropRatio: 0.2,
};
