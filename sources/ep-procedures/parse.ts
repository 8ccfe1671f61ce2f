/**
 * Parses European Parliament Open Data API v2 procedure documents (JSON-LD, `GET /api/v2/procedures/{id}`):
 * `{data: [Process], "@context": […]}`, each Process with `process_id`, `label` ("2022/0155(COD)"),
 * `process_title` by language, `current_stage` (a procedure-phase URI) and `consists_of` (its events).
 *
 * The data holds Parliament's events only: the Commission's proposal and the Council's acts are not in it.
 */
import { z } from "zod";
import { classifyTitle } from "../topics/classify";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type InstrumentKind,
  type InstrumentRecord,
  type InstrumentStage,
  type Payload,
  type TopicTag,
} from "../types";
import { TRACKED_PROCEDURES } from "./tracked";

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
/** The JSON-LD `@base` of the API's relative ids. */
const DATA_BASE = "https://data.europarl.europa.eu/";
const ACTIVITY = "def/ep-activities/";
const PHASE = "http://publications.europa.eu/resource/authority/procedure-phase/";
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})/;
/** Parliament's first-reading position: the co-legislator has passed the text once. */
const POSITION_ADOPTED = new Set(["PLENARY_ADOPT_POSITION"]);
/** Phases after Parliament's first reading (second and third reading, conciliation). */
const LATER_PHASES = new Set(["RDG2", "RDG3", "CONC"]);
const ACT_ADOPTED = new Set(["SIGNATURE", "PUBLICATION_OFFICIAL_JOURNAL"]);

/** Some procedures (two legal bases) carry `label` and `process_type` as arrays. */
const oneOrMany = z.union([z.string(), z.array(z.string()).nonempty()]).transform((v) => (Array.isArray(v) ? v[0] : v));

const activitySchema = z.object({
  activity_date: z.string().optional(),
  had_activity_type: z.string().optional(),
});
const processSchema = z.object({
  id: z.string().min(1),
  process_id: z.string().regex(/^\d{4}-\d{4}$/),
  label: oneOrMany,
  process_title: z.record(z.string(), z.string()).nullish(),
  current_stage: z.string().nullish(),
  consists_of: z.array(activitySchema).nullish(),
});
type Process = z.infer<typeof processSchema>;
type Activity = z.infer<typeof activitySchema>;

const documentSchema = z.object({ data: z.array(z.unknown()) });

function readJson(payload: Payload): unknown {
  const { url } = payload;
  const text = Buffer.from(payload.body.buffer, payload.body.byteOffset, payload.body.byteLength).toString("utf8").trim();
  if (text === "") throw new UnexpectedFormatError(`${url}: empty body, expected EP Open Data JSON-LD`);
  if (text.startsWith("<")) {
    const words = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (MAINTENANCE.test(words)) {
      throw new MaintenancePageError(`${url}: maintenance or error page instead of EP Open Data JSON-LD: ${words.slice(0, 120)}`);
    }
    throw new UnexpectedFormatError(`${url}: HTML or XML instead of EP Open Data JSON-LD (format=application/ld+json?): ${words.slice(0, 80)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnexpectedFormatError(`${url}: not valid JSON (truncated?): ${(error as Error).message}`);
  }
}

const activityCode = (a: Activity): string =>
  a.had_activity_type?.startsWith(ACTIVITY) ? a.had_activity_type.slice(ACTIVITY.length) : "";

/** The earliest date among the procedure's events of the given types. */
export function firstDate(activities: Activity[], codes: Set<string>): string | null {
  const dates = activities
    .filter((a) => codes.has(activityCode(a)))
    .map((a) => ISO_DATE.exec(a.activity_date ?? "")?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
  return dates[0] ?? null;
}

export function stageOf(process: Process, activities: Activity[]): InstrumentStage {
  if (activities.some((a) => ACT_ADOPTED.has(activityCode(a)))) return "enacted";
  const phase = process.current_stage?.startsWith(PHASE) ? process.current_stage.slice(PHASE.length) : "";
  if (LATER_PHASES.has(phase) || activities.some((a) => POSITION_ADOPTED.has(activityCode(a)))) return "passed_chamber";
  return "introduced";
}

function kindOf(processId: string, title: string): InstrumentKind {
  const tracked = TRACKED_PROCEDURES[processId];
  if (tracked) return tracked.kind;
  if (/\bdirective\b/i.test(title)) return "directive";
  if (/\bregulation\b/i.test(title)) return "regulation";
  return "other";
}

function topicsOf(processId: string, title: string): TopicTag[] {
  const topics = classifyTitle(title);
  for (const tag of TRACKED_PROCEDURES[processId]?.topics ?? []) {
    if (!topics.some((t) => t.topic === tag.topic)) topics.push(tag);
  }
  return topics;
}

function toInstrument(process: Process): InstrumentRecord {
  const activities = process.consists_of ?? [];
  const titles = process.process_title ?? {};
  // Without a title in any language the procedure reference is the only name the data gives.
  const title = (titles.en ?? Object.values(titles)[0] ?? process.label).replace(/\s+/g, " ").trim();
  const stage = stageOf(process, activities);
  return {
    type: "instrument",
    externalId: new URL(process.id, DATA_BASE).toString(),
    jurisdictionCode: "EU",
    title,
    kind: kindOf(process.process_id, title),
    stage,
    // The day Parliament was seized (referral announced in plenary); the Commission's proposal date is not in the data.
    introducedOn: firstDate(activities, new Set(["REFERRAL"])),
    enactedOn: stage === "enacted" ? firstDate(activities, ACT_ADOPTED) : null,
    inForceOn: null,
    identifiers: { epProcedure: process.label },
    officialUrl: `https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=${process.label}`,
    sourceUpdatedAt: null,
    summary: null,
    topics: topicsOf(process.process_id, title),
  };
}

export function parse(payload: Payload): InstrumentRecord[] {
  const { url } = payload;
  const document = documentSchema.safeParse(readJson(payload));
  if (!document.success) {
    throw new UnexpectedFormatError(`${url}: expected EP Open Data JSON-LD {data: [...]}; ${document.error.issues[0]?.message ?? ""}`);
  }
  if (document.data.data.length === 0) throw new EmptyParseError(`${url}: JSON-LD "data" is empty (unknown procedure?)`);
  return document.data.data.map((item, index) => {
    const process = processSchema.safeParse(item);
    if (!process.success) {
      const issue = process.error.issues[0];
      throw new UnexpectedFormatError(
        `${url}: data item ${index + 1} is not a procedure (process_id, label); ${issue?.path.join(".") || "item"}: ${issue?.message}`,
      );
    }
    return toInstrument(process.data);
  });
}
