import type { Value } from "../../domain/alignment";

/**
 * Client-safe names shared by the jurisdiction pages, the comparison and their *.server.ts modules (a route
 * component cannot read constants from a .server module: the browser bundle leaves those empty).
 */

/** Every answer value, in the order the pages and exports list them. */
export const VALUES = ["met", "partial", "not_met", "pending", "reserved", "unknown"] as const satisfies readonly Value[];

/** Plain answers for readers; the value ids (met, partial…) stay in exports and in the badge's tooltip. */
export const VALUE_LABEL: Record<Value, string> = {
  met: "Yes",
  partial: "Partly",
  not_met: "No",
  pending: "Bill pending",
  reserved: "Reservation",
  unknown: "Not yet researched",
};

/** An answer as text with a border style per value (colour from scoring.ts, plus solid/double/dashed/dotted): never colour alone. */
export function ValueBadge({ value }: { value: Value }) {
  return (
    <span className={`value value-${value}`} title={`Value: ${value}`}>
      {VALUE_LABEL[value]}
    </span>
  );
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
