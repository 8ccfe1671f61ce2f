import { stringify } from "csv-stringify";

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

/** A streamed CSV download: rows are written as they come, so memory stays flat for any size. */
export function csvResponse(filename: string, columns: string[], rows: Iterable<CsvRow> | AsyncIterable<CsvRow>): Response {
  const stringifier = stringify({
    header: true,
    columns,
    cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? "true" : "false") },
  });
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const encoder = new TextEncoder();
      stringifier.on("data", (chunk: Buffer | string) => controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk)));
      stringifier.on("error", (err) => controller.error(err));
      stringifier.on("end", () => controller.close());
      try {
        for await (const row of rows) {
          const safe: CsvRow = {};
          for (const c of columns) safe[c] = neutraliseCell(row[c]);
          if (!stringifier.write(safe)) await new Promise((r) => stringifier.once("drain", r));
        }
        stringifier.end();
      } catch (error) {
        stringifier.destroy(error as Error);
      }
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
