/**
 * Follow-up of a recommendation through legal time: each jurisdiction's alignment on a day counts only answers
 * whose effective date is established and covers the day. Answers whose date is not established form their own
 * band ("date not established") on every day alike, so recording them never shows as a move.
 */
import { ALIGNMENT_COLOUR, combine, DECIDED, type Alignment, type CombineRule, type Value } from "./alignment";
import { answerOn, type RecordedAnswer } from "./valid-time";

export type ProgressBand = Alignment | "undated";

export const PROGRESS_BANDS: ProgressBand[] = ["met", "partial", "not_met", "undated", "insufficient", "unknown"];

export const PROGRESS_BAND_LABEL: Record<ProgressBand, string> = {
  met: "Met",
  partial: "Partly met",
  not_met: "Not met",
  undated: "Date not established",
  insufficient: "Insufficient evidence",
  unknown: "Not yet researched",
};

/** The alignment palette, and Okabe–Ito reddish purple (3.3:1 on white) for the undated band. */
export const PROGRESS_BAND_COLOUR: Record<ProgressBand, string> = { ...ALIGNMENT_COLOUR, undated: "#CC79A7" };

/** True when the record holds a known answer whose effective date is not established. */
export const hasUndated = (record: readonly RecordedAnswer[]) => record.some((r) => r.value !== "unknown" && r.effectiveFrom === null);

/**
 * A jurisdiction's band on `day` for a recommendation, from the current record of each of its indicators' cells
 * (an empty record: nothing recorded). Decided from dated answers alone; else "date not established" when an
 * undated answer could decide it; else insufficient evidence or not yet researched.
 */
export function bandOn(rule: CombineRule, records: readonly (readonly RecordedAnswer<Value>[])[], day: string): ProgressBand {
  const values = records.map((record) => {
    const found = answerOn(record, day);
    return found && found.footing === "dated" ? found.row.value : "unknown";
  });
  const alignment = combine(rule, values);
  if (DECIDED.has(alignment)) return alignment;
  if (records.some(hasUndated)) return "undated";
  return alignment;
}
