import { sql, type Kysely, type RawBuilder } from "kysely";
import { coverage, type Coverage } from "../../domain/coverage";
import { addDays, answerOn, currentRecord, type ChangeKind, type RecordedAnswer } from "../../domain/valid-time";
import type { AssessmentTable, CitationJson, Database } from "../schema";

const parseCitations = (c: unknown): CitationJson[] => (typeof c === "string" ? (JSON.parse(c) as CitationJson[]) : ((c as CitationJson[] | undefined) ?? []));

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

/** A quoted document as readers see it: title, issuing bodies, date (or what is known of it), official link. */
export interface DocumentView {
  id: string;
  title: string;
  issued_by: string[];
  date: string | null;
  date_basis: string;
  url: string | null;
  note: string | null;
  prepares: DocumentView | null;
}

/** Recommendations with their current wording, the indicators that measure them, and how many earlier wordings exist. */
export async function listRecommendations(db: Kysely<Database>) {
  const [recommendations, texts, links, documentRows] = await Promise.all([
    db.selectFrom("recommendation").selectAll().orderBy("id").execute(),
    db.selectFrom("recommendation_text").selectAll().orderBy("recorded_at").execute(),
    db.selectFrom("recommendation_indicator").selectAll().orderBy("indicator_id").execute(),
    db.selectFrom("document").selectAll().execute(),
  ]);
  const documents = new Map(documentRows.map((d) => [d.id, d]));
  const view = (id: string, depth = 0): DocumentView => {
    const d = documents.get(id);
    if (!d) return { id, title: id, issued_by: [], date: null, date_basis: "", url: null, note: null, prepares: null };
    const issuedBy = typeof d.issued_by === "string" ? (JSON.parse(d.issued_by) as string[]) : (d.issued_by as unknown as string[]);
    return {
      id,
      title: d.title,
      issued_by: issuedBy,
      date: d.issued_on,
      date_basis: d.date_basis,
      url: d.url,
      note: d.note,
      prepares: d.prepares && depth === 0 ? view(d.prepares, 1) : null,
    };
  };
  return recommendations.map((r) => {
    const versions = texts.filter((t) => t.recommendation_id === r.id);
    const current = versions.find((t) => t.version === r.current_version);
    if (!current) throw new Error(`recommendation ${r.id} has no text for its current version ${r.current_version}`);
    return {
      ...r,
      quote: current.quote,
      document: current.document,
      source: view(current.document),
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
  /** ISO date: the legal position in force on that day (valid time). Default: today. */
  asOf?: string;
  /** ISO date: as Harmonia had recorded it by the end of that day (recorded time). Default: everything recorded. */
  recordedBy?: string;
}

/** Whether an answer's effective date is established, not established, or the answer is not in force yet on the day asked. */
export type DateStatus = "established" | "not_established" | "not_in_force_yet" | "";

interface StoredValue {
  jurisdiction_code: string;
  indicator_id: string;
  value: AssessmentTable["value"];
  effective_from: string | null;
  effective_to: string | null;
  verified_on: string | null;
  recorded_at: Date | null;
  date_status: DateStatus;
  origin: AssessmentTable["origin"];
  confidence: AssessmentTable["confidence"];
  source_id: string | null;
}

interface StoredAnswer extends StoredValue {
  effective_basis: string;
  rationale: string;
  citations: CitationJson[];
}

const VALUE_COLUMNS = [
  "id",
  "jurisdiction_code",
  "indicator_id",
  "value",
  "effective_from",
  "effective_to",
  "verified_on",
  "change_kind",
  "changed_at",
  "origin",
  "confidence",
  "source_id",
] as const;
const EVIDENCE_COLUMNS = ["effective_basis", "rationale", "citations"] as const;

const todayIso = () => new Date().toISOString().slice(0, 10);
/** The first instant after the day `recordedBy` (UTC): "recorded by D" includes all of D. */
const endOfDay = (day: string) => new Date(`${addDays(day, 1)}T00:00:00Z`);

type HistoryRecord = RecordedAnswer<AssessmentTable["value"]> & { row: Record<string, unknown> };

/**
 * The answer of each cell on the day asked, from the history (see domain/valid-time): the latest-recorded
 * row whose legal period covers the day. A cell whose record holds only answers not yet in force on the
 * day, or undated answers verified after it, comes back `unknown` with the reason in `date_status`.
 */
function answersOn<T extends StoredValue>(rows: Record<string, unknown>[], day: string): T[] {
  const byCell = new Map<string, HistoryRecord[]>();
  for (const row of rows) {
    const key = `${row.jurisdiction_code}\u0000${row.indicator_id}`;
    const list = byCell.get(key) ?? [];
    list.push({
      id: Number(row.id),
      value: row.value as AssessmentTable["value"],
      effectiveFrom: (row.effective_from as string | null) ?? null,
      effectiveTo: (row.effective_to as string | null) ?? null,
      verifiedOn: row.verified_on as string,
      kind: row.change_kind as ChangeKind,
      row,
    });
    byCell.set(key, list);
  }
  const answers: T[] = [];
  for (const list of byCell.values()) {
    const record = currentRecord(list);
    const found = answerOn(record, day);
    if (found) {
      const { id: _id, change_kind: _kind, changed_at, ...rest } = found.row.row;
      answers.push({
        ...rest,
        recorded_at: new Date(changed_at as string),
        date_status: found.row.value === "unknown" ? "" : found.footing === "dated" ? "established" : "not_established",
      } as unknown as T);
      continue;
    }
    // Nothing in force on the day: unknown, saying why when the record holds a later answer.
    const latest = record[record.length - 1]!.row;
    answers.push({
      jurisdiction_code: latest.jurisdiction_code,
      indicator_id: latest.indicator_id,
      value: "unknown",
      effective_from: latest.effective_from ?? null,
      effective_to: latest.effective_to ?? null,
      verified_on: latest.verified_on,
      recorded_at: new Date(latest.changed_at as string),
      date_status: latest.value === "unknown" ? "" : latest.effective_from ? "not_in_force_yet" : "not_established",
      origin: latest.origin,
      confidence: null,
      source_id: latest.source_id,
      effective_basis: latest.effective_basis ?? "",
      rationale: "",
      citations: [],
    } as unknown as T);
  }
  return answers;
}

/**
 * The answers in scope on the day asked (the filter is applied in the database: a large instance holds hundreds
 * of thousands), with or without their evidence (rationale and citations), and the scope's jurisdictions in code order.
 */
async function storedInScope<T extends StoredValue>(db: Kysely<Database>, filter: AssessmentFilter, withEvidence: boolean) {
  let indicatorQuery = db.selectFrom("indicator").select(["id", "topic_id"]).orderBy("sort_order");
  if (filter.indicators?.length) indicatorQuery = indicatorQuery.where("id", "in", filter.indicators);
  if (filter.topic) indicatorQuery = indicatorQuery.where("topic_id", "=", filter.topic);
  const indicators = await indicatorQuery.execute();
  const narrowed = Boolean(filter.indicators?.length || filter.topic);
  const group = filter.group;
  const columns = withEvidence ? [...VALUE_COLUMNS, ...EVIDENCE_COLUMNS] : VALUE_COLUMNS;

  const conditions: RawBuilder<unknown>[] = [];
  if (narrowed) conditions.push(sql`indicator_id in (${sql.join(indicators.length ? indicators.map((i) => i.id) : [""])})`);
  if (filter.jurisdictions?.length) conditions.push(sql`jurisdiction_code in (${sql.join(filter.jurisdictions)})`);
  if (group) conditions.push(sql`jurisdiction_code in (select jurisdiction_code from group_membership where group_id = ${group})`);
  if (filter.recordedBy) conditions.push(sql`changed_at < ${endOfDay(filter.recordedBy)}`);
  const inScope = sql<boolean>`${conditions.length ? sql.join(conditions, sql` and `) : sql`true`}`;
  const historyQuery = db.selectFrom("assessment_history").select(columns).where(inScope).orderBy("id");

  let jurisdictionQuery = db.selectFrom("jurisdiction").select(["code", "name"]).orderBy("code");
  if (filter.jurisdictions?.length) jurisdictionQuery = jurisdictionQuery.where("code", "in", filter.jurisdictions);
  if (group) {
    jurisdictionQuery = jurisdictionQuery.where("code", "in", (eb) => eb.selectFrom("group_membership").select("jurisdiction_code").where("group_id", "=", group));
  }
  const unscoped = !filter.jurisdictions?.length && !group;
  // Unscoped, the scope is every jurisdiction with at least one recorded answer, for any indicator: the same on every day asked.
  if (unscoped) {
    const recordedBy = filter.recordedBy;
    jurisdictionQuery = jurisdictionQuery.where("code", "in", () =>
      recordedBy
        ? db.selectFrom("assessment_history").select("jurisdiction_code").where("changed_at", "<", endOfDay(recordedBy))
        : db.selectFrom("assessment").select("jurisdiction_code"),
    );
  }
  const [history, jurisdictions] = await Promise.all([historyQuery.execute() as Promise<unknown[]> as Promise<Record<string, unknown>[]>, jurisdictionQuery.execute()]);
  const stored = answersOn<T>(history, filter.asOf ?? todayIso());
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
  effective_from: answer?.effective_from ?? null,
  effective_to: answer?.effective_to ?? null,
  date_status: answer?.date_status ?? ("" as DateStatus),
  verified_on: answer?.verified_on ?? null,
  recorded_at: answer?.recorded_at ?? null,
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
  return cellsOf(scope, (j, i, answer) => ({
    ...valueRow(j, i, answer),
    effective_basis: answer?.effective_basis ?? "",
    rationale: answer?.rationale ?? "",
    citations: parseCitations(answer?.citations),
  }));
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

/**
 * Coverage of the core questions for the given groups (by id), plus one group for their union, named `unionName`,
 * when more than one is asked for; see domain/coverage.
 */
export async function coverageOfGroups(db: Kysely<Database>, groupIds: readonly string[], unionName: string): Promise<Coverage> {
  const [cells, groups] = await Promise.all([
    db.selectFrom("assessment").select(["jurisdiction_code", "indicator_id", "value", "effective_from", "citations"]).execute(),
    listGroupsWithMembers(db),
  ]);
  const chosen = groupIds.map((id) => {
    const g = groups.find((x) => x.id === id);
    if (!g) throw new Error(`no group "${id}" in the knowledge base`);
    return { id: g.id, name: g.name, members: g.members };
  });
  const union = { id: groupIds.join("+"), name: unionName, members: [...new Set(chosen.flatMap((g) => g.members))].sort() };
  return coverage(
    cells.map((c) => ({
      jurisdictionCode: c.jurisdiction_code,
      indicatorId: c.indicator_id,
      value: c.value,
      effectiveFrom: c.effective_from,
      citationUrls: parseCitations(c.citations).map((x) => x.url).filter((u): u is string => !!u),
    })),
    chosen.length > 1 ? [...chosen, union] : chosen,
  );
}
