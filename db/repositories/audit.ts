import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema";

type Db = Kysely<Database> | Transaction<Database>;

/** Appends one audit entry; call it in the same transaction as the write it describes. */
export async function recordAudit(db: Db, entry: { actor: string; action: string; target: string; detail?: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({ actor: entry.actor, action: entry.action, target: entry.target, detail: JSON.stringify(entry.detail ?? {}) })
    .execute();
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Entries strictly older than this id (keyset paging). */
  before?: number;
  limit?: number;
}

export function listAudit(db: Db, filter: AuditFilter = {}) {
  let query = db.selectFrom("audit_log").selectAll().orderBy("id", "desc");
  if (filter.actor) query = query.where("actor", "=", filter.actor);
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.before) query = query.where("id", "<", filter.before);
  return query.limit(filter.limit ?? 100).execute();
}
