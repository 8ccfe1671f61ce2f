import { sql, type Kysely } from "kysely";

/**
 * Accounts (analyst, admin), follow-up notes per recommendation × jurisdiction, and the audit log of every
 * write. Frozen: later changes go in new migrations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_user")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('analyst','admin')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("disabled_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("follow_up_note")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("recommendation_id", "text", (c) => c.notNull().references("recommendation.id"))
    .addColumn("jurisdiction_code", "text", (c) => c.notNull().references("jurisdiction.code"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link_url", "text")
    .addColumn("noted_on", "date", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("follow_up_note_target").on("follow_up_note").columns(["recommendation_id", "jurisdiction_code"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
  await db.schema.dropTable("follow_up_note").execute();
  await db.schema.dropTable("app_user").execute();
}
