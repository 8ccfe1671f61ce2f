/**
 * Pure parsing and validation of the curated knowledge base (no I/O).
 *
 * - parseIndicators / parseRecommendations / parseGroups: YAML bytes → typed catalogues.
 * - parseBaseline: baseline CSV bytes → AssessmentRecord[]; a non-`unknown` row without a full citation is an error
 *   naming file, line and column.
 * - validateKnowledgeBase: cross-checks between the catalogues, the baseline and the jurisdiction list.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { ZodError, ZodType, ZodTypeDef } from "zod";
import { citationAddressProblem, citedInstrumentId } from "../../domain/citations";
import { isTreatyIndicator } from "../../domain/treaties";
import { UnexpectedFormatError, type AssessmentRecord } from "../types";
import {
  BASELINE_COLUMNS,
  CITATION_COLUMNS,
  baselineRowSchema,
  groupCatalogueSchema,
  indicatorCatalogueSchema,
  recommendationCatalogueSchema,
  type BaselineColumn,
  type BaselineRow,
  type GroupCatalogue,
  type IndicatorCatalogue,
  type RecommendationCatalogue,
} from "./schema";

export type Bytes = Uint8Array | string;

/** One problem in a curated file, with its place. `line` and `column` are 1-based. */
export interface CuratedIssue {
  file: string;
  line: number | null;
  column: number | null;
  /** Column name (CSV) or dotted path (YAML). */
  field: string | null;
  message: string;
}

export function formatIssue(i: CuratedIssue): string {
  const at = [i.file, i.line ?? "", i.column ?? ""].filter((x) => x !== "").join(":");
  return `${at}${i.field ? ` (${i.field})` : ""}: ${i.message}`;
}

