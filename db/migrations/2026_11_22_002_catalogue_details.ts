import type { Kysely } from "kysely";

/**
 * What the recommendation catalogue carries beyond the first model: the URL of a non-seed document's
 * wording (per version) and the note explaining how a recommendation without indicators is followed up.
 * Frozen: later changes go in new migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("recommendation_text").addColumn("url", "text").execute();
  await db.schema.alterTable("recommendation").addColumn("measurement_note", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("recommendation").dropColumn("measurement_note").execute();
  await db.schema.alterTable("recommendation_text").dropColumn("url").execute();
}
