import { describe, expect, it } from "vitest";
import { CORE_INDICATORS, coverage, US_STATES_AND_DC, type CoverageCell } from "../../domain/coverage";

const cited = (jurisdictionCode: string, indicatorId: string, value: string, effectiveFrom: string | null = null, url = "https://example.gov/act/1/section/2"): CoverageCell => ({
  jurisdictionCode,
  indicatorId,
  value,
  effectiveFrom,
  citationUrls: [url],
});

// Hand-made: XA answers two core questions and one outside the core; XB two (one undated treaty, one home-page
// citation); XC nothing. An uncited "met" and an unknown count for nothing.
const cells: CoverageCell[] = [
  cited("XA", "csam.specific-law", "met", "2001-01-01"),
  cited("XA", "treaty.palermo-protocol", "met", "2003-12-25"),
  cited("XA", "platform.risk-assessment", "met", "2020-01-01"),
  { jurisdictionCode: "XA", indicatorId: "csam.definition", value: "unknown", effectiveFrom: null, citationUrls: [] },
  { jurisdictionCode: "XA", indicatorId: "tfe.grooming", value: "met", effectiveFrom: null, citationUrls: [] },
  cited("XB", "treaty.opsc", "not_met", null),
  cited("XB", "csam.isp-reporting", "partial", "2015-06-01", "https://example.gov/"),
  // An unknown with a citation (a withdrawn answer that kept its source) is still not an answer.
  cited("XC", "treaty.lanzarote", "unknown", null),
  cited("US-TX", "aicsam.explicit-ai", "met", "2025-09-01"),
  cited("US-CA", "aicsam.realistic-synthetic", "partial", "2025-01-01"),
  cited("US-NY", "aicsam.morphed-real-child", "met", "2024-01-01"),
];
const groups = [
  { id: "a", name: "Group A", members: ["XA", "XB"] },
  { id: "b", name: "Group B", members: ["XB", "XC"] },
];

describe("coverage of the core questions", () => {
  it("has 17 core questions and the 51 US jurisdictions", () => {
    expect(CORE_INDICATORS).toHaveLength(17);
    expect(US_STATES_AND_DC).toHaveLength(51);
    expect(US_STATES_AND_DC).toContain("US-DC");
    expect(US_STATES_AND_DC).not.toContain("US-PR");
  });

  it("counts cited core answers per group, members without national law, and the thinnest", () => {
    const c = coverage(cells, groups);
    expect(c.groups).toEqual([
      { id: "a", name: "Group A", members: 2, coreAnswered: 4, coreTotal: 34, withNationalLaw: 2, withoutNationalLaw: [], thinnest: [{ code: "XA", answered: 2 }, { code: "XB", answered: 2 }] },
      { id: "b", name: "Group B", members: 2, coreAnswered: 2, coreTotal: 34, withNationalLaw: 1, withoutNationalLaw: ["XC"], thinnest: [{ code: "XC", answered: 0 }, { code: "XB", answered: 2 }] },
    ]);
    expect(coverage(cells, groups, 1).groups[0]!.thinnest).toEqual([{ code: "XA", answered: 2 }]);
  });

  it("counts treaty answers with and without the date they took effect", () => {
    const c = coverage(cells, groups);
    expect([c.treatyAnswers, c.datedTreatyAnswers]).toEqual([2, 1]);
    expect(c.undatedTreatyAnswers).toEqual([{ code: "XB", indicatorId: "treaty.opsc" }]);
  });

  it("a US jurisdiction counts when explicit-AI or realistic-synthetic is answered, not morphed images alone", () => {
    const c = coverage(cells, groups);
    expect(c.usAnswered).toBe(2);
    expect(c.usMissing).toHaveLength(49);
    expect(c.usMissing).toContain("US-NY");
    expect(c.usMissing).not.toContain("US-TX");
  });

  it("lists citations at a home or search page", () => {
    expect(coverage(cells, groups).homeOrSearchCitations).toEqual([
      { code: "XB", indicatorId: "csam.isp-reporting", url: "https://example.gov/", problem: "is a portal's home page, not a provision" },
    ]);
  });
});
