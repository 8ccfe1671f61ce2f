import type { SourceManifest } from "../types";
import { TRACKED_PROCEDURES } from "./tracked";

const HOUR = 60 * 60 * 1000;

export const manifest: SourceManifest = {
  id: "ep-procedures",
  name: "European Parliament Open Data API v2 (procedures)",
  homepage: "https://data.europarl.europa.eu",
  baseUrl: "https://data.europarl.europa.eu",
  endpoints: Object.keys(TRACKED_PROCEDURES).map((id) => ({
    name: `procedure-${id}`,
    path: `/api/v2/procedures/${id}?format=${encodeURIComponent("application/ld+json")}`,
  })),
  everyMs: 12 * HOUR,
  // The API allows 500 requests per 5 minutes per endpoint and needs no key; one request a second stays far below.
  politeness: { minDelayMs: 1000, timeoutMs: 30_000, maxBodyBytes: 5 * 1024 * 1024 },
  apiKey: null,
  suspectDropRatio: 0.5,
};
