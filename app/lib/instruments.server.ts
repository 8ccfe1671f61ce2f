import type { Kysely } from "kysely";
import { cachedUntilChanged } from "../../db/repositories/data-version";
import {
  NO_TOPIC_FILTER,
  countInstruments,
  instrumentFilterOptions,
  iterateInstruments,
  listInstrumentPage,
  type InstrumentListFilter,
  type InstrumentListRow,
} from "../../db/repositories/instrument-list";
import type { Database } from "../../db/schema";
import { isIsoDate } from "../../sources/curated/schema";
import { INSTRUMENT_STAGES } from "../../sources/types";
import { csvResponse, type CsvRow } from "./csv.server";
import { jsonResponse, type ExportFormat } from "./export.server";
import { BadQueryError } from "./overview.server";

/** /instruments: laws, bills and treaties with filters in the URL, paginated, and streamed exports. */

export const PAGE_SIZE = 50;

export const INSTRUMENT_COLUMNS = [
  "id",
  "jurisdiction_code",
  "title",
  "kind",
  "stage",
  "introduced_on",
  "enacted_on",
  "in_force_on",
  "official_url",
  "identifiers",
  "topics",
  "source_id",
  "first_seen_at",
  "last_seen_at",
  "summary",
] as const;

export interface InstrumentQuery extends InstrumentListFilter {
  page: number;
}

type Db = Kysely<Database>;

/** Reads the filters from the URL; an unknown jurisdiction, topic or stage, a malformed date or page is a BadQueryError naming it. */
export async function readInstrumentQuery(db: Db, url: URL): Promise<InstrumentQuery> {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const query: InstrumentQuery = { page: 1 };
  const jurisdiction = get("jurisdiction");
  if (jurisdiction) {
    const code = jurisdiction.toUpperCase();
    const exists = await db.selectFrom("jurisdiction").select("code").where("code", "=", code).executeTakeFirst();
    if (!exists) throw new BadQueryError("jurisdiction", `There is no jurisdiction "${jurisdiction}". Use an ISO 3166 code such as GB, US-CA or EU.`);
    query.jurisdiction = code;
  }
  const topic = get("topic");
  if (topic) {
    const topics = (await db.selectFrom("topic").select("id").orderBy("id").execute()).map((t) => t.id);
    if (topic !== NO_TOPIC_FILTER && !topics.includes(topic)) {
      throw new BadQueryError("topic", `There is no topic "${topic}". Valid topics: ${[...topics, NO_TOPIC_FILTER].join(", ")}.`);
    }
    query.topic = topic;
  }
  const stage = get("stage");
  if (stage) {
    if (!(INSTRUMENT_STAGES as readonly string[]).includes(stage)) throw new BadQueryError("stage", `There is no stage "${stage}". Valid stages: ${INSTRUMENT_STAGES.join(", ")}.`);
    query.stage = stage;
  }
  const source = get("source");
  if (source) {
    const exists = await db.selectFrom("source").select("id").where("id", "=", source).executeTakeFirst();
    if (!exists) throw new BadQueryError("source", `There is no source "${source}". The sources page lists them.`);
    query.source = source;
  }
  for (const name of ["from", "to"] as const) {
    const value = get(name);
    if (value === undefined) continue;
    if (!isIsoDate(value)) throw new BadQueryError(name, `The date "${value}" in "${name}" is not a date in the form YYYY-MM-DD.`);
    query[name] = value;
  }
  if (query.from && query.to && query.from > query.to) throw new BadQueryError("to", `"to" (${query.to}) is before "from" (${query.from}).`);
  const page = get("page");
  if (page !== undefined) {
    if (!/^[1-9]\d{0,6}$/.test(page)) throw new BadQueryError("page", `The page "${page}" is not a page number (1, 2, 3 …).`);
    query.page = Number(page);
  }
  return query;
}

