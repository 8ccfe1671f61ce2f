/**
 * Legal time and recorded time. Every answer says when the legal position it describes took effect (valid
 * time: `effectiveFrom`, and `effectiveTo` when it ended) and when Harmonia recorded or verified it
 * (transaction time). "As of D" means the law in force on D; "recorded by R" means what Harmonia said on R.
 * Pure: the database hands over a cell's history rows, these functions pick the answer.
 */

/** One recorded answer of one cell (jurisdiction × indicator), as the append-only history keeps it. */
export interface RecordedAnswer<V extends string = string> {
  /** Insertion order of the history: later rows were recorded later. */
  id: number;
  value: V;
  /** The day the legal position took effect; null when it is not established. */
  effectiveFrom: string | null;
  /** The day it stopped holding (repeal, denunciation); null while it holds. */
  effectiveTo: string | null;
  /** The day the provision or status page was last read: an undated answer is known to hold on that day. */
  verifiedOn: string;
  kind: ChangeKind;
}

/**
 * What a history row is to the record: `first` (the cell's first answer: loading a baseline is not news),
 * `law` (a new legal position taking effect after the one recorded before: the law changed),
 * `correction` (Harmonia's record was fixed: it replaces everything recorded before about the cell).
 */
export type ChangeKind = "first" | "law" | "correction";

export const CHANGE_KIND_LABEL: Record<ChangeKind, string> = {
  first: "First record",
  law: "Change in the law",
  correction: "Correction of the record",
};

/**
 * The kind of a new row given the cell's latest row: a change in the law when its value differs and it takes
 * effect after the latest row's own effective date; any other change corrects the record.
 */
export function changeKind(
  latest: Pick<RecordedAnswer, "value" | "effectiveFrom"> | null | undefined,
  next: Pick<RecordedAnswer, "value" | "effectiveFrom">,
): ChangeKind {
  if (!latest) return "first";
  if (next.value !== latest.value && next.effectiveFrom !== null && (latest.effectiveFrom === null || next.effectiveFrom > latest.effectiveFrom)) return "law";
  return "correction";
}

/**
 * The rows that make up the record as it stood after `rows` were written, in recording order: a `first` or
 * `correction` row starts the record afresh; each `law` row adds a later legal position on top.
 */
export function currentRecord<R extends RecordedAnswer>(rows: readonly R[]): R[] {
  const ordered = [...rows].sort((a, b) => a.id - b.id);
  let start = 0;
  ordered.forEach((r, i) => {
    if (r.kind !== "law") start = i;
  });
  return ordered.slice(start);
}

/** `dated`: the answer's effective date covers the day; `undated`: its date is not established, it was verified on or before the day. */
export type Footing = "dated" | "undated";

/**
 * The answer in force on `day` according to a cell's record: the latest-recorded row whose legal period
 * covers the day. An undated row covers only the days from its verification on (it is known to hold then,
 * not before). Null when nothing recorded covers the day: the position on that day is unknown.
 */
export function answerOn<R extends RecordedAnswer>(record: readonly R[], day: string): { row: R; footing: Footing } | null {
  for (let i = record.length - 1; i >= 0; i--) {
    const row = record[i]!;
    if (row.effectiveTo !== null && row.effectiveTo <= day) continue;
    if (row.effectiveFrom !== null) {
      if (row.effectiveFrom <= day) return { row, footing: "dated" };
    } else if (row.verifiedOn <= day) {
      return { row, footing: "undated" };
    }
  }
  return null;
}

/**
 * The cell's answer on `day` as Harmonia recorded it by the end of `recordedBy` (every row when null):
 * the bitemporal read behind `as_of` and `recorded_by`.
 */
export function answerAsOf<R extends RecordedAnswer & { recordedOn: string }>(rows: readonly R[], day: string, recordedBy: string | null = null) {
  const known = recordedBy === null ? rows : rows.filter((r) => r.recordedOn <= recordedBy);
  return answerOn(currentRecord(known), day);
}

/** A pending answer (a bill, a signature awaiting ratification) not re-checked for this long needs a re-check. */
export const RECHECK_AFTER_DAYS = 180;

const dayNumber = (isoDay: string) => Date.UTC(Number(isoDay.slice(0, 4)), Number(isoDay.slice(5, 7)) - 1, Number(isoDay.slice(8, 10))) / 86_400_000;

/** True for a `pending` answer verified more than RECHECK_AFTER_DAYS before `today`. */
export function needsRecheck(answer: { value: string; verifiedOn: string | null }, today: string): boolean {
  return answer.value === "pending" && answer.verifiedOn !== null && dayNumber(today) - dayNumber(answer.verifiedOn) > RECHECK_AFTER_DAYS;
}

/** `YYYY-MM-DD` plus whole days (UTC, no time-zone drift). */
export function addDays(isoDay: string, days: number): string {
  return new Date((dayNumber(isoDay) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the month that follows the expiration of `months` months after `isoDay`. */
export function firstOfMonthAfterMonths(isoDay: string, months: number): string {
  const y = Number(isoDay.slice(0, 4));
  const m = Number(isoDay.slice(5, 7)) - 1 + months;
  const d = Number(isoDay.slice(8, 10));
  // The period expires on the same day `months` later (clamped to that month's end); the next month's 1st follows.
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const expiry = new Date(Date.UTC(y, m, Math.min(d, lastDay)));
  return new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}
