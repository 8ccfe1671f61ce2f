import type { SourceManifest } from "../types";

const HOUR = 60 * 60 * 1000;

/**
 * Full-text searches (LegiScan query syntax) over the current sessions of all states and Congress. Each returns
 * up to 50 bills by relevance; the parser follows those whose titles match a topic.
 */
const SEARCHES = {
  csam: '"child sexual abuse material"',
  "ai-child-pornography": '"child pornography" AND ("artificial intelligence" OR "computer-generated")',
  "deepfake-sexual": "deepfake AND (sexual OR intimate)",
  "intimate-images": '"intimate images"',
  sextortion: "sextortion",
  "age-verification": '"age verification" AND minors',
} as const;

export const manifest: SourceManifest = {
  id: "legiscan",
  name: "LegiScan API (US states and Congress)",
  homepage: "https://legiscan.com",
  baseUrl: "https://api.legiscan.com/",
  // The pipeline adds the key as the `key` query parameter at fetch time; no path here carries it.
  endpoints: Object.entries(SEARCHES).map(([name, query]) => ({
    name: `search-${name}`,
    path: `?${new URLSearchParams({ op: "getSearch", state: "ALL", query })}`,
  })),
  everyMs: 12 * HOUR,
  // A public key has 30,000 queries a month. A run costs 6 searches and at most 40 getBill calls, twice a
  // day: about 2,800 a month. One request every 2 s.
  politeness: { minDelayMs: 2000, timeoutMs: 30_000, maxBodyBytes: 2 * 1024 * 1024 },
  apiKey: { env: "LEGISCAN_API_KEY", in: "query", name: "key" },
  maxFollows: 40,
  // How many search hits are on topic varies between runs (none is normal) and getBill gives one record,
  // so a drop in the count is no signal; format changes fail the parse instead.
  suspectDropRatio: 0,
};