/** The filters as URL parameters (page left out), for links that keep them. */
export function filterSearch(query: InstrumentListFilter): string {
  const params = new URLSearchParams();
  for (const name of ["jurisdiction", "topic", "stage", "source", "from", "to"] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

const serialise = (r: InstrumentListRow) => ({
  ...r,
  first_seen_at: new Date(r.first_seen_at).toISOString(),
  last_seen_at: new Date(r.last_seen_at).toISOString(),
});

export async function instrumentsPage(db: Db, query: InstrumentQuery) {
  // Both scan the whole table (a million rows on a large instance): cached until instruments change.
  const [total, options] = await Promise.all([
    cachedUntilChanged(db, ["instruments"], `instrument-count:${filterSearch(query)}`, () => countInstruments(db, query)),
    cachedUntilChanged(db, ["instruments"], "instrument-filter-options", () => instrumentFilterOptions(db)),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (query.page > pages) throw new BadQueryError("page", `There is no page ${query.page}: these filters give ${total} instruments, ${pages} page${pages === 1 ? "" : "s"}.`);
  const rows = await listInstrumentPage(db, query, { offset: (query.page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  return {
    query,
    total,
    pages,
    pageSize: PAGE_SIZE,
    rows: rows.map(serialise),
    jurisdictions: options.jurisdictions,
    topics: options.topics,
    stages: [...INSTRUMENT_STAGES],
    sources: options.sources,
    lastUpdated: options.lastUpdated?.toISOString() ?? null,
    search: filterSearch(query),
  };
}

/** A cell as CSV writes it: lists `|`-joined, objects as JSON, dates ISO 8601. */
function csvCell(v: unknown): unknown {
  if (Array.isArray(v)) return v.join("|");
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}

async function* project(columns: readonly string[], rows: AsyncIterable<Record<string, unknown>>, cell: (v: unknown) => unknown) {
  for await (const row of rows) {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c] = cell(row[c] ?? null);
    yield out;
  }
}

/**
 * Like exportResponse, for rows that come from an async iterator: CSV through csvResponse (streamed,
 * formula-neutralised), JSON as `{"dataset", ...meta, "data": [ … ], "count"}` written row by row. Memory
 * stays flat for any number of rows. An error after the first bytes ends the body early (the status is sent).
 */
export function exportStream(
  format: ExportFormat,
  name: string,
  columns: readonly string[],
  rows: AsyncIterable<Record<string, unknown>>,
  meta: Record<string, unknown> = {},
): Response {
  if (format === "csv") {
    return csvResponse(`harmonia-${name}.csv`, [...columns], project(columns, rows, csvCell) as AsyncIterable<CsvRow>);
  }
  const encoder = new TextEncoder();
  const iterator = project(columns, rows, (v) => (v instanceof Date ? v.toISOString() : v))[Symbol.asyncIterator]();
  const head = JSON.stringify({ dataset: name, ...meta });
  let count = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${head.slice(0, -1)}${head.length > 2 ? "," : ""}"data":[`));
        }
        // A few hundred rows per pull: fewer, larger chunks; the reader's pace still bounds memory.
        let chunk = "";
        for (let i = 0; i < 200; i++) {
          const next = await iterator.next();
          if (next.done) {
            controller.enqueue(encoder.encode(`${chunk}],"count":${count}}`));
            controller.close();
            return;
          }
          chunk += `${count === 0 ? "" : ","}${JSON.stringify(next.value)}`;
          count++;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `inline; filename="harmonia-${name}.json"`,
      "cache-control": "no-store",
    },
  });
}

/** `/instruments.csv` and `/instruments.json`: every instrument the filters select (all pages), streamed. */
export async function instrumentsExport(db: Db, format: ExportFormat, url: URL): Promise<Response> {
  try {
    const { page: _page, ...filter } = await readInstrumentQuery(db, url);
    return exportStream(format, "instruments", INSTRUMENT_COLUMNS, iterateInstruments(db, filter) as AsyncIterable<Record<string, unknown>>, {
      filters: { jurisdiction: filter.jurisdiction ?? null, topic: filter.topic ?? null, stage: filter.stage ?? null, from: filter.from ?? null, to: filter.to ?? null },
    });
  } catch (error) {
    if (error instanceof BadQueryError) return jsonResponse({ error: error.message, parameter: error.parameter }, 400);
    throw error;
  }
}

const INSTRUMENT_COLUMN_HELP: Record<(typeof INSTRUMENT_COLUMNS)[number], string> = {
  id: "Harmonia's id of the instrument.",
  jurisdiction_code: "Jurisdiction code (ISO 3166-1/-2, or EU).",
  title: "Title as the source gives it.",
  kind: "act, bill, regulation, directive, code, treaty or other.",
  stage: `One of ${INSTRUMENT_STAGES.join(", ")}.`,
  introduced_on: "Date introduced (ISO 8601), when known.",
  enacted_on: "Date enacted or made, when known.",
  in_force_on: "Date in force, when known.",
  official_url: "Official URL of the text or its status page.",
  identifiers: "Official identifiers (CELEX, ELI, bill number, MTDSG …): JSON object.",
  topics: "Tracked topics it is tagged with, |-joined in CSV.",
  source_id: "Source that found it (see /sources).",
  first_seen_at: "When Harmonia first recorded it (ISO 8601 timestamp).",
  last_seen_at: "When it last changed or was last confirmed.",
  summary: "Summary as the source gives it, when any.",
};

/** Data-dictionary entry for the methodology page. */
export const INSTRUMENT_DICTIONARY = [
  {
    name: "instruments list (/instruments.csv)",
    description: "Every tracked law, bill and treaty the filters select, newest recorded first (all pages, streamed).",
    parameters: {
      jurisdiction: "A jurisdiction code.",
      topic: `A topic id, or ${NO_TOPIC_FILTER} for instruments matching no tracked topic.`,
      stage: `One of ${INSTRUMENT_STAGES.join(", ")}.`,
      from: "YYYY-MM-DD: enacted (else introduced) on or after.",
      to: "YYYY-MM-DD: enacted (else introduced) on or before.",
    },
    columns: INSTRUMENT_COLUMNS.map((name) => ({ name, description: INSTRUMENT_COLUMN_HELP[name] })),
  },
];
