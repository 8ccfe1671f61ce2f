import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { ingestFile, runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";
import { storedPayloads } from "../helpers/fixture-manifest";

/**
 * `npm run ingest -- <id> --file <payload>` stores a saved payload through ingestFile(); this runs it for
 * every payload the fixture manifests say a source stores (tests/fixtures/<source>/MANIFEST.json), so each
 * source's records pass the pipeline's checks — known jurisdictions and indicators, the citation rule — and a
 * payload whose parser starts throwing fails here instead of leaving the suite.
 */
const cases = allSources
  .filter((s) => s !== curatedSource)
  .flatMap((source) => storedPayloads(source.manifest.id).map((file) => ({ source, file, name: `${source.manifest.id}/${path.basename(file)}` })));

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
