import { stringify } from "csv-stringify/sync";

/**
 * Spreadsheets execute cells starting with = + - @ (and tab/CR, which some strip first) as formulas;
 * a leading apostrophe makes them text (OWASP "CSV injection"). NUL is removed outright.
 */
export function neutraliseCell(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const clean = value.replace(/\0/g, "");
  return /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
}

export type CsvRow = Record<string, unknown>;

const BATCH = 500;
const CAST = { date: (d: Date) => d.toISOString(), boolean: (b: boolean) => (b ? "true" : "false") };

/**
 * A streamed CSV download. Rows are pulled in batches only as fast as the client reads (ReadableStream
 * `pull`), so memory stays flat whatever the size and however slow the client.
 */
export function csvResponse(filename: string, columns: string[], rows: Iterable<CsvRow> | AsyncIterable<CsvRow>): Response {
  const iterator: AsyncIterator<CsvRow> | Iterator<CsvRow> =
    Symbol.asyncIterator in rows ? (rows as AsyncIterable<CsvRow>)[Symbol.asyncIterator]() : (rows as Iterable<CsvRow>)[Symbol.iterator]();
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const batch: CsvRow[] = [];
        let done = false;
        while (batch.length < BATCH) {
          const next = await iterator.next();
          if (next.done) {
            done = true;
            break;
          }
          const safe: CsvRow = {};
          for (const c of columns) safe[c] = neutraliseCell(next.value[c]);
          batch.push(safe);
        }
        const text = stringify(batch, { header: !headerSent, columns, cast: CAST });
        headerSent = true;
        if (text) controller.enqueue(encoder.encode(text));
        if (done) controller.close();
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
