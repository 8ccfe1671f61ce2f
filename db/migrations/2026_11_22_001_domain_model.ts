import { sql, type Kysely } from "kysely";

/**
 * The whole domain model of DESIGN.md. Frozen: later changes go in new migrations.
 * Types are `any` on purpose: a migration must not follow later edits of db/schema.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("jurisdiction")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('state','subnational','supranational')`))
    .addColumn("parent_code", "text", (c) => c.references("jurisdiction.code"))
    .execute();

  await db.schema
    .createTable("jurisdiction_group")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("citation_title", "text", (c) => c.notNull())
    .addColumn("citation_url", "text", (c) => c.notNull())
    .addColumn("as_of", "date", (c) => c.notNull())
    .addColumn("note", "text")
    .execute();

  await db.schema
    .createTable("group_membership")
    .addColumn("group_id", "text", (c) => c.notNull().references("jurisdiction_group.id").onDelete("cascade"))
    .addColumn("jurisdiction_code", "text", (c) => c.notNull().references("jurisdiction.code"))
    .addPrimaryKeyConstraint("group_membership_pk", ["group_id", "jurisdiction_code"])
    .execute();

  await db.schema
    .createTable("topic")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("indicator")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("topic_id", "text", (c) => c.notNull().references("topic.id"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("answer_scale", "text", (c) => c.notNull())
    .addColumn("example_laws", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("is_offence", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("catalogue_version", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("recommendation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("addressee", "text", (c) => c.notNull())
    .addColumn("combine_rule", "text", (c) => c.notNull().check(sql`combine_rule in ('mean','all','any')`))
    .addColumn("current_version", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("recommendation_text")
    .addColumn("recommendation_id", "text", (c) => c.notNull().references("recommendation.id"))
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("quote", "text", (c) => c.notNull())
    .addColumn("document", "text", (c) => c.notNull())
    .addColumn("locator", "text", (c) => c.notNull())
    .addColumn("recorded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("recommendation_text_pk", ["recommendation_id", "version"])
    .execute();

  await db.schema
    .createTable("recommendation_indicator")
    .addColumn("recommendation_id", "text", (c) => c.notNull().references("recommendation.id"))
    .addColumn("indicator_id", "text", (c) => c.notNull().references("indicator.id"))
    .addPrimaryKeyConstraint("recommendation_indicator_pk", ["recommendation_id", "indicator_id"])
    .execute();

  await db.schema
    .createTable("source")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("homepage", "text", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();

  await db.schema
    .createTable("snapshot")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("source_id", "text", (c) => c.notNull().references("source.id"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("http_status", "integer")
    .addColumn("headers", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("content_type", "text")
    .addColumn("body", "bytea", (c) => c.notNull())
    .addColumn("byte_length", "integer", (c) => c.notNull())
    .addColumn("record_count", "integer")
    .addColumn("first_fetched_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_fetched_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("snapshot_content_unique", ["source_id", "url", "sha256"])
    .execute();

  await db.schema
    .createTable("ingest_run")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("source_id", "text", (c) => c.notNull().references("source.id"))
    .addColumn("job_id", "text", (c) => c.unique())
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addColumn("error", "text")
    .addColumn("payloads_fetched", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("payloads_unchanged", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("records_parsed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("records_inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("records_updated", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("ingest_run_source_started").on("ingest_run").columns(["source_id", "started_at"]).execute();

  await db.schema
    .createTable("instrument")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("source_id", "text", (c) => c.notNull().references("source.id"))
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("jurisdiction_code", "text", (c) => c.notNull().references("jurisdiction.code"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("introduced_on", "date")
    .addColumn("enacted_on", "date")
    .addColumn("in_force_on", "date")
    .addColumn("identifiers", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("official_url", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("source_updated_at", "timestamptz")
    .addColumn("record_hash", "text", (c) => c.notNull())
    .addColumn("first_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("first_snapshot_id", "integer", (c) => c.references("snapshot.id"))
    .addUniqueConstraint("instrument_source_external_unique", ["source_id", "external_id"])
    .execute();
  await db.schema.createIndex("instrument_jurisdiction").on("instrument").column("jurisdiction_code").execute();

  await db.schema
    .createTable("instrument_topic")
    .addColumn("instrument_id", "integer", (c) => c.notNull().references("instrument.id").onDelete("cascade"))
    .addColumn("topic_id", "text", (c) => c.notNull().references("topic.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("instrument_topic_pk", ["instrument_id", "topic_id"])
    .execute();
  await db.schema.createIndex("instrument_topic_topic").on("instrument_topic").column("topic_id").execute();

  const valueCheck = sql`value in ('met','partial','not_met','pending','reserved','unknown')`;
  const originCheck = sql`origin in ('curated','ingested','analyst')`;

  await db.schema
    .createTable("assessment")
    .addColumn("jurisdiction_code", "text", (c) => c.notNull().references("jurisdiction.code"))
    .addColumn("indicator_id", "text", (c) => c.notNull().references("indicator.id"))
    .addColumn("value", "text", (c) => c.notNull().check(valueCheck))
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("citations", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("as_of", "date", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull().check(originCheck))
    .addColumn("confidence", "text")
    .addColumn("source_id", "text", (c) => c.references("source.id"))
    .addColumn("reviewed_by", "text")
    .addColumn("reviewed_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("assessment_pk", ["jurisdiction_code", "indicator_id"])
    // The honesty rule, enforced by the database too: a known answer carries a citation.
    .addCheckConstraint(
      "assessment_cited",
      sql`value = 'unknown' or (jsonb_array_length(citations) > 0 and confidence is not null)`,
    )
    .execute();
  await db.schema.createIndex("assessment_indicator").on("assessment").column("indicator_id").execute();

  await db.schema
    .createTable("assessment_history")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("jurisdiction_code", "text", (c) => c.notNull())
    .addColumn("indicator_id", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull().check(valueCheck))
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("citations", "jsonb", (c) => c.notNull())
    .addColumn("as_of", "date", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull().check(originCheck))
    .addColumn("confidence", "text")
    .addColumn("source_id", "text")
    .addColumn("changed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("changed_by", "text", (c) => c.notNull())
    .addColumn("change_reason", "text", (c) => c.notNull())
    .addForeignKeyConstraint(
      "assessment_history_cell",
      ["jurisdiction_code", "indicator_id"],
      "assessment",
      ["jurisdiction_code", "indicator_id"],
    )
    .execute();
  await db.schema
    .createIndex("assessment_history_cell_time")
    .on("assessment_history")
    .columns(["jurisdiction_code", "indicator_id", "changed_at"])
    .execute();

  await db.schema
    .createTable("review_item")
    .addColumn("id", "integer", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('new_instrument','conflict')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status in ('open','accepted','dismissed')`))
    .addColumn("source_id", "text", (c) => c.notNull().references("source.id"))
    .addColumn("instrument_id", "integer", (c) => c.references("instrument.id"))
    .addColumn("jurisdiction_code", "text")
    .addColumn("indicator_id", "text")
    .addColumn("snapshot_id", "integer", (c) => c.references("snapshot.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("decided_by", "text")
    .addColumn("decided_at", "timestamptz")
    .addColumn("decision_reason", "text")
    .execute();
  // One review item per detected instrument, however often ingestion re-runs.
  await db.schema
    .createIndex("review_item_new_instrument_unique")
    .on("review_item")
    .columns(["kind", "instrument_id"])
    .unique()
    .where(sql.ref("kind"), "=", "new_instrument")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "review_item",
    "assessment_history",
    "assessment",
    "instrument_topic",
    "instrument",
    "ingest_run",
    "snapshot",
    "source",
    "recommendation_indicator",
    "recommendation_text",
    "recommendation",
    "indicator",
    "topic",
    "group_membership",
    "jurisdiction_group",
    "jurisdiction",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
