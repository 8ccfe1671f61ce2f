import type { SourceManifest } from "../types";

const HOUR = 60 * 60 * 1000;

/** Consolidated Acts fetched on purpose, by consolidated number (the `{code}` in `/eng/XML/{code}.xml`). */
export const TRACKED_ACTS = [
  { code: "I-20.7", name: "mandatory-reporting-internet-child-pornography" },
  { code: "C-46", name: "criminal-code" },
] as const;

export const manifest: SourceManifest = {
  id: "canada-justice-laws",
  name: "Justice Laws Website (Department of Justice Canada)",
  homepage: "https://laws-lois.justice.gc.ca",
  baseUrl: "https://laws-lois.justice.gc.ca",
  endpoints: TRACKED_ACTS.map(({ code, name }) => ({ name: `act-${code}-${name}`, path: `/eng/XML/${code}.xml` })),
  // Consolidations are republished about every two weeks; a daily run notices them within a day.
  everyMs: 24 * HOUR,
  politeness: {
    // Justice Laws documents no rate limit; two documents per run, 5 s apart, is far below any plausible one.
    minDelayMs: 5000,
    // The Criminal Code XML is about 5.5 million characters (the official repository's C-46.xml, 2026).
    timeoutMs: 120_000,
    maxBodyBytes: 32 * 1024 * 1024,
  },
  apiKey: null,
  // One Act per payload: a drop to none is already an EmptyParseError.
  suspectDropRatio: 0.5,
};