/** Thrown when a curated file does not satisfy its schema. Carries every issue found, not only the first. */
export class CuratedDataError extends UnexpectedFormatError {
  constructor(readonly issues: CuratedIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? "" : "s"} in curated data:\n` +
        issues.slice(0, 50).map((i) => `  ${formatIssue(i)}`).join("\n") +
        (issues.length > 50 ? `\n  … and ${issues.length - 50} more` : ""),
    );
  }
}

function decode(bytes: Bytes, file: string): string {
  if (typeof bytes === "string") return bytes.replace(/^\uFEFF/, "");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new CuratedDataError([{ file, line: null, column: null, field: null, message: "not valid UTF-8" }]);
  }
}

function zodIssues(err: ZodError, file: string, data: unknown): CuratedIssue[] {
  return err.issues.map((iss) => {
    // Name the offending item by its id when there is one, so a YAML error is findable.
    let label = iss.path.join(".");
    if (iss.path.length >= 2 && typeof iss.path[1] === "number") {
      const list = (data as Record<string, unknown[]>)?.[String(iss.path[0])];
      const item = Array.isArray(list) ? (list[iss.path[1]] as { id?: unknown } | undefined) : undefined;
      if (item && typeof item.id === "string") label = `${String(iss.path[0])}[id=${item.id}].${iss.path.slice(2).join(".")}`;
    }
    return { file, line: null, column: null, field: label || null, message: iss.message };
  });
}

function parseYamlWith<T>(bytes: Bytes, file: string, schema: ZodType<T, ZodTypeDef, unknown>): T {
  const text = decode(bytes, file);
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      throw new CuratedDataError([
        { file, line: pos?.line ?? null, column: pos?.col ?? null, field: null, message: e.message.split("\n")[0] ?? e.message },
      ]);
    }
    throw e;
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new CuratedDataError(zodIssues(result.error, file, data));
  return result.data;
}

export function parseIndicators(bytes: Bytes, fileName = "indicators.yaml"): IndicatorCatalogue {
  return parseYamlWith(bytes, fileName, indicatorCatalogueSchema);
}

export function parseRecommendations(bytes: Bytes, fileName = "recommendations.yaml"): RecommendationCatalogue {
  return parseYamlWith(bytes, fileName, recommendationCatalogueSchema);
}

export function parseGroups(bytes: Bytes, fileName = "groups.yaml"): GroupCatalogue {
  return parseYamlWith(bytes, fileName, groupCatalogueSchema);
}

/** A parsed baseline row with its place in the file and the record it yields. */
export interface BaselineEntry {
  file: string;
  line: number;
  row: BaselineRow;
  record: AssessmentRecord;
}

/**
 * Parses a baseline CSV and returns every entry plus every issue (never throws for content problems).
 * Use `parseBaseline` to get records or an error.
 */
export function checkBaseline(bytes: Bytes, fileName: string): { entries: BaselineEntry[]; issues: CuratedIssue[] } {
  const text = decode(bytes, fileName);
  const issues: CuratedIssue[] = [];
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number; column?: number };
    throw new CuratedDataError([
      { file: fileName, line: err.lines ?? null, column: null, field: null, message: `CSV syntax: ${err.message ?? String(e)}` },
    ]);
  }
  const header = rows[0];
  if (!header) throw new CuratedDataError([{ file: fileName, line: 1, column: null, field: null, message: "empty file (no header)" }]);
  const names = header.record.map((h) => h.trim());
  const missing = BASELINE_COLUMNS.filter((c) => !names.includes(c));
  const extra = names.filter((n) => !(BASELINE_COLUMNS as readonly string[]).includes(n));
  if (missing.length || extra.length) {
    throw new CuratedDataError([
      {
        file: fileName,
        line: 1,
        column: null,
        field: null,
        message: [missing.length ? `missing columns: ${missing.join(", ")}` : "", extra.length ? `unknown columns: ${extra.join(", ")}` : ""]
          .filter(Boolean)
          .join("; "),
      },
    ]);
  }
  const colIndex = (c: BaselineColumn) => names.indexOf(c);
  const entries: BaselineEntry[] = [];

  for (const { record: cells, info } of rows.slice(1)) {
    const line = info.lines;
    if (cells.length !== names.length) {
      issues.push({ file: fileName, line, column: null, field: null, message: `expected ${names.length} fields, found ${cells.length}` });
      continue;
    }
    const raw = Object.fromEntries(BASELINE_COLUMNS.map((c) => [c, (cells[colIndex(c)] ?? "").trim()])) as Record<BaselineColumn, string>;
    const rowIssues: CuratedIssue[] = [];
    const parsed = baselineRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        const field = String(iss.path[0] ?? "");
        const idx = names.indexOf(field);
        rowIssues.push({ file: fileName, line, column: idx >= 0 ? idx + 1 : null, field: field || null, message: iss.message });
      }
    }
    if (raw.value !== "unknown") {
      for (const c of CITATION_COLUMNS) {
        if (raw[c] === "") {
          rowIssues.push({
            file: fileName,
            line,
            column: colIndex(c) + 1,
            field: c,
            message: `a "${raw.value}" answer must have ${c} (no legal fact without a citation)`,
          });
        }
      }
    }
    if (raw.value !== "unknown") rowIssues.push(...evidenceIssues(raw).map((i) => ({ file: fileName, line, column: colIndex(i.field) + 1, ...i })));
    if (rowIssues.length || !parsed.success) {
      issues.push(...rowIssues);
      continue;
    }
    const row = parsed.data;
    const cited = row.value !== "unknown";
    entries.push({
      file: fileName,
      line,
      row,
      record: {
        type: "assessment",
        jurisdictionCode: row.jurisdiction_code,
        indicatorId: row.indicator_id,
        value: row.value,
        rationale: row.rationale,
        citations: cited
          ? [{ instrumentTitle: row.instrument_title, provision: row.provision, url: row.citation_url, quote: row.quote === "" ? null : row.quote }]
          : [],
        effectiveFrom: row.effective_from === "" ? null : row.effective_from,
        effectiveTo: row.effective_to === "" ? null : row.effective_to,
        effectiveBasis: row.effective_basis,
        verifiedOn: row.verified_on === "" ? row.curated_on : row.verified_on,
        confidence: row.confidence === "" ? "low" : row.confidence,
      },
    });
  }
  return { entries, issues };
}

/**
 * What a known answer must show of its evidence, beyond having a citation: an address that names the provision (not a
 * portal's home or search page); for "high" confidence, the words of the provision that were read; for a treaty, the
 * date the position took effect for the State.
 */
function evidenceIssues(raw: Record<BaselineColumn, string>): { field: BaselineColumn; message: string }[] {
  const issues: { field: BaselineColumn; message: string }[] = [];
  const address = raw.citation_url === "" ? null : citationAddressProblem(raw.citation_url);
  if (address) issues.push({ field: "citation_url", message: `${raw.citation_url} ${address}: cite the provision or the instrument's own page` });
  if (raw.confidence === "high" && raw.quote === "") {
    issues.push({ field: "quote", message: `"high" confidence says the provision text was read: quote the words read, or say "medium"` });
  }
  if (isTreatyIndicator(raw.indicator_id) && raw.effective_from === "") {
    issues.push({
      field: "effective_from",
      message: "a treaty answer needs the day it took effect for the State (entry into force, signature, or the treaty's conclusion for a State the depositary never listed)",
    });
  }
  return issues;
}

