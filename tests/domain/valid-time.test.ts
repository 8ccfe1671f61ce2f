/**
 * Legal time and recorded time: which answer holds on a day, as recorded by a day. Literal tables; history rows
 * are given out of insertion order on purpose.
 */
import { describe, expect, it } from "vitest";
import type { Value } from "../../domain/alignment";
import { bandOn } from "../../domain/progress";
import { inForceForState, partySince } from "../../domain/treaties";
import { addDays, answerAsOf, answerOn, changeKind, currentRecord, firstOfMonthAfterMonths, needsRecheck, type RecordedAnswer } from "../../domain/valid-time";

type Row = RecordedAnswer & { recordedOn: string };
const row = (id: number, value: string, effectiveFrom: string | null, kind: Row["kind"], recordedOn: string, effectiveTo: string | null = null, verifiedOn = recordedOn): Row => ({
  id,
  value,
  effectiveFrom,
  effectiveTo,
  verifiedOn,
  kind,
  recordedOn,
});

describe("answerOn: the law in force on a day", () => {
  // GB Palermo Protocol: recorded in 2026, in force for GB since 2006-03-11.
  const palermo = [row(1, "met", "2006-03-11", "first", "2026-11-22")];
  it.each([
    ["2024-01-01", "met"],
    ["2006-03-11", "met"],
    ["2006-03-10", null],
    ["2005-06-01", null],
  ])("GB Palermo on %s is %s", (day, expected) => {
    expect(answerOn(palermo, day)?.row.value ?? null).toBe(expected);
  });

  it("a law effective 2025-01-01 is not in force on 2024-06-01", () => {
    expect(answerOn([row(1, "met", "2025-01-01", "first", "2024-12-01")], "2024-06-01")).toBeNull();
  });

  it("an answer that ended (repeal) no longer holds from its end date", () => {
    const repealed = [row(1, "met", "2010-01-01", "first", "2026-01-01", "2020-05-01")];
    expect(answerOn(repealed, "2020-04-30")?.row.value).toBe("met");
    expect(answerOn(repealed, "2020-05-01")).toBeNull();
  });

  it("an undated answer holds only from the day it was verified, and says it is undated", () => {
    const undated = [row(1, "met", null, "first", "2026-11-22")];
    expect(answerOn(undated, "2026-11-21")).toBeNull();
    expect(answerOn(undated, "2026-11-22")).toEqual({ row: undated[0], footing: "undated" });
    expect(answerOn([row(1, "met", "2010-01-01", "first", "2026-11-22")], "2026-12-01")?.footing).toBe("dated");
  });

  it("a change in the law layers on the earlier position; the later-recorded row wins where both hold", () => {
    // not met since 2000, then a 2025 law makes it met.
    const record = currentRecord([row(2, "met", "2025-01-01", "law", "2025-02-01"), row(1, "not_met", "2000-01-01", "first", "2024-01-01")]);
    expect(record.map((r) => r.id)).toEqual([1, 2]);
    expect(answerOn(record, "2024-12-31")?.row.value).toBe("not_met");
    expect(answerOn(record, "2025-01-01")?.row.value).toBe("met");
  });

  it("a correction replaces the whole earlier record", () => {
    // Recorded as in force 2006, corrected: it took effect in 2008.
    const record = currentRecord([row(3, "met", "2008-01-01", "correction", "2026-03-01"), row(1, "met", "2006-01-01", "first", "2026-01-01")]);
    expect(record.map((r) => r.id)).toEqual([3]);
    expect(answerOn(record, "2007-01-01")).toBeNull();
    expect(answerOn(record, "2009-01-01")?.row.id).toBe(3);
  });
});

describe("answerAsOf: what Harmonia said on a past day (recorded time)", () => {
  const rows = [row(2, "not_met", "2006-03-11", "correction", "2026-02-01"), row(1, "met", "2006-03-11", "first", "2026-01-10")];
  it.each([
    ["2026-01-09", null],
    ["2026-01-10", "met"],
    ["2026-01-31", "met"],
    ["2026-02-01", "not_met"],
    [null, "not_met"],
  ])("recorded by %s, the 2024 position is %s", (recordedBy, expected) => {
    expect(answerAsOf(rows, "2024-01-01", recordedBy)?.row.value ?? null).toBe(expected);
  });
});

