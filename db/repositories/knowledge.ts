import { sql, type Kysely, type RawBuilder } from "kysely";
import type { AssessmentTable, CitationJson, Database } from "../schema";

/** Read side of the knowledge base: jurisdictions, groups, indicators, recommendations and assessments. */

export async function listJurisdictionsWithGroups(db: Kysely<Database>) {
  const [jurisdictions, memberships] = await Promise.all([
    db.selectFrom("jurisdiction").selectAll().orderBy("code").execute(),
    db.selectFrom("group_membership").select(["group_id", "jurisdiction_code"]).orderBy("group_id").execute(),
  ]);
  const groupsOf = new Map<string, string[]>();
  for (const m of memberships) groupsOf.set(m.jurisdiction_code, [...(groupsOf.get(m.jurisdiction_code) ?? []), m.group_id]);
  return jurisdictions.map((j) => ({ ...j, groups: groupsOf.get(j.code) ?? [] }));
}

export async function listGroupsWithMembers(db: Kysely<Database>) {
  const [groups, memberships] = await Promise.all([
    db.selectFrom("jurisdiction_group").selectAll().orderBy("id").execute(),
    db.selectFrom("group_membership").select(["group_id", "jurisdiction_code"]).orderBy("jurisdiction_code").execute(),
  ]);
  return groups.map((g) => ({ ...g, members: memberships.filter((m) => m.group_id === g.id).map((m) => m.jurisdiction_code) }));
}

export async function listIndicators(db: Kysely<Database>) {
  const rows = await db.selectFrom("indicator").selectAll().orderBy("sort_order").execute();
  return rows.map((i) => ({ ...i, answer_scale: JSON.parse(i.answer_scale) as Record<string, string> }));
}

/** Recommendations with their current wording, the indicators that measure them, and how many earlier wordings exist. */
export async function listRecommendations(db: Kysely<Database>) {
  const [recommendations, texts, links] = await Promise.all([
    db.selectFrom("recommendation").selectAll().orderBy("id").execute(),
    db.selectFrom("recommendation_text").selectAll().orderBy("recorded_at").execute(),
    db.selectFrom("recommendation_indicator").selectAll().orderBy("indicator_id").execute(),
  ]);
  return recommendations.map((r) => {
    const versions = texts.filter((t) => t.recommendation_id === r.id);
    const current = versions.find((t) => t.version === r.current_version);
    if (!current) throw new Error(`recommendation ${r.id} has no text for its current version ${r.current_version}`);
    return {
      ...r,
      quote: current.quote,
      document: current.document,
      locator: current.locator,
      reference_url: current.url,
      indicators: links.filter((l) => l.recommendation_id === r.id).map((l) => l.indicator_id),
      earlier_versions: versions.filter((t) => t !== current).map((t) => ({ version: t.version, quote: t.quote, document: t.document, locator: t.locator })),
    };
  });
}

export interface AssessmentFilter {
  jurisdictions?: string[];
  indicators?: string[];
  group?: string;
  topic?: string;
  /** ISO date: answers as they stood on that date (from history, by each answer's own as-of date). */
  asOf?: string;
}

interface StoredValue {
  jurisdiction_code: string;
  indicator_id: string;
  value: AssessmentTable["value"];
  as_of: string;
  origin: AssessmentTable["origin"];
  confidence: AssessmentTable["confidence"];
  source_id: string | null;
}

interface StoredAnswer extends StoredValue {
  rationale: string;
  citations: CitationJson[];
}

const VALUE_COLUMNS = ["jurisdiction_code", "indicator_id", "value", "as_of", "origin", "confidence", "source_id"] as const;
const EVIDENCE_COLUMNS = ["rationale", "citations"] as const;

/**
 * The stored answers in scope (the filter is applied in the database: a large instance holds hundreds of thousands),
 * with or without their evidence (rationale and citations), and the scope's jurisdictions in code order.
 */
