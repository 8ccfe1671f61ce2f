import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { acquireDataDirLock, type DataDirLock } from "./lock";
import type { Database } from "./schema";

const DATE_OID = 1082;
/** `date` stays a YYYY-MM-DD string: parsing it into a local-midnight Date shifts days across time zones. */
const keepDateAsString = (value: string) => value;

export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string | null };

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: "postgres" | "pglite";
  /** Where the data lives, for logs and /healthz (the URL without its password). */
  describe: string;
  lock: DataDirLock | null;
  close(): Promise<void>;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres (unparseable URL)";
  }
}

/**
 * Opens the database. PGlite (embedded, `dataDir` null = in memory) is guarded by a pid lock;
 * PostgreSQL gets a pool, for many processes.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === DATE_OID ? keepDateAsString : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle pooled connection can be cut by the server (restart, admin command); the pool replaces it.
    // Without a listener the 'error' event would crash the process.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await sql`select 1`.execute(db);
    return { db, dialect: "postgres", describe: redactUrl(target.url), lock: null, close: () => db.destroy() };
  }

  const lock = target.dataDir ? acquireDataDirLock(target.dataDir) : null;
  try {
    const pgDir = target.dataDir ? path.join(target.dataDir, "pglite") : undefined;
    const pglite = await PGlite.create({ dataDir: pgDir, parsers: { [DATE_OID]: keepDateAsString } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      dialect: "pglite",
      describe: pgDir ? `PGlite at ${pgDir}` : "PGlite in memory",
      lock,
      close: async () => {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
