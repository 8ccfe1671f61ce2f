import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { runSourceNow } from "../../workers/pipeline";
import { loadReferenceData } from "../../workers/reference";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { adminPostgresUrl, testDialects } from "./env";

export interface TestDatabase {
  handle: DatabaseHandle;
  /** The PostgreSQL URL of the throw-away database, for tests that start other processes. */
  url: string | null;
  drop(): Promise<void>;
}

/** A fresh, migrated database with reference data: PGlite in memory, or a new PostgreSQL database dropped afterwards. */
export async function freshDatabase(dialect: "pglite" | "postgres"): Promise<TestDatabase> {
  if (dialect === "pglite") {
    const handle = await openDatabase({ kind: "pglite", dataDir: null });
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db, allSources);
    return { handle, url: null, drop: () => handle.close() };
  }
  const name = `harmonia_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminPostgresUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminPostgresUrl());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db, allSources);
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: adminPostgresUrl() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export const dialects = testDialects();

/** A test that builds its own database does in its body what a hook would do: it gets the hook timeout. */
export const OWN_DATABASE_TIMEOUT = 300_000;

/** A fresh database with the curated knowledge base loaded through the ingestion pipeline, as a start does. */
export async function curatedDatabase(dialect: "pglite" | "postgres"): Promise<TestDatabase> {
  const t = await freshDatabase(dialect);
  const ctx = { db: t.handle.db, config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), log: createLogger("silent") };
  const { run } = await runSourceNow(ctx, curatedSource, "startup");
  if (run.status !== "ok") {
    await t.drop();
    throw new Error(`The curated knowledge base did not load (${run.status}): ${run.error ?? "no error recorded"}`);
  }
  return t;
}

/** Runs `body` on a database of its own (the curated data loaded unless `curated: false`), dropped afterwards: for a test that writes. */
export async function withOwnDatabase(dialect: "pglite" | "postgres", body: (t: TestDatabase) => Promise<void>, { curated = true } = {}): Promise<void> {
  const t = curated ? await curatedDatabase(dialect) : await freshDatabase(dialect);
  try {
    await body(t);
  } finally {
    await t.drop();
  }
}
