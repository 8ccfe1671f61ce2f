import { sql, type Kysely } from "kysely";

/**
 * Two times on every answer. `as_of` was the day an answer was typed in or read, and was read as if it were
 * the day the law took effect; it becomes `verified_on` (recorded time). Valid time is new: `effective_from`
 * (null: not established), `effective_to`, and `effective_basis`, the reading text that says how the date is
 * known. History rows get `change_kind`: a cell's first answer, a change in the law, or a correction of the
 * record. Existing answers keep their values; their effective dates are "not established" until their source
 * is read again (the curated baseline is, at the next start).
 * Frozen: later changes go in new migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const migrated = "Recorded before effective dates were kept; not established.";
  for (const table of ["assessment", "assessment_history"]) {
    await db.schema.alterTable(table).renameColumn("as_of", "verified_on").execute();
    await db.schema
      .alterTable(table)
      .addColumn("effective_from", "date")
      .addColumn("effective_to", "date")
      .addColumn("effective_basis", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.updateTable(table).set({ effective_basis: migrated }).where("value", "<>", "unknown").execute();
    await db.schema
      .alterTable(table)
      .addCheckConstraint(`${table}_effective_order`, sql`effective_to is null or effective_from is null or effective_to > effective_from`)
      .execute();
  }
  await db.schema
    .alterTable("assessment_history")
    .addColumn("change_kind", "text", (c) => c.notNull().defaultTo("correction").check(sql`change_kind in ('first','law','correction')`))
    .execute();
  await sql`update assessment_history h set change_kind = 'first'
    where h.id = (select min(f.id) from assessment_history f where f.jurisdiction_code = h.jurisdiction_code and f.indicator_id = h.indicator_id)`.execute(db);
  await db.schema.createIndex("assessment_history_cell_id").on("assessment_history").columns(["jurisdiction_code", "indicator_id", "id"]).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("assessment_history_cell_id").execute();
  await db.schema.alterTable("assessment_history").dropColumn("change_kind").execute();
  for (const table of ["assessment", "assessment_history"]) {
    await db.schema.alterTable(table).dropConstraint(`${table}_effective_order`).execute();
    await db.schema.alterTable(table).dropColumn("effective_basis").dropColumn("effective_to").dropColumn("effective_from").execute();
    await db.schema.alterTable(table).renameColumn("verified_on", "as_of").execute();
  }
}
