import type { SourceManifest } from "../types";

/**
 * The curated baseline is a "source" like any other so that it goes through the same ingestion path (snapshot →
 * parse → upsert) and shows on the source-health page. Its payloads are the files under `sources/curated/data/`,
 * read from the repository rather than fetched over the network; `baseUrl` is a file: URL relative to the repository
 * root (override with CURATED_BASE_URL, e.g. an absolute file:///srv/harmonia/sources/curated/data/).
 */
export const manifest: SourceManifest = {
  id: "curated",
  name: "Harmonia curated baseline (indicators, recommendations, groups, cited assessments)",
  homepage: "file:sources/curated/",
  baseUrl: "file:sources/curated/data/",
  endpoints: [
    { name: "indicators", path: "indicators.yaml" },
    { name: "recommendations", path: "recommendations.yaml" },
    { name: "groups", path: "groups.yaml" },
    { name: "baseline-treaties", path: "baseline/treaties.csv" },
    { name: "baseline-national-law", path: "baseline/national-law.csv" },
    { name: "baseline-us-states", path: "baseline/us-states.csv" },
  ],
  everyMs: 24 * 60 * 60 * 1000,
  politeness: {
    minDelayMs: 0,
    timeoutMs: 10_000,
    maxBodyBytes: 10 * 1024 * 1024,
  },
  apiKeyEnv: null,
  suspectDropRatio: 0.5,
};
