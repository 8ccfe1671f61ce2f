import type { Kysely, Transaction } from "kysely";
import type { CitedDocument, GroupRecord, IndicatorRecord, RecommendationRecord } from "../../sources/types";
import type { Database } from "../schema";
import type { UpsertCounts } from "./instruments";

type Db = Transaction<Database> | Kysely<Database>;

function tally(counts: UpsertCounts, existed: boolean, changed: boolean): void {
  if (!existed) counts.inserted++;
  else if (changed) counts.updated++;
  else counts.unchanged++;
}

/**
 * Indicators are keyed by id and their meaning is frozen; a new catalogue version may reword the question,
 * definition and scale. Indicators left out of a later catalogue stay, so history and assessments keep their key.
 */
export async function upsertIndicators(db: Db, records: IndicatorRecord[]): Promise<UpsertCounts> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const r of records) {
    const row = {
      id: r.id,
      topic_id: r.topic,
      question: r.question,
      definition: r.definition,
      answer_scale: JSON.stringify(r.answerScale),
      example_laws: JSON.stringify(r.exampleLaws),
      is_offence: r.offence,
      catalogue_version: r.catalogueVersion,
      sort_order: r.sortOrder,
    };
    const current = await db.selectFrom("indicator").selectAll().where("id", "=", r.id).executeTakeFirst();
    const changed =
      !!current &&
      (current.topic_id !== row.topic_id ||
        current.question !== row.question ||
        current.definition !== row.definition ||
        current.answer_scale !== row.answer_scale ||
        JSON.stringify(current.example_laws) !== row.example_laws ||
        current.is_offence !== row.is_offence ||
        current.catalogue_version !== row.catalogue_version ||
        current.sort_order !== row.sort_order);
    tally(counts, !!current, changed);
    if (!current) await db.insertInto("indicator").values(row).execute();
    else if (changed) await db.updateTable("indicator").set(row).where("id", "=", r.id).execute();
  }
  return counts;
}

/**
 * A recommendation's wording is stored per catalogue version: a new version adds a text row and becomes
 * current, older wordings stay readable, and follow-up data keyed by the recommendation id is untouched.
 */
/** The documents the recommendations quote (and those they prepare): written whole, they are few. */
async function upsertDocuments(db: Db, records: RecommendationRecord[]): Promise<void> {
  const documents = new Map<string, CitedDocument>();
  for (const r of records) {
    for (let d: CitedDocument | null = r.source; d; d = d.prepares) documents.set(d.id, d);
  }
  for (const d of documents.values()) {
    const row = {
      id: d.id,
      title: d.title,
      issued_by: JSON.stringify(d.issuedBy),
      issued_on: d.date,
      date_basis: d.dateBasis,
      url: d.url,
      prepares: d.prepares?.id ?? null,
      note: d.note,
    };
    await db.insertInto("document").values(row).onConflict((oc) => oc.column("id").doUpdateSet(row)).execute();
  }
}

export async function upsertRecommendations(db: Db, records: RecommendationRecord[]): Promise<UpsertCounts> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  await upsertDocuments(db, records);
  for (const r of records) {
    const head = {
      id: r.id,
      title: r.title,
      addressee: r.addressee,
      combine_rule: r.rule,
      current_version: r.catalogueVersion,
      measurement_note: r.measurementNote,
    };
    const current = await db.selectFrom("recommendation").selectAll().where("id", "=", r.id).executeTakeFirst();
    const linked = (
      await db.selectFrom("recommendation_indicator").select("indicator_id").where("recommendation_id", "=", r.id).execute()
    )
      .map((l) => l.indicator_id)
      .sort();
    const text = await db
      .selectFrom("recommendation_text")
      .selectAll()
      .where("recommendation_id", "=", r.id)
      .where("version", "=", r.catalogueVersion)
      .executeTakeFirst();
    const textChanged = !!text && (text.quote !== r.quote || text.document !== r.document || text.locator !== r.locator || text.url !== r.url);
    const indicatorsChanged = linked.join("|") !== [...r.indicators].sort().join("|");
    const headChanged =
      !!current &&
      (current.title !== head.title ||
        current.addressee !== head.addressee ||
        current.combine_rule !== head.combine_rule ||
        current.current_version !== head.current_version ||
        current.measurement_note !== head.measurement_note);
    tally(counts, !!current, headChanged || textChanged || indicatorsChanged || !text);

    if (!current) await db.insertInto("recommendation").values(head).execute();
    else if (headChanged) await db.updateTable("recommendation").set(head).where("id", "=", r.id).execute();

    const wording = { quote: r.quote, document: r.document, locator: r.locator, url: r.url };
    if (!text) await db.insertInto("recommendation_text").values({ recommendation_id: r.id, version: r.catalogueVersion, ...wording }).execute();
    // Within one version the wording may be corrected (a typo in a draft); a new version keeps the old row.
    else if (textChanged) {
      await db.updateTable("recommendation_text").set(wording).where("recommendation_id", "=", r.id).where("version", "=", r.catalogueVersion).execute();
    }

    if (indicatorsChanged) {
      await db.deleteFrom("recommendation_indicator").where("recommendation_id", "=", r.id).execute();
      if (r.indicators.length > 0) {
        await db
          .insertInto("recommendation_indicator")
          .values(r.indicators.map((indicator_id) => ({ recommendation_id: r.id, indicator_id })))
          .execute();
      }
    }
  }
  return counts;
}

/** Groups and their member lists; a member list is replaced as a whole when its cited version changes. */
export async function upsertGroups(db: Db, records: GroupRecord[]): Promise<UpsertCounts> {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const r of records) {
    const row = { id: r.id, name: r.name, citation_title: r.citationTitle, citation_url: r.citationUrl, as_of: r.asOf, note: r.note };
    const current = await db.selectFrom("jurisdiction_group").selectAll().where("id", "=", r.id).executeTakeFirst();
    const members = (await db.selectFrom("group_membership").select("jurisdiction_code").where("group_id", "=", r.id).execute())
      .map((m) => m.jurisdiction_code)
      .sort();
    const membersChanged = members.join("|") !== [...new Set(r.members)].sort().join("|");
    const headChanged =
      !!current &&
      (current.name !== row.name ||
        current.citation_title !== row.citation_title ||
        current.citation_url !== row.citation_url ||
        current.as_of !== row.as_of ||
        current.note !== row.note);
    tally(counts, !!current, headChanged || membersChanged);
    if (!current) await db.insertInto("jurisdiction_group").values(row).execute();
    else if (headChanged) await db.updateTable("jurisdiction_group").set(row).where("id", "=", r.id).execute();
    if (membersChanged) {
      await db.deleteFrom("group_membership").where("group_id", "=", r.id).execute();
      await db
        .insertInto("group_membership")
        .values([...new Set(r.members)].map((jurisdiction_code) => ({ group_id: r.id, jurisdiction_code })))
        .execute();
    }
  }
  return counts;
}
