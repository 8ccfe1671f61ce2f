import { sql, type Kysely } from "kysely";

/**
 * For large instances (a million instruments): an index for "newest instruments first", and a change log with a
 * row per write that changed instruments, so that whole-table figures can be cached until the next change.
 * Frozen: later changes go in new migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("instrument_first_seen").on("instrument").columns(["first_seen_at desc", "id desc"]).execute();
  await db.schema
    .createTable("instrument_change")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("inserted", "integer", (c) => c.notNull())
    .addColumn("updated", "integer", (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("instrument_change").execute();
  await db.schema.dropIndex("instrument_first_seen").execute();
}