async function storedInScope<T extends StoredValue>(db: Kysely<Database>, filter: AssessmentFilter, withEvidence: boolean) {
  let indicatorQuery = db.selectFrom("indicator").select(["id", "topic_id"]).orderBy("sort_order");
  if (filter.indicators?.length) indicatorQuery = indicatorQuery.where("id", "in", filter.indicators);
  if (filter.topic) indicatorQuery = indicatorQuery.where("topic_id", "=", filter.topic);
  const indicators = await indicatorQuery.execute();
  const narrowed = Boolean(filter.indicators?.length || filter.topic);
  const group = filter.group;
  const columns = withEvidence ? [...VALUE_COLUMNS, ...EVIDENCE_COLUMNS] : VALUE_COLUMNS;

  // The same conditions on the current table and on history (shared columns), as one SQL expression.
  const conditions: RawBuilder<unknown>[] = [];
  if (narrowed) conditions.push(sql`indicator_id in (${sql.join(indicators.length ? indicators.map((i) => i.id) : [""])})`);
  if (filter.jurisdictions?.length) conditions.push(sql`jurisdiction_code in (${sql.join(filter.jurisdictions)})`);
  if (group) conditions.push(sql`jurisdiction_code in (select jurisdiction_code from group_membership where group_id = ${group})`);
  const inScope = sql<boolean>`${conditions.length ? sql.join(conditions, sql` and `) : sql`true`}`;
  const asOfDate = filter.asOf;
  const storedQuery = asOfDate
    ? // Answers as of a date: each cell's latest history row on or before it (ties: the later recorded row).
      db
        .selectFrom("assessment_history")
        .select(columns)
        .distinctOn(["jurisdiction_code", "indicator_id"])
        .where("as_of", "<=", asOfDate)
        .where(inScope)
        .orderBy("jurisdiction_code")
        .orderBy("indicator_id")
        .orderBy("as_of", "desc")
        .orderBy("id", "desc")
    : db.selectFrom("assessment").select(columns).where(inScope);

  let jurisdictionQuery = db.selectFrom("jurisdiction").select(["code", "name"]).orderBy("code");
  if (filter.jurisdictions?.length) jurisdictionQuery = jurisdictionQuery.where("code", "in", filter.jurisdictions);
  if (group) {
    jurisdictionQuery = jurisdictionQuery.where("code", "in", (eb) => eb.selectFrom("group_membership").select("jurisdiction_code").where("group_id", "=", group));
  }
  const unscoped = !filter.jurisdictions?.length && !group;
  // Unscoped, the scope is every jurisdiction with at least one stored answer, for any indicator.
  if (unscoped) {
    jurisdictionQuery = jurisdictionQuery.where("code", "in", () =>
      asOfDate
        ? db.selectFrom("assessment_history").select("jurisdiction_code").where("as_of", "<=", asOfDate)
        : db.selectFrom("assessment").select("jurisdiction_code"),
    );
  }
  const [stored, jurisdictions] = await Promise.all([storedQuery.execute() as Promise<unknown[]> as Promise<T[]>, jurisdictionQuery.execute()]);
  return { indicators, jurisdictions, stored };
}

/** Every jurisdiction × indicator of the scope, its stored answer or undefined. */
function cellsOf<T extends StoredValue, R>(scope: { indicators: { id: string; topic_id: string }[]; jurisdictions: { code: string; name: string }[]; stored: T[] }, row: (j: { code: string; name: string }, i: { id: string; topic_id: string }, answer: T | undefined) => R): R[] {
  const byCell = new Map(scope.stored.map((s) => [`${s.jurisdiction_code}\u0000${s.indicator_id}`, s]));
  return scope.jurisdictions.flatMap((j) => scope.indicators.map((i) => row(j, i, byCell.get(`${j.code}\u0000${i.id}`))));
}

const valueRow = (j: { code: string; name: string }, i: { id: string; topic_id: string }, answer: StoredValue | undefined) => ({
  jurisdiction_code: j.code,
  jurisdiction_name: j.name,
  indicator_id: i.id,
  topic: i.topic_id,
  value: answer?.value ?? ("unknown" as const),
  as_of: answer?.as_of ?? null,
  origin: answer?.origin ?? null,
  confidence: answer?.confidence ?? null,
  source_id: answer?.source_id ?? null,
});

/**
 * One row per jurisdiction × indicator in scope. Cells without a stored answer come back as `unknown`
 * with no citation and no origin, so a gap is visible instead of silently missing. Scope: the named
 * jurisdictions, else the group's members, else every jurisdiction with at least one stored answer.
 */
export async function queryAssessments(db: Kysely<Database>, filter: AssessmentFilter) {
  const scope = await storedInScope<StoredAnswer>(db, filter, true);
  return cellsOf(scope, (j, i, answer) => ({ ...valueRow(j, i, answer), rationale: answer?.rationale ?? "", citations: answer?.citations ?? [] }));
}

export type AssessmentRow = Awaited<ReturnType<typeof queryAssessments>>[number];

/** queryAssessments without the evidence (rationale, citations): for counts, alignment and maps over many jurisdictions. */
export async function queryAnswerValues(db: Kysely<Database>, filter: AssessmentFilter) {
  return cellsOf(await storedInScope<StoredValue>(db, filter, false), valueRow);
}

/** Figures for `npm run data:stats` and the methodology page. */
export async function knowledgeBaseStats(db: Kysely<Database>) {
  const count = async (table: "jurisdiction" | "indicator" | "recommendation" | "jurisdiction_group") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const cells = await db.selectFrom("assessment").select(["value", "citations", "jurisdiction_code", "indicator_id"]).execute();
  const known = cells.filter((c) => c.value !== "unknown");
  const indicators = await count("indicator");
  const tracked = new Set(cells.map((c) => c.jurisdiction_code)).size;
  // The grid the API returns without filters: every tracked jurisdiction × every indicator; gaps are unknown.
  const byValue: Record<string, number> = { unknown: tracked * indicators - known.length };
  for (const c of known) byValue[c.value] = (byValue[c.value] ?? 0) + 1;
  const cited = known.filter((c) => c.citations.some((x) => x.url && x.instrumentTitle && x.provision));
  return {
    jurisdictions: await count("jurisdiction"),
    groups: await count("jurisdiction_group"),
    indicators,
    recommendations: await count("recommendation"),
    jurisdictionsWithAnswers: tracked,
    cellsByValue: byValue,
    knownCells: known.length,
    citedKnownCells: cited.length,
    citationCoverage: known.length === 0 ? 1 : cited.length / known.length,
  };
}
