import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SourceManifest } from "../types";

/**
 * The curated knowledge base is a "source" like any other so that it goes through the same ingestion path
 * (snapshot → parse → upsert) and shows on the source-health page. Its payloads are the files under
 * `sources/curated/data/`, read from the checkout (npm scripts run from the package root); override the base
 * with HARMONIA_SOURCE_URLS=curated=file:///srv/harmonia/data/ to load a reviewed copy from elsewhere.
 * Endpoint order matters: catalogues first, so the baseline's indicators and groups exist when it loads.
 */
export const manifest: SourceManifest = {
  id: "curated",
  name: "Harmonia curated knowledge base (indicators, recommendations, groups, cited baseline)",
  homepage: "/methodology",
  baseUrl: pathToFileURL(path.join(process.cwd(), "sources/curated/data/")).href,
  endpoints: [
    { name: "indicators", path: "indicators.yaml" },
    { name: "recommendations", path: "recommendations.yaml" },
    { name: "groups", path: "groups.yaml" },
    { name: "baseline-treaties", path: "baseline/treaties.csv" },
    { name: "baseline-national-law", path: "baseline/national-law.csv" },
    // Reviewed research, one file per region (see the README's "Curating the baseline").
    ...["asean", "east-asia-pacific", "south-asia-middle-east", "europe-central-east", "europe-west-north", "east-europe-central-asia", "united-kingdom"].map((region) => ({
      name: `baseline-national-law-${region}`,
      path: `baseline/national-law.${region}.csv`,
    })),
    { name: "baseline-us-states", path: "baseline/us-states.csv" },
  ],
  // Files change only by commit; re-reading them hourly costs a dozen hashes.
  everyMs: 60 * 60 * 1000,
  politeness: { minDelayMs: 0, timeoutMs: 10_000, maxBodyBytes: 10 * 1024 * 1024 },
  apiKey: null,
  suspectDropRatio: 0.5,
};
