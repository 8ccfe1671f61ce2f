import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { allSources } from "../../sources/registry";
import { loadReferenceData } from "../../workers/reference";
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
