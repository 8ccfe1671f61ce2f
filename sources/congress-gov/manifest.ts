import type { SourceManifest } from "../types";
import { TRACKED_BILLS } from "./bills";

const HOUR = 60 * 60 * 1000;

/** The 119th Congress sits from 3 January 2025 to 3 January 2027; raise this when the 120th convenes. */
export const CURRENT_CONGRESS = 119;

export const manifest: SourceManifest = {
  id: "congress-gov",
  name: "Congress.gov API v3 (Library of Congress)",
  homepage: "https://www.congress.gov",
  baseUrl: "https://api.congress.gov/v3",
  // Paths have no leading slash: they resolve under the base URL's /v3.
  endpoints: [
    {
      // The 250 most recently updated measures of the current Congress; the parser follows the on-topic ones.
      name: "recently-updated-bills",
      path: `bill/${CURRENT_CONGRESS}?format=json&sort=updateDate+desc&limit=250`,
    },
    ...TRACKED_BILLS.map((bill) => ({
      name: `tracked-${bill.congress}-${bill.type}-${bill.number}`,
      path: `bill/${bill.congress}/${bill.type}/${bill.number}?format=json`,
    })),
  ],
  everyMs: 3 * HOUR,
  // api.data.gov keys allow 5,000 requests an hour; one a second stays far below it.
  politeness: { minDelayMs: 1000, timeoutMs: 30_000, maxBodyBytes: 4 * 1024 * 1024 },
  apiKey: { env: "CONGRESS_GOV_API_KEY", in: "header", name: "X-Api-Key" },
  maxFollows: 40,
  // How many recently updated bills are on topic swings from run to run (none is normal), and a bill page
  // always gives one record, so a drop in the count says nothing here; format changes fail the parse instead.
  suspectDropRatio: 0,
};
