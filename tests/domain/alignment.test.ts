/**
 * The alignment rules, as /methodology states them, in literal tables: every expected value is written by hand
 * from the rule text, never computed by the function under test.
 */
import { describe, expect, it } from "vitest";
import { averageAlignment, combine, emptyCounts, knownCount, type Alignment, type CombineRule, type Value } from "../../domain/alignment";

const cases: [CombineRule, Value[], Alignment][] = [
  // all: one known failure decides "not met"; "met" needs every indicator known and met.
  ["all", ["met", "met"], "met"],
  ["all", ["met", "partial"], "partial"],
  ["all", ["met", "reserved"], "partial"],
  ["all", ["met", "not_met"], "not_met"],
  ["all", ["not_met", "unknown", "unknown"], "not_met"],
  ["all", ["pending", "unknown"], "not_met"],
  ["all", ["met", "unknown"], "insufficient"],
  ["all", ["met", "met", "unknown"], "insufficient"],
  ["all", ["partial", "unknown"], "insufficient"],
  ["all", ["unknown", "unknown"], "unknown"],
  // any: one met decides "met"; otherwise every indicator must be known.
  ["any", ["met", "unknown", "unknown"], "met"],
  ["any", ["not_met", "met"], "met"],
  ["any", ["partial", "not_met"], "partial"],
  ["any", ["reserved", "not_met"], "partial"],
  ["any", ["not_met", "pending"], "not_met"],
  ["any", ["partial", "unknown"], "insufficient"],
  ["any", ["not_met", "unknown"], "insufficient"],
  ["any", ["unknown"], "unknown"],
  // mean: decided only when at least half are known; met at 1, not met at 0, partly met between.
  ["mean", ["met", "met", "unknown", "unknown"], "met"],
  ["mean", ["met", "unknown", "unknown"], "insufficient"],
  ["mean", ["met", "not_met"], "partial"],
  ["mean", ["met", "met", "met", "partial"], "partial"],
  ["mean", ["met", "partial"], "partial"], // ¾ is not 1: partly met
  ["mean", ["met", "met", "met", "not_met"], "partial"],
  ["mean", ["not_met", "pending", "unknown"], "not_met"],
  ["mean", ["reserved", "unknown"], "partial"],
  ["mean", ["met", "unknown", "unknown", "unknown", "unknown"], "insufficient"],
  ["mean", ["met", "met", "unknown", "unknown", "unknown"], "insufficient"],
  ["mean", ["met", "met", "met", "unknown", "unknown"], "met"],
  ["mean", ["unknown", "unknown"], "unknown"],
  ["mean", [], "unknown"],
];

describe("combine: a recommendation's alignment from its indicators", () => {
  it.each(cases)("%s of %j is %s", (rule, values, expected) => {
    expect(combine(rule, values)).toBe(expected);
  });

  it("never reads 'met' when an `all` indicator is unknown, nor when fewer than half of a `mean` are known", () => {
    expect(combine("all", ["met", "met", "met", "unknown"])).toBe("insufficient");
    expect(combine("mean", ["met", "unknown", "unknown"])).toBe("insufficient");
  });

  it("counts k of n known", () => {
    expect(knownCount(["met", "unknown", "pending", "unknown"])).toBe(2);
    expect(knownCount(["met", "unknown", "pending", "partial"])).toBe(3);
    expect(knownCount([])).toBe(0);
  });
});

describe("averageAlignment: a country's colour across recommendations", () => {
  it("starts from zero in every category", () => {
    expect(emptyCounts()).toEqual({ met: 0, partial: 0, not_met: 0, insufficient: 0, unknown: 0 });
  });

  const c = (met: number, partial: number, not_met: number, insufficient: number, unknown: number) => averageAlignment({ met, partial, not_met, insufficient, unknown });
  it.each([
    [[3, 0, 0, 0, 0], "met", 1],
    [[2, 0, 1, 0, 0], "met", 0.6666666666666666],
    [[1, 1, 1, 0, 0], "partial", 0.5],
    [[0, 1, 2, 0, 0], "not_met", 0.16666666666666666],
    [[1, 0, 2, 0, 0], "partial", 0.3333333333333333],
    [[2, 0, 0, 0, 25], "insufficient", null],
    [[2, 0, 0, 2, 0], "met", 1],
    [[2, 0, 0, 2, 1], "insufficient", null],
    [[0, 0, 0, 3, 0], "insufficient", null],
    [[0, 0, 0, 0, 4], "unknown", null],
  ] as const)("%j is %s (score %s)", (counts, category, score) => {
    expect(c(...(counts as unknown as [number, number, number, number, number]))).toEqual({ category, score });
  });
});
