/**
 * When a treaty binds a State. Harmonia's rule for treaty answers: the legal position "Party" takes effect on
 * the day the treaty entered into force for that State (not the day the instrument was deposited), computed
 * from the deposit date by the treaty's own entry-into-force article; both dates are shown. A signature
 * takes effect on the day it was made.
 */
import { addDays, firstOfMonthAfterMonths } from "./valid-time";

export type TreatyIndicator =
  | "treaty.opsc"
  | "treaty.palermo-protocol"
  | "treaty.untoc"
  | "treaty.budapest"
  | "treaty.coe-trafficking"
  | "treaty.lanzarote"
  | "treaty.budapest-second-protocol"
  | "treaty.un-cybercrime";

interface EntryIntoForce {
  /** The day the treaty itself entered into force; null while it is not in force. */
  inForce: string | null;
  /** The article that sets the date for a State that joins later, and how. */
  article: string;
  later: { kind: "days-after"; days: number } | { kind: "months-after"; months: number } | { kind: "first-of-month-after"; months: number };
}

export const TREATY_ENTRY_INTO_FORCE: Record<TreatyIndicator, EntryIntoForce> = {
  "treaty.opsc": { inForce: "2002-01-18", article: "art. 14(2): one month after the deposit", later: { kind: "months-after", months: 1 } },
  "treaty.palermo-protocol": { inForce: "2003-12-25", article: "art. 17(2): the thirtieth day after the deposit", later: { kind: "days-after", days: 30 } },
  "treaty.untoc": { inForce: "2003-09-29", article: "art. 38(2): the thirtieth day after the deposit", later: { kind: "days-after", days: 30 } },
  "treaty.budapest": {
    inForce: "2004-07-01",
    article: "art. 36(4): the first day of the month after three months from the deposit",
    later: { kind: "first-of-month-after", months: 3 },
  },
  "treaty.coe-trafficking": {
    inForce: "2008-02-01",
    article: "art. 42(4): the first day of the month after three months from the deposit",
    later: { kind: "first-of-month-after", months: 3 },
  },
  "treaty.lanzarote": {
    inForce: "2010-07-01",
    article: "art. 45(4): the first day of the month after three months from the deposit",
    later: { kind: "first-of-month-after", months: 3 },
  },
  "treaty.budapest-second-protocol": { inForce: null, article: "the Protocol was not in force when last verified", later: { kind: "first-of-month-after", months: 3 } },
  // Not in force when last verified: its own date will be entered when it is; until then no party date is computed.
  "treaty.un-cybercrime": { inForce: null, article: "the Convention is not yet in force", later: { kind: "days-after", days: 30 } },
};

/**
 * The day each treaty was concluded (the date in its title). A depositary lists every State that signs, joins or
 * denounces, so a State it does not list has not been bound at any time since.
 */
export const TREATY_CONCLUDED: Record<TreatyIndicator, string> = {
  "treaty.opsc": "2000-05-25",
  "treaty.palermo-protocol": "2000-11-15",
  "treaty.untoc": "2000-11-15",
  "treaty.budapest": "2001-11-23",
  "treaty.coe-trafficking": "2005-05-16",
  "treaty.lanzarote": "2007-10-25",
  "treaty.budapest-second-protocol": "2022-05-12",
  "treaty.un-cybercrime": "2024-12-24",
};

export const isTreatyIndicator = (id: string): id is TreatyIndicator => Object.hasOwn(TREATY_ENTRY_INTO_FORCE, id);

function monthsAfter(isoDay: string, months: number): string {
  const y = Number(isoDay.slice(0, 4));
  const m = Number(isoDay.slice(5, 7)) - 1 + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(Number(isoDay.slice(8, 10)), lastDay))).toISOString().slice(0, 10);
}

/**
 * The day the treaty entered into force for a State that deposited its ratification or accession on
 * `deposited`; null while the treaty itself is not in force.
 */
export function inForceForState(indicator: TreatyIndicator, deposited: string): string | null {
  const rule = TREATY_ENTRY_INTO_FORCE[indicator];
  if (rule.inForce === null) return null;
  const later = rule.later;
  const own =
    later.kind === "days-after" ? addDays(deposited, later.days) : later.kind === "months-after" ? monthsAfter(deposited, later.months) : firstOfMonthAfterMonths(deposited, later.months);
  return own > rule.inForce ? own : rule.inForce;
}

/** The valid time of a "Party" answer with the reading text that shows both dates. */
export function partySince(indicator: TreatyIndicator, deposited: string): { effectiveFrom: string | null; basis: string } {
  const inForce = inForceForState(indicator, deposited);
  const rule = TREATY_ENTRY_INTO_FORCE[indicator];
  if (inForce === null) return { effectiveFrom: null, basis: `Instrument deposited ${deposited}; the treaty is not yet in force (${rule.article}).` };
  return { effectiveFrom: inForce, basis: `Instrument deposited ${deposited}; in force for the State from ${inForce} (${rule.article}).` };
}
