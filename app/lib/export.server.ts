import { csvResponse, type CsvRow } from "./csv.server";

/**
 * Every export — API datasets and the "download" links under each view — goes through here, so CSV and
 * JSON always carry the same columns in the same order. Lists are arrays in JSON and `|`-joined in CSV.
 */
export type ExportFormat = "csv" | "json";

const asCsvCell = (v: unknown) => (Array.isArray(v) ? v.join("|") : v);

export function exportResponse(
  format: ExportFormat,
  name: string,
  columns: readonly string[],
  rows: Record<string, unknown>[],
  meta: Record<string, unknown> = {},
): Response {
  if (format === "csv") {
    return csvResponse(`harmonia-${name}.csv`, [...columns], rows.map((r) => Object.fromEntries(columns.map((c) => [c, asCsvCell(r[c])])) as CsvRow));
  }
  const data = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
  return jsonResponse({ dataset: name, ...meta, count: data.length, data });
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

/** Data-dictionary rows for an export's columns, from one description per column (the type makes every column described). */
export const describeColumns = <C extends string>(columns: readonly C[], text: Record<C, string>) =>
  columns.map((name) => ({ name, description: text[name] }));