describe("changeKind: a change in the law or a correction of the record", () => {
  it.each([
    [null, { value: "met", effectiveFrom: "2020-01-01" }, "first"],
    [{ value: "not_met", effectiveFrom: "2000-01-01" }, { value: "met", effectiveFrom: "2025-01-01" }, "law"],
    [{ value: "not_met", effectiveFrom: null }, { value: "met", effectiveFrom: "2025-01-01" }, "law"],
    [{ value: "met", effectiveFrom: "2006-01-01" }, { value: "met", effectiveFrom: "2008-01-01" }, "correction"],
    [{ value: "met", effectiveFrom: "2010-01-01" }, { value: "not_met", effectiveFrom: "2005-01-01" }, "correction"],
    [{ value: "met", effectiveFrom: "2010-01-01" }, { value: "partial", effectiveFrom: null }, "correction"],
    [{ value: "met", effectiveFrom: "2010-01-01" }, { value: "not_met", effectiveFrom: "2010-01-01" }, "correction"],
    // Neither date established: a different value cannot be placed after the old one, so it corrects the record.
    [{ value: "met", effectiveFrom: null }, { value: "not_met", effectiveFrom: null }, "correction"],
  ] as const)("%j then %j is %s", (latest, next, kind) => {
    expect(changeKind(latest, next)).toBe(kind);
  });
});

describe("bandOn: progress counts legal dates; undated answers are their own band", () => {
  const dated = (value: string, from: string) => [row(1, value, from, "first", "2026-11-22")];
  const undated = (value: string) => [row(1, value, null, "first", "2026-11-22")];
  it.each([
    // rule, records, day, band
    ["all", [dated("met", "2010-01-01"), dated("met", "2012-01-01")], "2024-11-01", "met"],
    ["all", [dated("met", "2010-01-01"), dated("met", "2025-06-01")], "2024-11-01", "insufficient"],
    ["all", [dated("met", "2010-01-01"), dated("met", "2025-06-01")], "2025-06-30", "met"],
    ["all", [dated("met", "2010-01-01"), undated("met")], "2024-11-01", "undated"],
    ["all", [dated("met", "2010-01-01"), undated("met")], "2026-11-30", "undated"],
    ["all", [dated("not_met", "2010-01-01"), undated("met")], "2024-11-01", "not_met"],
    ["any", [undated("met"), dated("met", "2020-01-01")], "2024-11-01", "met"],
    ["mean", [[], []], "2024-11-01", "unknown"],
    // An undated row that says "unknown" claims nothing: not the undated band.
    ["all", [dated("met", "2010-01-01"), undated("unknown")], "2024-11-01", "insufficient"],
  ] as const)("%s on %s", (rule, records, day, band) => {
    expect(bandOn(rule, records as unknown as RecordedAnswer<Value>[][], day)).toBe(band);
  });
});

describe("treaty entry into force for a State", () => {
  it.each([
    // Palermo art. 17(2): 30th day after deposit; in force 2003-12-25.
    ["treaty.palermo-protocol", "2006-02-09", "2006-03-11"],
    ["treaty.palermo-protocol", "2003-01-15", "2003-12-25"],
    // OPSC art. 14(2): one month after deposit; in force 2002-01-18.
    ["treaty.opsc", "2009-02-20", "2009-03-20"],
    ["treaty.opsc", "2001-06-01", "2002-01-18"],
    ["treaty.opsc", "2010-01-31", "2010-02-28"],
    // CETS 185/197/201: first day of the month after three months from deposit.
    ["treaty.budapest", "2011-05-25", "2011-09-01"],
    ["treaty.lanzarote", "2008-12-01", "2010-07-01"],
    ["treaty.coe-trafficking", "2008-11-30", "2009-03-01"],
  ] as const)("%s deposited %s: in force for the State %s", (indicator, deposited, inForce) => {
    expect(inForceForState(indicator, deposited)).toBe(inForce);
  });

  it("gives no date while the treaty itself is not in force, and says so", () => {
    expect(inForceForState("treaty.un-cybercrime", "2026-01-01")).toBeNull();
    expect(partySince("treaty.un-cybercrime", "2026-01-01")).toEqual({
      effectiveFrom: null,
      basis: "Instrument deposited 2026-01-01; the treaty is not yet in force (the Convention is not yet in force).",
    });
  });
});

describe("dates", () => {
  it.each([
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-12-31", 1, "2025-01-01"],
    ["2006-02-09", 30, "2006-03-11"],
  ] as const)("%s + %s days is %s", (day, n, expected) => expect(addDays(day, n)).toBe(expected));

  it.each([
    ["2011-05-25", 3, "2011-09-01"],
    ["2006-01-31", 3, "2006-05-01"],
    ["2006-11-30", 3, "2007-03-01"],
  ] as const)("first of the month after %s + %s months is %s", (day, n, expected) => expect(firstOfMonthAfterMonths(day, n)).toBe(expected));

  it.each([
    [{ value: "pending", verifiedOn: "2025-06-17" }, "2026-12-05", true],
    [{ value: "pending", verifiedOn: "2026-06-08" }, "2026-12-05", false],
    [{ value: "pending", verifiedOn: "2026-06-07" }, "2026-12-05", true],
    [{ value: "met", verifiedOn: "2020-01-01" }, "2026-12-05", false],
    [{ value: "pending", verifiedOn: null }, "2026-12-05", false],
  ] as const)("needsRecheck(%j, %s) is %s", (answer, today, expected) => expect(needsRecheck(answer, today)).toBe(expected));
});
