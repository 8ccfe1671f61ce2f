import { Migrator, type Migration, type MigrationProvider, type Kysely } from "kysely";
import * as domainModel from "./migrations/2026_11_22_001_domain_model";
import * as catalogueDetails from "./migrations/2026_11_22_002_catalogue_details";
import * as accountsNotesAudit from "./migrations/2026_11_22_003_accounts_notes_audit";
import * as instrumentChangeLog from "./migrations/2026_11_22_004_instrument_change_log";
import * as legalTime from "./migrations/2026_12_05_005_legal_time";
import * as documents from "./migrations/2026_12_05_006_documents";
import type { Database } from "./schema";

/**
 * Migrations are imported explicitly rather than discovered on disk, so they work the same under tsx,
 * vitest and the Remix server bundle.
 */
const migrations: Record<string, Migration> = {
  "2026_11_22_001_domain_model": domainModel,
  "2026_11_22_002_catalogue_details": catalogueDetails,
  "2026_11_22_003_accounts_notes_audit": accountsNotesAudit,
  "2026_11_22_004_instrument_change_log": instrumentChangeLog,
  "2026_12_05_005_legal_time": legalTime,
  "2026_12_05_006_documents": documents,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export class MigrationError extends Error {
  constructor(cause: unknown) {
    super(`Database migration failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "MigrationError";
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw new MigrationError(error);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
