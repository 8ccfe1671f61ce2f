import { TRACKED_BILLS } from "../congress-gov/bills";
import type { SourceManifest } from "../types";

const HOUR = 60 * 60 * 1000;

/** The bulk-data folders (Congress × measure type) that hold the tracked bills, each with its own sitemap. */
const TRACKED_FOLDERS = [...new Set(TRACKED_BILLS.map((bill) => `${bill.congress}${bill.type}`))];

export const manifest: SourceManifest = {
  id: "govinfo-billstatus",
  name: "govinfo Bill Status XML bulk data (GPO)",
  homepage: "https://www.govinfo.gov/bulkdata/BILLSTATUS",
  baseUrl: "https://www.govinfo.gov",
  endpoints: TRACKED_FOLDERS.map((folder) => ({
    name: `sitemap-${folder}`,
    path: `/sitemap/bulkdata/BILLSTATUS/${folder}/sitemap.xml`,
  })),
  // GPO regenerates the current Congress's files every 4 hours and older Congresses' daily.
  everyMs: 4 * HOUR,
  // The keyless bulk files have no published rate limit; one request every 2 s is polite. A folder sitemap
  // lists every measure of the Congress (thousands of URLs), hence the larger body cap.
  politeness: { minDelayMs: 2000, timeoutMs: 60_000, maxBodyBytes: 16 * 1024 * 1024 },
  apiKey: null,
  maxFollows: 20,
  // A sitemap gives one follow-up per tracked bill it lists and a bill file one record: counts only grow.
  suspectDropRatio: 0.5,
};
