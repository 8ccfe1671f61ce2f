import type { SourceManifest } from "../types";

const DAY = 24 * 60 * 60 * 1000;

/**
 * One MTDSG status document per tracked treaty. Published URLs put chapter VI under "Volume I" and
 * chapters XXI, XXIII and XXVII under "Volume II"; IV → I and XVIII → II are inferred from that split and
 * not yet confirmed by a live request (a wrong guess shows up as a 404 in the run log).
 */
const TREATIES = [
  { name: "opsc", mtdsg: "IV-11-c", volume: "I", chapter: "IV" },
  { name: "palermo-protocol", mtdsg: "XVIII-12-a", volume: "II", chapter: "XVIII" },
  { name: "untoc", mtdsg: "XVIII-12", volume: "II", chapter: "XVIII" },
  { name: "un-cybercrime", mtdsg: "XVIII-16", volume: "II", chapter: "XVIII" },
] as const;

export const manifest: SourceManifest = {
  id: "untc",
  name: "UN Treaty Collection — status of multilateral treaties (MTDSG)",
  homepage: "https://treaties.un.org",
  baseUrl: "https://treaties.un.org",
  endpoints: TREATIES.map((t) => ({
    name: `status-${t.name}`,
    path: `/doc/Publication/MTDSG/Volume%20${t.volume}/Chapter%20${t.chapter}/${t.mtdsg}.en.xml`,
  })),
  everyMs: DAY,
  // No published rate limit; it is an old IIS site, so four requests a day, 10 s apart.
  politeness: { minDelayMs: 10_000, timeoutMs: 60_000, maxBodyBytes: 10 * 1024 * 1024 },
  apiKey: null,
  maxFollows: 0,
  // Participant lists only grow; losing a fifth of the rows means a broken or partial document.
  suspectDropRatio: 0.8,
};
