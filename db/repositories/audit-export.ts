import type { Kysely } from "kysely";
import type { AuditEntry, Database } from "../schema";
import type { AuditFilter } from "./audit";

/**
 * The whole audit log (or the entries matching a filter) newest first, `batchSize` rows at a time by keyset
 * on the id — never by offset — so an export of any length costs the same per batch and little memory.
 */
export async function* iterateAudit(db: Kysely<Database>, filter: Omit<AuditFilter, "limit" | "before">, batchSize = 1000): AsyncGenerator<AuditEntry> {
  let before: number | null = null;
  for (;;) {
    let query = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(batchSize);
    if (filter.actor) query = query.where("actor", "=", filter.actor);
    if (filter.action) query = query.where("action", "=", filter.action);
    if (before !== null) query = query.where("id", "<", before);
    const rows = await query.execute();
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1]!.id;
  }
}

/** Values for the audit page's filters: every action and actor recorded so far. */
export async function auditFilterOptions(db: Kysely<Database>) {
  const [actions, actors] = await Promise.all([
    db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute(),
    db.selectFrom("audit_log").select("actor").distinct().orderBy("actor").limit(500).execute(),
  ]);
  return { actions: actions.map((a) => a.action), actors: actors.map((a) => a.actor) };
}
