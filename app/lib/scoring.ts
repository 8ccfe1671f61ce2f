/**
 * How indicator answers combine into a jurisdiction's alignment with a recommendation. Pure, so the
 * server, the exports and the methodology page share one definition.
 */

export type Value = "met" | "partial" | "not_met" | "pending" | "reserved" | "unknown";
export type Alignment = "met" | "partial" | "not_met" | "unknown";
export type CombineRule = "mean" | "all" | "any";

export const ALIGNMENTS: Alignment[] = ["met", "partial", "not_met", "unknown"];

export const ALIGNMENT_LABEL: Record<Alignment, string> = {
  met: "Met",
  partial: "Partly met",
  not_met: "Not met",
  unknown: "Unknown",
};

/**
 * Okabe–Ito based, colour-blind safe, every mark ≥ 3:1 against white (met 3.4, partial 3.2, not met 3.9,
 * unknown 4.5). Charts also print the count in each segment and a table beside them: never colour alone.
 */
export const ALIGNMENT_COLOUR: Record<Alignment, string> = {
  met: "#009E73",
  partial: "#B8860B",
  not_met: "#D55E00",
  unknown: "#767676",
};

/** A reservation excluding virtual material limits the commitment: it counts as half, like partial. */
const SCORE: Record<Exclude<Value, "unknown">, number> = { met: 1, partial: 0.5, reserved: 0.5, pending: 0, not_met: 0 };

export const RULE_EXPLANATION: Record<CombineRule, string> = {
  all: "Every indicator must be met. Not met as soon as one indicator is not met or only pending; unknown while any other indicator is unknown; partly met otherwise.",
  any: "One indicator met is enough. Partly met if one is partial or reserved; unknown while any indicator is unknown; not met otherwise.",
  mean: "The average over the indicators with a cited answer (met 1, partial or reserved ½, pending or not met 0): met at 1, not met at 0, partly met in between; unknown when no indicator has an answer.",
};

export function combine(rule: CombineRule, values: Value[]): Alignment {
  const known = values.filter((v): v is Exclude<Value, "unknown"> => v !== "unknown");
  const hasUnknown = known.length < values.length;
  if (values.length === 0 || known.length === 0) return "unknown";
  const scores = known.map((v) => SCORE[v]);
  if (rule === "all") {
    if (scores.some((s) => s === 0)) return "not_met";
    if (hasUnknown) return "unknown";
    return scores.every((s) => s === 1) ? "met" : "partial";
  }
  if (rule === "any") {
    if (scores.some((s) => s === 1)) return "met";
    if (scores.some((s) => s > 0)) return "partial";
    return hasUnknown ? "unknown" : "not_met";
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return mean === 1 ? "met" : mean === 0 ? "not_met" : "partial";
}
