import { describe, expect, it } from "vitest";
import { csvResponse, neutraliseCell } from "../../app/lib/csv.server";
import { describeColumns, exportResponse } from "../../app/lib/export.server";

/** What an exported cell holds, in CSV and JSON: literal expectations, byte for byte. */
describe("export values", () => {
  const rows = [
    { code: "GB", values: ["met", "partial"], score: 0.5, note: "=HYPERLINK(\"x\")", since: new Date("2009-03-20T00:00:00Z"), open: true, missing: null },
    { code: "FR", values: [], score: 0, note: "plain, with comma", since: null, open: false },
  ];
  const columns = ["code", "values", "score", "note", "since", "open", "missing"] as const;

  it("CSV: lists joined with |, formulas neutralised, dates ISO, booleans spelled out, absent cells empty", async () => {
    const response = exportResponse("csv", "test", columns, rows);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="harmonia-test.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe(
      "code,values,score,note,since,open,missing\n" +
        'GB,met|partial,0.5,"\'=HYPERLINK(""x"")",2009-03-20T00:00:00.000Z,true,\n' +
        'FR,,0,"plain, with comma",,false,\n',
    );
  });

  it("JSON: the same columns in the same order, lists as arrays, absent cells null, the count and the meta", async () => {
    const response = exportResponse("json", "test", columns, rows, { as_of: "2025-01-01" });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await response.json();
    expect(body).toEqual({
      dataset: "test",
      as_of: "2025-01-01",
      count: 2,
      data: [
        { code: "GB", values: ["met", "partial"], score: 0.5, note: '=HYPERLINK("x")', since: "2009-03-20T00:00:00.000Z", open: true, missing: null },
        { code: "FR", values: [], score: 0, note: "plain, with comma", since: null, open: false, missing: null },
      ],
    });
    expect(Object.keys(body.data[1])).toEqual([...columns]);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+44 20", "'+44 20"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["a\0b", "ab"],
    ["\0=1", "'=1"],
    ["a=1", "a=1"],
    ["", ""],
  ])("neutraliseCell(%j) is %j", (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it("neutraliseCell leaves numbers, booleans and null as they are", () => {
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell(false)).toBe(false);
    expect(neutraliseCell(null)).toBe(null);
  });

  it("an empty export is the header alone", async () => {
    expect(await exportResponse("csv", "empty", ["a", "b"], []).text()).toBe("a,b\n");
  });

  it("describeColumns pairs each column with its description, in order", () => {
    expect(describeColumns(["b", "a"] as const, { a: "first", b: "second" })).toEqual([
      { name: "b", description: "second" },
      { name: "a", description: "first" },
    ]);
  });

  it("a CSV longer than one batch (500 rows) keeps every row, in order, under one header", async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => ({ n: i + 1 }));
    const lines = (await csvResponse("long.csv", ["n"], rows).text()).split("\n");
    expect(lines).toHaveLength(1003); // the header, 1001 rows, and the empty string after the last newline
    expect([lines[0], lines[1], lines[500], lines[501], lines[1001], lines[1002]]).toEqual(["n", "1", "500", "501", "1001", ""]);
    expect(lines.filter((l) => l === "n")).toHaveLength(1);
  });

  it("a reader that stops early stops the rows at their source", async () => {
    let finished = false;
    async function* rows() {
      try {
        for (let n = 1; ; n++) yield { n };
      } finally {
        finished = true;
      }
    }
    const reader = csvResponse("endless.csv", ["n"], rows()).body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.split("\n").slice(0, 3)).toEqual(["n", "1", "2"]);
    await reader.cancel();
    expect(finished).toBe(true);
    // An in-memory list has nothing to stop (its iterator has no return()): cancelling is still fine.
    const list = csvResponse("list.csv", ["n"], Array.from({ length: 1200 }, (_, n) => ({ n }))).body!.getReader();
    await list.read();
    await expect(list.cancel()).resolves.toBeUndefined();
  });
});
