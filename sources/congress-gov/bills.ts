/**
 * US federal bill vocabulary shared by the two Congress sources (congress-gov and govinfo-billstatus):
 * measure types, congress.gov page URLs, identifiers, and the bills tracked by number.
 */
import type { InstrumentKind, TopicId, TopicTag } from "../types";

/** Congress's eight measure types, keyed by the lower-case code both APIs use in paths. */
const BILL_TYPES = {
  hr: { label: "H.R.", slug: "house-bill", hasForceOfLaw: true },
  s: { label: "S.", slug: "senate-bill", hasForceOfLaw: true },
  hjres: { label: "H.J.Res.", slug: "house-joint-resolution", hasForceOfLaw: true },
  sjres: { label: "S.J.Res.", slug: "senate-joint-resolution", hasForceOfLaw: true },
  // Concurrent and simple resolutions bind only Congress or one chamber; they never become law.
  hconres: { label: "H.Con.Res.", slug: "house-concurrent-resolution", hasForceOfLaw: false },
  sconres: { label: "S.Con.Res.", slug: "senate-concurrent-resolution", hasForceOfLaw: false },
  hres: { label: "H.Res.", slug: "house-resolution", hasForceOfLaw: false },
  sres: { label: "S.Res.", slug: "senate-resolution", hasForceOfLaw: false },
} as const;

export type BillType = keyof typeof BILL_TYPES;

export interface FederalBill {
  congress: number;
  type: BillType;
  /** The number as the sources write it, without leading zeros ("21"). */
  number: string;
}

/** `HR`, `hr`, `SCONRES` → the lower-case type code, or null for anything else. */
export function billTypeOf(raw: string): BillType | null {
  const type = raw.trim().toLowerCase();
  return Object.hasOwn(BILL_TYPES, type) ? (type as BillType) : null;
}

export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/** "H.R. 21 (117th Congress)" */
export function citation(bill: FederalBill): string {
  return `${BILL_TYPES[bill.type].label} ${bill.number} (${ordinal(bill.congress)} Congress)`;
}

/** The bill's public page, e.g. https://www.congress.gov/bill/117th-congress/house-bill/21 */
export function congressGovUrl(bill: FederalBill): string {
  return `https://www.congress.gov/bill/${ordinal(bill.congress)}-congress/${BILL_TYPES[bill.type].slug}/${bill.number}`;
}

/** The identifiers both Congress sources give, so that their records of one bill can be linked. */
export function federalIdentifiers(bill: FederalBill): Record<string, string> {
  return { congress: String(bill.congress), billType: bill.type, billNumber: bill.number };
}

export function kindOf(type: BillType, enacted: boolean): InstrumentKind {
  if (!BILL_TYPES[type].hasForceOfLaw) return "other";
  return enacted ? "act" : "bill";
}

interface TrackedBill extends FederalBill {
  name: string;
  topics: readonly TopicId[];
}

/**
 * Bills followed whatever their titles say. Numbers and topics come from the research's labelled titles
 * (shared/samples/labelled-titles). The Kids Online Safety Act is not here: no bill number for it was found there.
 */
export const TRACKED_BILLS: readonly TrackedBill[] = [
  { congress: 119, type: "s", number: "146", name: "TAKE IT DOWN Act", topics: ["platform-duties", "tf-exploitation"] },
  { congress: 119, type: "hr", number: "4831", name: "ENFORCE Act", topics: ["ai-csam"] },
  { congress: 119, type: "hr", number: "1283", name: "Protecting Our Children in an AI World Act of 2025", topics: ["ai-csam"] },
  { congress: 118, type: "s", number: "474", name: "REPORT Act", topics: ["platform-duties"] },
  { congress: 118, type: "s", number: "1199", name: "STOP CSAM Act of 2023", topics: ["platform-duties"] },
  { congress: 118, type: "s", number: "1207", name: "EARN IT Act of 2023", topics: ["platform-duties"] },
];

export function trackedBill(bill: FederalBill): TrackedBill | undefined {
  return TRACKED_BILLS.find((t) => t.congress === bill.congress && t.type === bill.type && t.number === bill.number);
}

/** Hand-set topics of a tracked bill, with a reason that says they were not derived from the title. */
export function trackedTopics(tracked: TrackedBill): TopicTag[] {
  return tracked.topics.map((topic) => ({
    topic,
    reason: `tracked bill: ${tracked.name}, ${citation(tracked)}; topic set by hand, not by the title classifier`,
  }));
}
