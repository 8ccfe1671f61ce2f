/**
 * The curated source: the knowledge base's reviewable files go through the same ingestion path as any
 * scraped source. `parse()` recognises the payload by its file name: the three YAML catalogues yield
 * indicator, recommendation and group records; a baseline CSV yields assessment records and the instruments they cite.
 */
import {
  EmptyParseError,
  UnexpectedFormatError,
  type CitedDocument,
  type GroupRecord,
  type IndicatorRecord,
  type Payload,
  type RecommendationRecord,
  type Source,
  type SourceRecord,
} from "../types";
import { citedInstruments } from "./instruments";
import { manifest } from "./manifest";
import { parseBaseline, parseGroups, parseIndicators, parseRecommendations, type Bytes } from "./parse";
import type { CuratedDocument } from "./schema";

export { manifest } from "./manifest";
export * from "./parse";
export { citedInstruments, indicatorTopic } from "./instruments";
export * from "./schema";
export { listJurisdictions, jurisdictionCodes, type Jurisdiction, type JurisdictionKind } from "./jurisdictions";

function fileName(url: string): string {
  const clean = url.split(/[?#]/)[0] ?? url;
  return clean.slice(clean.lastIndexOf("/") + 1) || url;
}

function indicatorRecords(bytes: Bytes, name: string): IndicatorRecord[] {
  const catalogue = parseIndicators(bytes, name);
  return catalogue.indicators.map((i, index) => ({
    type: "indicator",
    id: i.id,
    topic: i.topic,
    offence: i.offence,
    question: i.question,
    definition: i.definition,
    answerScale: i.answer_scale,
    exampleLaws: i.example_laws,
    catalogueVersion: catalogue.version,
    sortOrder: index,
  }));
}

function recommendationRecords(bytes: Bytes, name: string): RecommendationRecord[] {
  const catalogue = parseRecommendations(bytes, name);
  const plain = (d: CuratedDocument, prepares: CitedDocument | null): CitedDocument => ({
    id: d.id,
    title: d.title,
    issuedBy: d.issued_by,
    date: d.date,
    dateBasis: d.date_basis,
    url: d.url ?? null,
    prepares,
    note: d.note ?? null,
  });
  const byId = new Map(catalogue.documents.map((d) => [d.id, d]));
  const documents = new Map(
    catalogue.documents.map((d) => [d.id, plain(d, d.prepares ? plain(byId.get(d.prepares)!, null) : null)]),
  );
  return catalogue.recommendations.map((r) => ({
    type: "recommendation",
    id: r.id,
    title: r.title,
    quote: r.quote,
    document: r.reference.document,
    source: documents.get(r.reference.document)!,
    locator: r.reference.locator,
    url: r.reference.url ?? null,
    addressee: r.addressee,
    indicators: r.indicators,
    rule: r.rule,
    measurementNote: r.measurement_note ?? null,
    catalogueVersion: catalogue.version,
  }));
}

function groupRecords(bytes: Bytes, name: string): GroupRecord[] {
  return parseGroups(bytes, name).groups.map((g) => ({
    type: "group",
    id: g.id,
    name: g.name,
    citationTitle: g.citation.title,
    citationUrl: g.citation.url,
    asOf: g.as_of,
    note: g.note ?? null,
    members: g.members,
  }));
}

/** A baseline file's answers, and the laws and treaties they cite as instruments. */
function baselineRecords(bytes: Bytes, name: string): SourceRecord[] {
  const answers = parseBaseline(bytes, name);
  return [...answers, ...citedInstruments(answers)];
}

const CATALOGUES: Record<string, (bytes: Bytes, name: string) => SourceRecord[]> = {
  "indicators.yaml": indicatorRecords,
  "recommendations.yaml": recommendationRecords,
  "groups.yaml": groupRecords,
};

export const curatedSource: Source = {
  manifest,
  parse(payload: Payload): SourceRecord[] {
    const name = fileName(payload.url);
    const catalogue = CATALOGUES[name];
    if (!catalogue && !name.endsWith(".csv")) {
      throw new UnexpectedFormatError(
        `curated parse() handles ${Object.keys(CATALOGUES).join(", ")} and baseline/*.csv files, got ${name}`,
      );
    }
    const records = catalogue ? catalogue(payload.body, name) : baselineRecords(payload.body, name);
    if (records.length === 0) throw new EmptyParseError(`${name} has no records`);
    return records;
  },
};