/** Baseline CSV → assessment records. Throws CuratedDataError naming file, line and column on any bad row. */
export function parseBaseline(bytes: Bytes, fileName: string): AssessmentRecord[] {
  const { entries, issues } = checkBaseline(bytes, fileName);
  if (issues.length) throw new CuratedDataError(issues);
  return entries.map((e) => e.record);
}

// ------------------------------------------------------------------------------------------- cross-validation

export type ProblemKind =
  | "duplicate_indicator"
  | "duplicate_recommendation"
  | "duplicate_group"
  | "duplicate_member"
  | "recommendation_unknown_indicator"
  | "group_unknown_jurisdiction"
  | "baseline_unknown_indicator"
  | "baseline_unknown_jurisdiction"
  | "baseline_duplicate_cell"
  | "baseline_value_not_on_scale"
  | "baseline_missing_citation"
  | "baseline_instrument_split";

export interface KnowledgeBaseProblem {
  kind: ProblemKind;
  message: string;
  /** File and line when known (baseline entries), else the catalogue item id. */
  where: string;
}

export type BaselineInput = AssessmentRecord | BaselineEntry;

export interface KnowledgeBaseInput {
  indicators: IndicatorCatalogue;
  recommendations: RecommendationCatalogue;
  groups: GroupCatalogue;
  baseline: BaselineInput[];
  jurisdictionCodes: Iterable<string>;
}

function isEntry(b: BaselineInput): b is BaselineEntry {
  return (b as BaselineEntry).record !== undefined;
}

/** Answers that a scale marks "Not used" are not allowed for that indicator (e.g. `pending` for treaties). */
function notUsed(text: string): boolean {
  return /^not used\b/i.test(text.trim());
}

