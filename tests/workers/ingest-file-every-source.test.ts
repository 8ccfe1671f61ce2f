import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { ingestFile, runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";

/**
 * `npm run ingest -- <id> --file <payload>` stores a saved payload through ingestFile(); this runs it for
 * every source on every fixture its parse() accepts (the error-case fixtures are what the parser tests use),
 * so each source's records pass the pipeline's checks — known jurisdictions and indicators, the citation rule.
 */
const cases = allSources
  .filter((s) => s !== curatedSource)
  .flatMap((source) => {
    const dir = path.resolve("tests/fixtures", source.manifest.id);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => !f.endsWith(".md"))
      .filter((f) => {
        try {
          const body = new Uint8Array(fs.readFileSync(path.join(dir, f)));
          return source.parse({ url: pathToFileURL(path.join(dir, f)).href, body, contentType: null, fetchedAt: "2026-11-22T00:00:00Z" }).some((r) => r.type !== "follow");
        } catch {
          return false;
        }
      })
      .map((f) => ({ source, file: path.join(dir, f), name: `${source.manifest.id}/${f}` }));
  });

describe.each(dialects)("ingest --file for every source on %s", (dialect) => {
  let t: TestDatabase;
  let ctx: PipelineContext;

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    ctx = { db: t.handle.db, config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), log: createLogger("silent") };
    // Treaty sources write assessments: the indicators must exist.
    await runSourceNow(ctx, curatedSource, "startup");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("covers every source that has a recorded or documented payload", () => {
    const covered = new Set(cases.map((c) => c.source.manifest.id));
    expect([...covered].sort()).toEqual(allSources.filter((s) => s !== curatedSource).map((s) => s.manifest.id).sort());
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s is stored", async (_name, { source, file }) => {
    const { run, processed } = await ingestFile(ctx, source, file);
    expect(run.error).toBeNull();
    expect(run.status).toBe("ok");
    expect(processed.parsed).toBeGreaterThan(0);
    const stored =
      (await t.handle.db.selectFrom("instrument").select("id").where("source_id", "=", source.manifest.id).execute()).length +
      (await t.handle.db.selectFrom("assessment").select("indicator_id").where("source_id", "=", source.manifest.id).execute()).length;
    expect(stored).toBeGreaterThan(0);
  });
});
