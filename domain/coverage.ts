/**
 * How complete the knowledge base is for the people it serves: the core questions every OSCE participating State
 * and Bali Process member should have answered, and the AI-CSAM questions for the 51 US jurisdictions. An answer
 * counts when it is known (not `unknown`) and cited; pure figures, no database.
 */
import { citationAddressProblem } from "./citations";
import { isTreatyIndicator } from "./treaties";

/** The twelve national-law questions of the coverage goal. */
export const CORE_NATIONAL_INDICATORS = [
  "csam.specific-law",
  "csam.definition",
  "csam.simple-possession",
  "aicsam.realistic-synthetic",
  "aicsam.non-photographic",
  "aicsam.morphed-real-child",
  "aicsam.explicit-ai",
  "csam.isp-reporting",
  "platform.notice-takedown-deadline",
  "tfe.grooming",
  "tfe.sextortion",
  "tfe.intimate-deepfakes",
] as const;

/** The five treaty questions of the coverage goal. */
export const CORE_TREATY_INDICATORS = ["treaty.palermo-protocol", "treaty.opsc", "treaty.lanzarote", "treaty.budapest", "treaty.un-cybercrime"] as const;

export const CORE_INDICATORS: readonly string[] = [...CORE_NATIONAL_INDICATORS, ...CORE_TREATY_INDICATORS];

/** A US jurisdiction is answered on AI-generated CSAM when one of these is known and cited. */
export const US_AI_CSAM_INDICATORS = ["aicsam.explicit-ai", "aicsam.realistic-synthetic"] as const;

/** The 50 states and the District of Columbia (ISO 3166-2:US), the territories aside. */
export const US_STATES_AND_DC: readonly string[] = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD",
  "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
  "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
].map((s) => `US-${s}`);

export interface CoverageCell {
  jurisdictionCode: string;
  indicatorId: string;
  value: string;
  effectiveFrom: string | null;
  /** The URLs of the answer's citations (empty when uncited). */
  citationUrls: readonly string[];
}

export interface CoverageGroup {
  id: string;
  name: string;
  members: readonly string[];
}

export interface GroupCoverage {
  id: string;
  name: string;
  members: number;
  /** Core questions answered with a citation, of members × 17. */
  coreAnswered: number;
  coreTotal: number;
  /** Members with at least one cited national-law answer among the twelve. */
  withNationalLaw: number;
  /** Members with no national-law answer. */
  withoutNationalLaw: string[];
  /** Members with the fewest answered core questions, fewest first (ties by code). */
  thinnest: { code: string; answered: number }[];
}

export interface Coverage {
  groups: GroupCoverage[];
  /** Every known treaty answer (all States) and how many carry the date it took effect. */
  treatyAnswers: number;
  datedTreatyAnswers: number;
  undatedTreatyAnswers: { code: string; indicatorId: string }[];
  /** The 51 US jurisdictions answered on AI-generated CSAM. */
  usAnswered: number;
  usMissing: string[];
  /** Citations that point at a portal's home or search page. */
  homeOrSearchCitations: { code: string; indicatorId: string; url: string; problem: string }[];
}

const answered = (c: CoverageCell): boolean => c.value !== "unknown" && c.citationUrls.length > 0;

export function coverage(cells: readonly CoverageCell[], groups: readonly CoverageGroup[], thinnestCount = 10): Coverage {
  const known = new Map<string, Set<string>>();
  for (const c of cells.filter(answered)) {
    const set = known.get(c.jurisdictionCode) ?? new Set<string>();
    set.add(c.indicatorId);
    known.set(c.jurisdictionCode, set);
  }
  const count = (code: string, ids: readonly string[]): number => ids.filter((id) => known.get(code)?.has(id)).length;

  const groupFigures = groups.map((g): GroupCoverage => {
    const perMember = g.members.map((code) => ({ code, answered: count(code, CORE_INDICATORS), national: count(code, CORE_NATIONAL_INDICATORS) }));
    return {
      id: g.id,
      name: g.name,
      members: g.members.length,
      coreAnswered: perMember.reduce((sum, m) => sum + m.answered, 0),
      coreTotal: g.members.length * CORE_INDICATORS.length,
      withNationalLaw: perMember.filter((m) => m.national > 0).length,
      withoutNationalLaw: perMember.filter((m) => m.national === 0).map((m) => m.code),
      thinnest: [...perMember]
        .sort((a, b) => a.answered - b.answered || a.code.localeCompare(b.code))
        .slice(0, thinnestCount)
        .map(({ code, answered: n }) => ({ code, answered: n })),
    };
  });

  const treaties = cells.filter((c) => c.value !== "unknown" && isTreatyIndicator(c.indicatorId));
  const undated = treaties.filter((c) => c.effectiveFrom === null);
  const usMissing = US_STATES_AND_DC.filter((code) => count(code, US_AI_CSAM_INDICATORS) === 0);
  const homeOrSearchCitations = cells.flatMap((c) =>
    c.citationUrls.flatMap((url) => {
      const problem = citationAddressProblem(url);
      return problem ? [{ code: c.jurisdictionCode, indicatorId: c.indicatorId, url, problem }] : [];
    }),
  );
  return {
    groups: groupFigures,
    treatyAnswers: treaties.length,
    datedTreatyAnswers: treaties.length - undated.length,
    undatedTreatyAnswers: undated.map((c) => ({ code: c.jurisdictionCode, indicatorId: c.indicatorId })),
    usAnswered: US_STATES_AND_DC.length - usMissing.length,
    usMissing,
    homeOrSearchCitations,
  };
}
