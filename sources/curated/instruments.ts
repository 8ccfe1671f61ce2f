/**
 * The laws and treaties the baseline's answers cite, as instrument records: a reader who sees "Criminal Code,
 * art. 374" in an answer finds the Criminal Code on /instruments and on the jurisdiction's page.
 *
 * Only what the answers establish is said. A law cited for the law in force is `in_force` (one only ever cited as
 * partly meeting a question is `enacted`: some scales use "partial" for a law not yet in force), but its own dates are not
 * known from a provision's effective date (a 1997 code amended in 2014 did not enter into force in 2014), so they
 * stay empty and the summary gives the cited provisions' dates. A treaty is an instrument of the State it binds:
 * `ratified` or `acceded` from the day it entered into force for the State, `signed` for a signatory; a State not
 * bound by a treaty gets no instrument for it.
 */
import { citedInstrumentId } from "../../domain/citations";
import type { AssessmentRecord, InstrumentKind, InstrumentRecord, InstrumentStage, TopicId } from "../types";

/** The topic of an indicator, from its id's prefix; the catalogue test holds this to indicators.yaml. */
export function indicatorTopic(indicatorId: string): TopicId | null {
  if (indicatorId === "csam.isp-reporting") return "platform-duties";
  const prefix = indicatorId.slice(0, indicatorId.indexOf("."));
  const byPrefix: Record<string, TopicId> = {
    csam: "ai-csam",
    aicsam: "ai-csam",
    platform: "platform-duties",
    tfe: "tf-exploitation",
    treaty: "treaties",
    capacity: "capacity-safeguards",
  };
  return byPrefix[prefix] ?? null;
}

const SETTLED = new Set(["met", "partial", "not_met", "reserved"]);
/** A bill by its name ("Bill", "Proposal", a German "Entwurf") or by a US bill number (H.1931, SB 163; not "s.67B"). */
const BILL_NAME = /\b(?:bill|proposal|entwurf)\b/i;
const BILL_NUMBER = /\b(?:H\.|S\.|HB|SB|AB|HF|SF|LD)\s?\d+\b/;

/** A bill cited for the law in force was passed: it is an act. */
function kindOfLaw(title: string, settled: boolean): InstrumentKind {
  if (BILL_NAME.test(title) || BILL_NUMBER.test(title)) return settled ? "act" : "bill";
  if (/\bdirective\b/i.test(title)) return "directive";
  if (/\bregulation\b/i.test(title)) return "regulation";
  if (/\bcode\b/i.test(title)) return "code";
  return "act";
}

const earliest = (dates: (string | null)[]) => dates.filter((d): d is string => d !== null).sort()[0] ?? null;
/** The spelling most answers use; between equals the longest (the most informative), then the first alphabetically. */
function usualTitle(titles: string[]): string {
  const uses = new Map<string, number>();
  for (const t of titles) uses.set(t, (uses.get(t) ?? 0) + 1);
  return [...uses.keys()].sort((a, b) => uses.get(b)! - uses.get(a)! || b.length - a.length || a.localeCompare(b))[0]!;
}
/** The address closest to the instrument's own page: the shortest, then the first in alphabetical order. */
const shortest = (urls: string[]) => [...urls].sort((a, b) => a.length - b.length || a.localeCompare(b))[0]!;

interface Citing {
  answer: AssessmentRecord;
  title: string;
  url: string;
}

function treatyStage(citing: Citing[]): { stage: InstrumentStage; inForceOn: string | null } | null {
  const bound = citing.filter((c) => c.answer.value === "met" || c.answer.value === "reserved");
  if (bound.length > 0) {
    const acceded = bound.some((c) => /\baccession\b|\bacceded\b/i.test(`${c.answer.rationale} ${c.answer.effectiveBasis}`));
    return { stage: acceded ? "acceded" : "ratified", inForceOn: earliest(bound.map((c) => c.answer.effectiveFrom)) };
  }
  if (citing.some((c) => c.answer.value === "partial")) return { stage: "signed", inForceOn: null };
  return null;
}

/**
 * How far the answers take a law: met, not met or reserved describe the law in force; "partial" can also mean
 * "enacted, not yet in force" (some scales say so), so a law only ever cited as partial is known to be enacted.
 */
function lawStage(citing: Citing[], kind: InstrumentKind): InstrumentStage {
  const settled = citing.filter((c) => SETTLED.has(c.answer.value));
  if (settled.length === 0) return kind === "bill" ? "introduced" : "unknown";
  const inForce = settled.filter((c) => c.answer.value !== "partial");
  // Every cited provision takes effect after the day it was read: made, not yet in force.
  const future = (c: Citing) => c.answer.effectiveFrom !== null && c.answer.effectiveFrom > c.answer.verifiedOn;
  return inForce.length > 0 && !inForce.every(future) ? "in_force" : "enacted";
}

function summaryOf(citing: Citing[], treaty: boolean): string {
  const indicators = [...new Set(citing.map((c) => c.answer.indicatorId))].sort();
  const cited = `Cited by Harmonia's answer${indicators.length === 1 ? "" : "s"} on ${indicators.join(", ")}.`;
  const from = earliest(citing.map((c) => c.answer.effectiveFrom));
  return treaty || from === null ? cited : `${cited} The earliest cited provision in the form described took effect on ${from}.`;
}

/** One instrument per jurisdiction and cited law (or treaty binding it), from the answers of one baseline file. */
export function citedInstruments(answers: AssessmentRecord[]): InstrumentRecord[] {
  const byId = new Map<string, { jurisdictionCode: string; citing: Citing[] }>();
  for (const answer of answers) {
    if (answer.value === "unknown") continue;
    for (const c of answer.citations) {
      const id = citedInstrumentId(answer.jurisdictionCode, c.instrumentTitle);
      const entry = byId.get(id) ?? { jurisdictionCode: answer.jurisdictionCode, citing: [] };
      entry.citing.push({ answer, title: c.instrumentTitle, url: c.url });
      byId.set(id, entry);
    }
  }
  const records: InstrumentRecord[] = [];
  for (const [externalId, { jurisdictionCode, citing }] of byId) {
    const title = usualTitle(citing.map((c) => c.title));
    const topics = new Map<TopicId, string>();
    for (const c of citing) {
      const topic = indicatorTopic(c.answer.indicatorId);
      if (topic && !topics.has(topic)) topics.set(topic, `cited by the answer on ${c.answer.indicatorId}`);
    }
    const treaty = citing.every((c) => indicatorTopic(c.answer.indicatorId) === "treaties");
    const kind = treaty ? "treaty" : kindOfLaw(title, citing.some((c) => SETTLED.has(c.answer.value)));
    const dated = treaty ? treatyStage(citing) : { stage: lawStage(citing, kind), inForceOn: null };
    if (dated === null) continue;
    records.push({
      type: "instrument",
      externalId,
      jurisdictionCode,
      title,
      kind,
      stage: dated.stage,
      introducedOn: null,
      enactedOn: null,
      inForceOn: dated.inForceOn,
      identifiers: {},
      officialUrl: shortest(citing.map((c) => c.url)),
      sourceUpdatedAt: null,
      summary: summaryOf(citing, treaty),
      topics: [...topics].map(([topic, reason]) => ({ topic, reason })),
    });
  }
  return records;
}
