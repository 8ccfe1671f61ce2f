import { sql, type Kysely } from "kysely";

/**
 * Documents, not files: recommendations cite a document record (title, issuing bodies, date, official link)
 * instead of a seed file name or a free-text title. Existing wordings are re-pointed at the document ids, so no
 * earlier version shows a file name either.
 * Frozen: later changes go in new migrations.
 */
const RENAMED: Record<string, string> = {
  "000_f8e68cf7b41bf97f.txt": "new-frontiers-concept-note",
  "003_9e591a993b4217e1.txt": "unodc-ohchr-standard-setting-2023",
  "004_497e0c97ff851251.txt": "unicri-input-sr-sale-children-2024",
  "CRC Committee, Guidelines regarding the implementation of the OPSC (CRC/C/156, 10 Sep 2019)": "crc-c-156",
  "Lanzarote Committee, Declaration on the protection of children against sexual exploitation and sexual abuse facilitated by emerging technologies (7 Nov 2024) — Council of Europe news release":
    "lanzarote-declaration-2024",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("document")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("issued_by", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("issued_on", "date")
    .addColumn("date_basis", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("prepares", "text")
    .addColumn("note", "text")
    .execute();
  for (const [from, to] of Object.entries(RENAMED)) {
    await db.updateTable("recommendation_text").set({ document: to }).where("document", "=", from).execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const [from, to] of Object.entries(RENAMED)) {
    await db.updateTable("recommendation_text").set({ document: from }).where("document", "=", to).execute();
  }
  await db.schema.dropTable("document").execute();
}
