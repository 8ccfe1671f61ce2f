/**
 * How indicator answers combine into a jurisdiction's alignment with a recommendation, and how alignments
 * combine across recommendations. Pure and free of any other module of ours, so the server, the exports,
 * the map and the methodology page share one definition.
 *
 * No colour without evidence: an alignment is decided only when enough indicators are known to decide it
 * under the recommendation's rule; otherwise it is "insufficient evidence", never "met".
 */

export type Value = "met" | "partial" | "not_met" | "pending" | "reserved" | "unknown";
/** `insufficient`: some indicators are known, too few to decide; `unknown`: none is known. */
export type Alignment = "met" | "partial" | "not_met" | "insufficient" | "unknown";
export type CombineRule = "mean" | "all" | "any";

export const ALIGNMENTS: Alignment[] = ["met", "partial", "not_met", "insufficient", "unknown"];
/** The alignments that are decided: the only ones a headline or ranking may count. */
export const DECIDED: ReadonlySet<Alignment> = new Set(["met", "partial", "not_met"]);

export const ALIGNMENT_LABEL: Record<Alignment, string> = {
  met: "Met",
  partial: "Partly met",
  not_met: "Not met",
  insufficient: "Insufficient evidence",
  unknown: "Not yet researched",
};

/**
 * Okabe–Ito based, colour-blind safe, every mark ≥ 3:1 against white (met 3.4, partial 3.2, not met 3.9,
 * insufficient 3.6, unknown 4.5). Charts also print the count in each segment and a table beside them, and
 * maps give each category its own pattern: never colour alone.
 */
export const ALIGNMENT_COLOUR: Record<Alignment, string> = {
  met: "#009E73",
  partial: "#B8860B",
  not_met: "#D55E00",
  insufficient: "#0072B2",
  unknown: "#767676",
};

/** A reservation excluding virtual material limits the commitment: it counts as half, like partial. */
const SCORE: Record<Exclude<Value, "unknown">, number> = { met: 1, partial: 0.5, reserved: 0.5, pending: 0, not_met: 0 };

export const RULE_EXPLANATION: Record<CombineRule, string> = {
  all: "Every indicator must be met. Not met as soon as one known indicator is not met or only pending; met only when all are known and met; partly met when all are known and none fails; otherwise insufficient evidence.",
  any: "One indicator met is enough. Met as soon as one known indicator is met; while any other is unknown, insufficient evidence; when all are known, partly met if one is partial or reserved, not met otherwise.",
  mean: "The average over the indicators with a cited answer (met 1, partial or reserved ½, pending or not met 0), decided only when at least half the indicators are known: met at 1, not met at 0, partly met in between; otherwise insufficient evidence.",
};

/** How many of the values are known (not `unknown`): shown as "k of n known" beside every score. */
export function knownCount(values: readonly Value[]): number {
  return values.filter((v) => v !== "unknown").length;
}

export function combine(rule: CombineRule, values: readonly Value[]): Alignment {
  const known = values.filter((v): v is Exclude<Value, "unknown"> => v !== "unknown");
  if (known.length === 0) return "unknown";
  const complete = known.length === values.length;
  const scores = known.map((v) => SCORE[v]);
  if (rule === "all") {
    if (scores.some((s) => s === 0)) return "not_met";
    if (!complete) return "insufficient";
    return scores.every((s) => s === 1) ? "met" : "partial";
  }
  if (rule === "any") {
    if (scores.some((s) => s === 1)) return "met";
    if (!complete) return "insufficient";
    return scores.some((s) => s > 0) ? "partial" : "not_met";
  }
  if (known.length * 2 < values.length) return "insufficient";
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return mean === 1 ? "met" : mean === 0 ? "not_met" : "partial";
}

/** A jurisdiction's alignment counts over several recommendations (one per alignment). */
export type AlignmentCounts = Record<Alignment, number>;

export const emptyCounts = (): AlignmentCounts => ({ met: 0, partial: 0, not_met: 0, insufficient: 0, unknown: 0 });

export const AVERAGE_RULE =
  "Each country's colour is its average alignment over the recommendations whose alignment is decided there (met 1, partly met ½, not met 0): met from ⅔, not met below ⅓, partly met in between — but only when at least half of the recommendations are decided; otherwise insufficient evidence, and not yet researched when no indicator is known.";

/**
 * The average over the decided recommendations, only when at least half of all counted recommendations are
 * decided: otherwise `insufficient` (something is known) or `unknown` (nothing is).
 */
export function averageAlignment(counts: AlignmentCounts): { category: Alignment; score: number | null } {
  const decided = counts.met + counts.partial + counts.not_met;
  const total = decided + counts.insufficient + counts.unknown;
  if (decided === 0 && counts.insufficient === 0) return { category: "unknown", score: null };
  if (decided * 2 < total) return { category: "insufficient", score: null };
  const score = (counts.met + counts.partial * 0.5) / decided;
  return { category: score >= 2 / 3 ? "met" : score < 1 / 3 ? "not_met" : "partial", score };
}
