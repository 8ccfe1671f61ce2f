/**
 * What the Atom and CLML parsers share about one item of legislation: its identity, type and topics.
 * Both key records on the same id URI, so the two formats describe one instrument.
 */
import { classifyTitle } from "../topics/classify";
import type { InstrumentKind, TopicTag } from "../types";

const ID_URI = /^https?:\/\/(?:www\.|legislation\.data\.)?legislation\.gov\.uk\/id\/(.+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
export const isoDate = (value: string | undefined): string | null => (value && ISO_DATE.test(value) ? value : null);

/** `ukpga/2023/50` from any form of the item's id URI (http or https, www or legislation.data). */
export function itemPath(idUri: string): string | null {
  return ID_URI.exec(idUri)?.[1] ?? null;
}

/** The externalId: the id URI in the form the site itself publishes. */
export const externalIdOf = (path: string): string => `http://www.legislation.gov.uk/id/${path}`;
export const officialUrlOf = (path: string): string => `https://www.legislation.gov.uk/${path}`;

interface DocumentType {
  kind: InstrumentKind;
  jurisdictionCode: string;
  draft: boolean;
}

/**
 * Maps `ukm:DocumentMainType` (e.g. `ScottishAct`, `WelshStatutoryInstrument`) by its parts, so that
 * types added by the site later still land on the right jurisdiction.
 */
export function documentType(type: string): DocumentType {
  const jurisdictionCode = type.startsWith("Scottish")
    ? "GB-SCT"
    : type.startsWith("Welsh")
      ? "GB-WLS"
      : // Acts of the old Irish Parliament are on the site because they still apply in Northern Ireland.
        type.startsWith("NorthernIreland") || type.startsWith("Ireland")
        ? "GB-NIR"
        : type.startsWith("EuropeanUnion")
          ? "EU"
          : "GB";
  let kind: InstrumentKind;
  if (type === "EuropeanUnionDirective") kind = "directive";
  // Northern Ireland Orders in Council are primary legislation.
  else if (/(Act|Measure)$/.test(type) || type === "NorthernIrelandOrderInCouncil") kind = "act";
  else if (/StatutoryInstrument|StatutoryRule|Order|Instrument|Regulation/.test(type)) kind = "regulation";
  else kind = "other";
  return { kind, jurisdictionCode, draft: type.includes("Draft") };
}

/** Tags for instruments tracked by id; their titles alone would not (fully) reveal the topic. */
const TRACKED_TOPICS: Record<string, TopicTag> = {
  "ukpga/2023/50": {
    topic: "platform-duties",
    reason: "tracked instrument: the Online Safety Act 2023 puts safety duties on user-to-user and search services",
  },
  "ukpga/1978/37": {
    topic: "ai-csam",
    reason: "tracked instrument: section 1 of the Protection of Children Act 1978 is the indecent photographs and pseudo-photographs of children offence",
  },
};

export function topicsFor(path: string, title: string, summary: string | null): TopicTag[] {
  const tracked = TRACKED_TOPICS[path];
  const classified = classifyTitle(title, summary);
  return tracked ? [tracked, ...classified.filter((t) => t.topic !== tracked.topic)] : classified;
}
