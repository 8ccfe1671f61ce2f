import type { SourceManifest } from "../types";

const DAY = 24 * 60 * 60 * 1000;

/** CETS numbers: Lanzarote, Budapest, Budapest Second Additional Protocol, Anti-Trafficking. */
const CHARTS = ["201", "185", "224", "197"] as const;
/** Only these two have a reservation that changes the answer (`reserved`), so only their lists are read. */
const DECLARATION_LISTS = ["201", "185"] as const;

export const manifest: SourceManifest = {
  id: "coe-treaties",
  name: "Council of Europe Treaty Office — charts of signatures and ratifications",
  homepage: "https://www.coe.int/en/web/conventions",
  // The JSON service behind the coe.int chart pages (the pages themselves are a JavaScript shell).
  baseUrl: "https://conventions-ws.coe.int/WS_LFRConventions/",
  endpoints: [
    ...CHARTS.map((cets) => ({ name: `signatures-${cets}`, path: `api/signatures?NumSte=${cets}&langue=ENG` })),
    ...DECLARATION_LISTS.map((cets) => ({
      name: `declarations-${cets}`,
      path: `api/conventions/getDeclarations?numSte=${cets}&codeNature=0&langue=ENG`,
    })),
  ],
  everyMs: DAY,
  // No published rate limit; six requests a day, 5 s apart.
  politeness: { minDelayMs: 5_000, timeoutMs: 30_000, maxBodyBytes: 5 * 1024 * 1024 },
  // The service wants the public token the chart page publishes as `window.conventions_api_key`, in a
  // `token` header. It is not a secret, but it can change, so it lives in the environment, not in code.
  apiKey: { env: "COE_TREATY_OFFICE_TOKEN", in: "header", name: "token" },
  maxFollows: 0,
  // Charts only grow; a fifth fewer rows means a partial or broken answer.
  suspectDropRatio: 0.8,
};
