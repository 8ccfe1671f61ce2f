import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Snapshot } from "../schema";

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface SnapshotInput {
  sourceId: string;
  url: string;
  httpStatus: number | null;
  headers: Record<string, string>;
  contentType: string | null;
  body: Uint8Array;
}

/**
 * Stores the raw bytes once per (source, URL, content hash). `isNew` is false when these exact bytes
 * were stored before: the payload is not parsed again.
 */
export async function saveSnapshot(db: Kysely<Database>, input: SnapshotInput): Promise<{ snapshot: Snapshot; isNew: boolean }> {
  const hash = sha256(input.body);
  const existing = await db
    .updateTable("snapshot")
    .set({ last_fetched_at: new Date() })
    .where("source_id", "=", input.sourceId)
    .where("url", "=", input.url)
    .where("sha256", "=", hash)
    .returningAll()
    .executeTakeFirst();
  if (existing) return { snapshot: existing, isNew: false };
  const inserted = await db
    .insertInto("snapshot")
    .values({
      source_id: input.sourceId,
      url: input.url,
      sha256: hash,
      http_status: input.httpStatus,
      headers: JSON.stringify(input.headers),
      content_type: input.contentType,
      body: input.body,
      byte_length: input.body.byteLength,
    })
    // A concurrent duplicate job may have inserted the same bytes a moment ago.
    .onConflict((oc) => oc.columns(["source_id", "url", "sha256"]).doUpdateSet({ last_fetched_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { snapshot: inserted, isNew: true };
}

/** The most recently fetched snapshot of a URL: its validators drive conditional GET. */
export async function latestSnapshot(db: Kysely<Database>, sourceId: string, url: string): Promise<Snapshot | undefined> {
  return db
    .selectFrom("snapshot")
    .selectAll()
    .where("source_id", "=", sourceId)
    .where("url", "=", url)
    .orderBy("last_fetched_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function getSnapshot(db: Kysely<Database>, id: number): Promise<Snapshot | undefined> {
  return db.selectFrom("snapshot").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function setRecordCount(db: Kysely<Database>, snapshotId: number, count: number): Promise<void> {
  await db.updateTable("snapshot").set({ record_count: count }).where("id", "=", snapshotId).execute();
}

/** Records yielded by the last good parse of this URL before `beforeSnapshotId`: the yardstick for a suspect drop. */
export async function previousRecordCount(
  db: Kysely<Database>,
  sourceId: string,
  url: string,
  beforeSnapshotId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom("snapshot")
    .select("record_count")
    .where("source_id", "=", sourceId)
    .where("url", "=", url)
    .where("id", "<>", beforeSnapshotId)
    .where("record_count", "is not", null)
    .orderBy("last_fetched_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.record_count ?? null;
}
