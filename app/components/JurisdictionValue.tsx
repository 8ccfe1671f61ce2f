import type { Value } from "../lib/scoring";

/**
 * Client-safe names shared by the jurisdiction pages, the comparison and their *.server.ts modules (a route
 * component cannot read constants from a .server module: the browser bundle leaves those empty).
 */

/** Every answer value, in the order the pages and exports list them. */
export const VALUES = ["met", "partial", "not_met", "pending", "reserved", "unknown"] as const satisfies readonly Value[];

export const VALUE_LABEL: Record<Value, string> = {
  met: "Met",
  partial: "Partial",
  not_met: "Not met",
  pending: "Pending",
  reserved: "Reserved",
  unknown: "Unknown",
};

/** An answer as text with a border style per value (colour from scoring.ts, plus solid/double/dashed/dotted): never colour alone. */
export function ValueBadge({ value }: { value: Value }) {
  return <span className={`value value-${value}`}>{VALUE_LABEL[value]}</span>;
}

export type Agreement = "same" | "differs" | "incomplete" | "unknown";

export const AGREEMENT_LABEL: Record<Agreement, string> = {
  same: "Same",
  differs: "Differs",
  incomplete: "Same where known; some unknown",
  unknown: "All unknown",
};

export type PairResult = "both" | "neither" | "gap" | "partly" | "unknown";

export const PAIR_LABEL: Record<PairResult, string> = {
  both: "Crime in both",
  neither: "Crime in neither",
  gap: "Crime in one only",
  partly: "Partly (one or both cover it in part)",
  unknown: "Unknown (no cited answer for one or both)",
};

export const MIN_JURISDICTIONS = 2;
export const MAX_JURISDICTIONS = 8;