export function validateKnowledgeBase(input: KnowledgeBaseInput): KnowledgeBaseProblem[] {
  const problems: KnowledgeBaseProblem[] = [];
  const jurisdictions = new Set(input.jurisdictionCodes);
  const indicators = new Map<string, IndicatorCatalogue["indicators"][number]>();

  for (const ind of input.indicators.indicators) {
    if (indicators.has(ind.id)) problems.push({ kind: "duplicate_indicator", message: `indicator ${ind.id} is defined twice`, where: ind.id });
    indicators.set(ind.id, ind);
  }
  const recIds = new Set<string>();
  for (const rec of input.recommendations.recommendations) {
    if (recIds.has(rec.id)) problems.push({ kind: "duplicate_recommendation", message: `recommendation ${rec.id} is defined twice`, where: rec.id });
    recIds.add(rec.id);
    for (const id of rec.indicators) {
      if (!indicators.has(id)) {
        problems.push({ kind: "recommendation_unknown_indicator", message: `recommendation ${rec.id} names unknown indicator ${id}`, where: rec.id });
      }
    }
  }
  const groupIds = new Set<string>();
  for (const g of input.groups.groups) {
    if (groupIds.has(g.id)) problems.push({ kind: "duplicate_group", message: `group ${g.id} is defined twice`, where: g.id });
    groupIds.add(g.id);
    const seen = new Set<string>();
    for (const m of g.members) {
      if (seen.has(m)) problems.push({ kind: "duplicate_member", message: `group ${g.id} lists ${m} twice`, where: g.id });
      seen.add(m);
      if (!jurisdictions.has(m)) problems.push({ kind: "group_unknown_jurisdiction", message: `group ${g.id} lists unknown jurisdiction ${m}`, where: g.id });
    }
  }
  const cells = new Map<string, string>();
  // Each file yields the instruments its answers cite: one law cited from two files would be two different records.
  const instrumentFile = new Map<string, string>();
  for (const b of input.baseline) {
    const rec = isEntry(b) ? b.record : b;
    const where = isEntry(b) ? `${b.file}:${b.line}` : `${rec.jurisdictionCode}×${rec.indicatorId}`;
    const ind = indicators.get(rec.indicatorId);
    if (!ind) problems.push({ kind: "baseline_unknown_indicator", message: `unknown indicator ${rec.indicatorId}`, where });
    if (!jurisdictions.has(rec.jurisdictionCode)) {
      problems.push({ kind: "baseline_unknown_jurisdiction", message: `unknown jurisdiction ${rec.jurisdictionCode}`, where });
    }
    const key = `${rec.jurisdictionCode}|${rec.indicatorId}`;
    const prev = cells.get(key);
    if (prev !== undefined) {
      problems.push({ kind: "baseline_duplicate_cell", message: `${rec.jurisdictionCode} × ${rec.indicatorId} is answered twice (first at ${prev})`, where });
    } else cells.set(key, where);
    if (ind && (rec.value === "pending" || rec.value === "reserved") && notUsed(ind.answer_scale[rec.value])) {
      problems.push({ kind: "baseline_value_not_on_scale", message: `${rec.indicatorId} does not use the value "${rec.value}"`, where });
    }
    if (rec.value !== "unknown" && rec.citations.length === 0) {
      problems.push({ kind: "baseline_missing_citation", message: `${rec.jurisdictionCode} × ${rec.indicatorId} is "${rec.value}" without a citation`, where });
    }
    if (!isEntry(b) || rec.value === "unknown") continue;
    for (const c of rec.citations) {
      const id = citedInstrumentId(rec.jurisdictionCode, c.instrumentTitle);
      const file = instrumentFile.get(id) ?? b.file;
      instrumentFile.set(id, file);
      if (file !== b.file) {
        problems.push({
          kind: "baseline_instrument_split",
          message: `${rec.jurisdictionCode}'s "${c.instrumentTitle}" is also cited in ${file}: keep a jurisdiction's answers citing one law in one file`,
          where,
        });
      }
    }
  }
  return problems;
}

/** Whitespace-normalised text for verbatim comparisons of quotes. */
export function normaliseWhitespace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Splits a quote into its verbatim fragments (joined by " […] " in the catalogue). */
export function quoteFragments(quote: string): string[] {
  return quote
    .split(/\s*\[…\]\s*|\s*\[\.\.\.\]\s*/)
    .map(normaliseWhitespace)
    .filter((f) => f.length > 0);
}

/** True when every fragment of `quote` occurs in `source`, in order, after whitespace normalisation. */
export function quoteAppearsIn(quote: string, source: string): boolean {
  const hay = normaliseWhitespace(source);
  let from = 0;
  for (const frag of quoteFragments(quote)) {
    const at = hay.indexOf(frag, from);
    if (at < 0) return false;
    from = at + frag.length;
  }
  return true;
}
