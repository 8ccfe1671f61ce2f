/**
 * zod schemas for the curated knowledge base: indicator catalogue, recommendation catalogue, groups and baseline rows.
 * Pure data definitions; parsing lives in ./parse.
 */
import { z } from "zod";
import { ASSESSMENT_VALUES, CONFIDENCE_LEVELS, TOPIC_IDS } from "../types";

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `s` is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const isoDate = z.string().refine(isIsoDate, { message: "must be a date YYYY-MM-DD" });

/** An https URL (the honesty rule: every citation is a public, secure address). */
export const httpsUrl = z
  .string()
  .url({ message: "must be a URL" })
  .refine((u) => u.startsWith("https://"), { message: "must be an https:// URL" });

/** `csam.specific-law`, `treaty.un-cybercrime`, … */
export const INDICATOR_ID = /^[a-z][a-z0-9]*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `new-frontiers`, `crc-c-156`, … */
export const DOCUMENT_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** `osce-bp.legislative-measures`, `icat.platform-accountability`, … */
export const RECOMMENDATION_ID = /^[a-z][a-z0-9-]*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** ISO 3166-1 alpha-2 (`GB`), ISO 3166-2 (`US-CA`, `AU-VIC`) or `EU`. */
export const JURISDICTION_CODE = /^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/;

export const topicSchema = z.enum(TOPIC_IDS);
export const assessmentValueSchema = z.enum(ASSESSMENT_VALUES);
export const confidenceSchema = z.enum(CONFIDENCE_LEVELS);

const nonEmpty = z.string().trim().min(1, { message: "must not be empty" });

export const answerScaleSchema = z
  .object({
    met: nonEmpty,
    partial: nonEmpty,
    not_met: nonEmpty,
    pending: nonEmpty,
    reserved: nonEmpty,
  })
  .strict();

export const indicatorSchema = z
  .object({
    id: z.string().regex(INDICATOR_ID, { message: "must look like topic.name (lower case, dashes)" }),
    topic: topicSchema,
    offence: z.boolean(),
    question: nonEmpty,
    definition: nonEmpty,
    answer_scale: answerScaleSchema,
    example_laws: z.array(nonEmpty),
  })
  .strict();

export const indicatorCatalogueSchema = z
  .object({
    version: nonEmpty,
    indicators: z.array(indicatorSchema).min(1),
  })
  .strict();

export const ADDRESSEES = ["states", "industry", "law_enforcement", "international_bodies", "civil_society"] as const;
export const RULES = ["mean", "all", "any"] as const;

export const recommendationSchema = z
  .object({
    id: z.string().regex(RECOMMENDATION_ID, { message: "must look like source.name (lower case, dashes)" }),
    title: nonEmpty,
    /** Verbatim text; fragments of a quote broken by footnotes are joined with " […] ". */
    quote: nonEmpty,
    reference: z
      .object({
        /** The id of a document in the catalogue's `documents` list. */
        document: z.string().regex(DOCUMENT_ID, { message: "must be the id of a document in the documents list" }),
        locator: nonEmpty,
        /** Where the verbatim text was taken from, when the document is not a seed file. */
        url: httpsUrl.optional(),
      })
      .strict(),
    addressee: z.enum(ADDRESSEES),
    indicators: z.array(z.string().regex(INDICATOR_ID)),
    rule: z.enum(RULES),
    measurement_note: nonEmpty.optional(),
  })
  .strict()
  .refine((r) => r.indicators.length > 0 || r.measurement_note !== undefined, {
    message: "a recommendation without indicators must explain why in measurement_note",
    path: ["measurement_note"],
  });

