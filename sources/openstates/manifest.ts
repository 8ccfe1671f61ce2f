import type { SourceManifest } from "../types";

const HOUR = 60 * 60 * 1000;

/**
 * Full-text searches (PostgreSQL websearch syntax: quotes for phrases, OR, -) across every jurisdiction,
 * most recently updated first. The parser keeps the bills whose title or abstract matches a topic.
 */
const SEARCHES = {
  csam: '"child sexual abuse material"',
  "child-pornography": '"child pornography"',
  deepfake: 'deepfake OR "digital forgery"',
  "intimate-images": '"intimate images"',
  sextortion: "sextortion",
  "age-verification": '"age verification"',
} as const;

export const manifest: SourceManifest = {
  id: "openstates",
  name: "Open States API v3 (Plural Policy)",
  homepage: "https://openstates.org",
  baseUrl: "https://v3.openstates.org",
  endpoints: Object.entries(SEARCHES).map(([name, q]) => {
    const query = new URLSearchParams({ q, sort: "updated_desc", per_page: "20" });
    // Abstracts feed the topic classifier, actions give the stage, sources give the legislature's own page.
    for (const include of ["abstracts", "actions", "sources"]) query.append("include", include);
    return { name: `search-${name}`, path: `bills?${query}` };
  }),
  everyMs: 12 * HOUR,
  // Keys get per-minute and per-day quotas whose default figures are not published; 6 requests per run,
  // two runs a day and one request every 10 s stay well inside any of them.
  politeness: { minDelayMs: 10_000, timeoutMs: 30_000, maxBodyBytes: 4 * 1024 * 1024 },
  apiKey: { env: "OPENSTATES_API_KEY", in: "header", name: "X-API-KEY" },
  // A search page carries everything an instrument needs; nothing is followed.
  maxFollows: 0,
  // The number of on-topic bills among a search's latest updates varies from run to run (none is normal),
  // so a drop is no signal; format changes fail the parse instead.
  suspectDropRatio: 0,
};