/** A document recommendations are quoted from: readers see its title, issuers, date and official link. */
export const documentSchema = z
  .object({
    id: z.string().regex(DOCUMENT_ID),
    title: nonEmpty,
    issued_by: z.array(nonEmpty),
    /** Null when no day is established; `date_basis` then says what is known. */
    date: isoDate.nullable(),
    date_basis: nonEmpty,
    url: httpsUrl.optional(),
    /** For a preparatory document (a concept note): the document it prepares. */
    prepares: z.string().regex(DOCUMENT_ID).optional(),
    note: nonEmpty.optional(),
    /** Where the project keeps a copy of the text (tests read it); never shown to readers. */
    seed_file: nonEmpty.optional(),
  })
  .strict()
  .refine((d) => d.url !== undefined || d.prepares !== undefined, {
    message: "a document needs an official URL, or the document it prepares (which has one)",
    path: ["url"],
  });

export const recommendationCatalogueSchema = z
  .object({
    version: nonEmpty,
    documents: z.array(documentSchema).min(1),
    recommendations: z.array(recommendationSchema).min(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set(c.documents.map((d) => d.id));
    c.documents.forEach((d, i) => {
      if (d.prepares && !ids.has(d.prepares)) ctx.addIssue({ code: "custom", path: ["documents", i, "prepares"], message: `no document "${d.prepares}"` });
    });
    c.recommendations.forEach((r, i) => {
      if (!ids.has(r.reference.document)) ctx.addIssue({ code: "custom", path: ["recommendations", i, "reference", "document"], message: `no document "${r.reference.document}"` });
    });
  });

export const groupSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: nonEmpty,
    citation: z.object({ title: nonEmpty, url: httpsUrl }).strict(),
    as_of: isoDate,
    note: nonEmpty.optional(),
    members: z.array(z.string().regex(JURISDICTION_CODE, { message: "must be an ISO 3166 code" })).min(1),
  })
  .strict();

export const groupCatalogueSchema = z
  .object({
    version: nonEmpty,
    groups: z.array(groupSchema).min(1),
  })
  .strict();

export const BASELINE_COLUMNS = [
  "jurisdiction_code",
  "indicator_id",
  "value",
  "rationale",
  "instrument_title",
  "provision",
  "citation_url",
  "quote",
  "effective_from",
  "effective_to",
  "effective_basis",
  "verified_on",
  "confidence",
  "curated_by",
  "curated_on",
] as const;
export type BaselineColumn = (typeof BASELINE_COLUMNS)[number];

/**
 * Columns a non-`unknown` row must fill (the honesty rule). `effective_from` may stay empty when the date the
 * position took effect is not established; `effective_basis` then says why.
 */
export const CITATION_COLUMNS = ["rationale", "instrument_title", "provision", "citation_url", "effective_basis", "verified_on", "confidence"] as const;

/**
 * One baseline CSV row after trimming. Field-level checks only; the "cited when not unknown" rule and the line/column
 * reporting are applied in ./parse so errors can name file, line and column.
 */
export const baselineRowSchema = z
  .object({
    jurisdiction_code: z.string().regex(JURISDICTION_CODE, { message: "must be ISO 3166-1 alpha-2, ISO 3166-2 or EU" }),
    indicator_id: z.string().regex(INDICATOR_ID, { message: "must be an indicator id like csam.specific-law" }),
    value: assessmentValueSchema,
    rationale: z.string(),
    instrument_title: z.string(),
    provision: z.string(),
    citation_url: z.union([z.literal(""), httpsUrl]),
    quote: z.string(),
    effective_from: z.union([z.literal(""), isoDate]),
    effective_to: z.union([z.literal(""), isoDate]),
    effective_basis: z.string(),
    verified_on: z.union([z.literal(""), isoDate]),
    confidence: z.union([z.literal(""), confidenceSchema]),
    curated_by: nonEmpty,
    curated_on: isoDate,
  })
  .strict();

export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorCatalogue = z.infer<typeof indicatorCatalogueSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type RecommendationCatalogue = z.infer<typeof recommendationCatalogueSchema>;
export type CuratedDocument = z.infer<typeof documentSchema>;
export type Group = z.infer<typeof groupSchema>;
export type GroupCatalogue = z.infer<typeof groupCatalogueSchema>;
export type BaselineRow = z.infer<typeof baselineRowSchema>;
