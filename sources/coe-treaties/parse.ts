/**
 * Parses the Council of Europe Treaty Office JSON service into treaty assessments. Two payload kinds:
 *
 * - the chart, `api/signatures?NumSte=…`: three buckets (member states, non-member states,
 *   organisations) of rows with signature, consent and denunciation dates and reservation flags;
 * - the reservations and declarations list, `api/conventions/getDeclarations?numSte=…`.
 *
 * For Lanzarote (201) and Budapest (185) a reservation can turn "party" into `reserved`, and only the
 * list carries the reservation's words. Each payload is parsed alone, and an unchanged payload is not
 * parsed again, so both must never answer the same cell: the chart leaves out parties it flags as having
 * reservations, and the list answers for every state with a reservation in effect (`reserved` when one
 * excludes virtual material, `met` otherwise). A reservation in effect implies a party: it takes effect
 * with the treaty's entry into force for that state.
 *
 * The chart lists states with no action too (member states appear with empty dates), so a listed row
 * with no signature is a stated `not_met`. States absent from the chart get nothing.
 *
 * No instrument record: a treaty has no single jurisdiction code.
 */
import { load } from "cheerio";
import { isTreatyIndicator, partySince, TREATY_CONCLUDED } from "../../domain/treaties";
import { z } from "zod";
import { jurisdictionCodeForName } from "../shared/country-names";
import {
  EmptyParseError,
  MaintenancePageError,
  UnexpectedFormatError,
  type AssessmentRecord,
  type Citation,
  type Payload,
} from "../types";

interface ReservationRule {
  /** How the rule is named in rationales. */
  label: string;
  /** What the excluded material is, in the treaty's words. */
  material: string;
  matches(article: string | null, text: string): boolean;
}

export interface CoeTreaty {
  cets: string;
  indicatorId: string;
  title: string;
  reservationRule: ReservationRule | null;
}

const concernsArticle = (n: number, article: string | null, text: string): boolean =>
  new RegExp(`^\\s*${n}\\b`).test(article ?? "") || new RegExp(`\\bArticle\\s+${n}\\b`, "i").test(text);

/**
 * Lanzarote art. 20(3): a Party may reserve the right not to apply art. 20(1)(a) and (e) to material
 * "consisting exclusively of simulated representations or realistic images of a non-existent child"
 * (first indent) or to images of children above the age of consent made with consent (second indent).
 * Only the first indent excludes virtual material; the rule looks for its words.
 */
const LANZAROTE_FIRST_INDENT: ReservationRule = {
  label: "art. 20(3), first indent",
  material: "simulated representations or realistic images of a non-existent child",
  matches: (article, text) =>
    concernsArticle(20, article, text) && /simulated representations?|realistic images?|non-existent child|first indent/i.test(text),
};

/**
 * Budapest art. 9(4): a Party may reserve the right not to apply art. 9(1)(d)–(e) and 9(2)(b)–(c).
 * Only 9(2)(b) ("a person appearing to be a minor") and 9(2)(c) ("realistic images representing a
 * minor") concern virtual material; the rule looks for paragraph 2 with sub-paragraph b or c, or their words.
 */
const BUDAPEST_9_2_BC: ReservationRule = {
  label: "art. 9(4) on art. 9(2)(b)–(c)",
  material: "material showing a person appearing to be a minor or realistic images representing a minor",
  matches: (article, text) =>
    concernsArticle(9, article, text) &&
    (/paragraph\s*2\s*[,.]?\s*(?:sub-?paragraphs?|letters?|items?)?\s*\(?\s*[bc]\b/i.test(text) ||
      /(?:^|[\s,;])2\s*\.\s*[bc]\b/i.test(text) ||
      /\(\s*2\s*\)\s*\(?\s*[bc]\s*\)/i.test(text) ||
      /appearing to be a minor|realistic images/i.test(text)),
};

export const COE_TREATIES: Readonly<Record<string, CoeTreaty>> = {
  "201": {
    cets: "201",
    indicatorId: "treaty.lanzarote",
    title: "Council of Europe Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse (CETS No. 201)",
    reservationRule: LANZAROTE_FIRST_INDENT,
  },
  "185": { cets: "185", indicatorId: "treaty.budapest", title: "Convention on Cybercrime (CETS No. 185)", reservationRule: BUDAPEST_9_2_BC },
  "224": {
    cets: "224",
    indicatorId: "treaty.budapest-second-protocol",
    title: "Second Additional Protocol to the Convention on Cybercrime on enhanced co-operation and disclosure of electronic evidence (CETS No. 224)",
    reservationRule: null,
  },
  "197": {
    cets: "197",
    indicatorId: "treaty.coe-trafficking",
    title: "Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197)",
    reservationRule: null,
  },
};

/** True when a reservation's words exclude virtual material under the treaty's rule (false for treaties without one). */
export function excludesVirtualMaterial(cets: string, article: string | null, text: string): boolean {
  return COE_TREATIES[cets]?.reservationRule?.matches(article, text) ?? false;
}

export const chartUrl = (cets: string): string =>
  `https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=${cets}`;
export const declarationsUrl = (cets: string): string =>
  `https://www.coe.int/en/web/conventions/full-list?module=declarations-by-treaty&numSte=${cets}&codeNature=0`;

/** `"2005-04-07T00:00:00"` → `"2005-04-07"`. */
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+)?$/, "expected an ISO date such as 2005-04-07T00:00:00")
  .nullish()
  .transform((v) => v?.slice(0, 10) ?? null);
const flag = z.boolean().nullish();

const chartRow = z.object({
  LibPaysOrga: z.string().min(1),
  CodePays: z.string().nullish(),
  NumSTE: z.string().nullish(),
  DateSignature: dateTime,
  DateConsentement: dateTime,
  DateEntreeVigueur: dateTime,
  DateDenonciation: dateTime,
  DateEffetDenonciation: dateTime,
  Reserves: flag,
  Declarations: flag,
});
/** Member states, non-member states, organisations. */
const chart = z.array(z.array(chartRow)).min(1);
type ChartRow = z.infer<typeof chartRow>;

/** The service writes the string "Null" where there is no organisation. */
const label = z
  .string()
  .nullish()
  .transform((v) => (v && v.trim().toLowerCase() !== "null" ? v.trim() : null));
const declarationRow = z.object({
  code_Pays: z.object({ Value: label }).nullish(),
  code_Organisation: z.object({ Libelle: label }).nullish(),
  nature_Dec: z.string(),
  numero_Article: z.string().nullish(),
  date_Effet: dateTime,
  date_Effet_Retrait: dateTime,
  texte_Decl: z.string().nullish(),
});
const declarations = z.array(declarationRow);
type DeclarationRow = z.infer<typeof declarationRow>;

const MAINTENANCE =
  /maintenance|service (is )?(temporarily )?unavailable|temporarily unavailable|try again later|bad gateway|gateway time-?out|internal server error|too many requests/i;
const squash = (s: string): string => s.replace(/\s+/g, " ").trim();

function rejectHtml(text: string, url: string): never {
  const $ = load(text);
  const words = squash(`${$("title").text()} ${$("body").text()}`);
  if (/conventions_api_(?:url|key)|enable JavaScript/i.test(text)) {
    throw new UnexpectedFormatError(`${url}: the chart page's JavaScript shell instead of the JSON service (use conventions-ws.coe.int/WS_LFRConventions/api/…)`);
  }
  if (MAINTENANCE.test(words)) throw new MaintenancePageError(`${url}: HTML maintenance or error page instead of JSON: ${words.slice(0, 160)}`);
  throw new UnexpectedFormatError(`${url}: HTML instead of JSON from the Treaty Office service`);
}

function zodProblem(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "invalid shape";
}

function treatyFor(number: string | null | undefined, url: string): CoeTreaty {
  const cets = number && /^\d+$/.test(number) ? String(Number(number)).padStart(3, "0") : null;
  const treaty = cets ? COE_TREATIES[cets] : undefined;
  if (!treaty) {
    throw new UnexpectedFormatError(
      `${url}: ${cets ? `CETS ${cets} is not tracked` : "no treaty number in the body or URL"} (expected one of ${Object.keys(COE_TREATIES).join(", ")})`,
    );
  }
  return treaty;
}

/** The `NumSte` query parameter, case-insensitively; a saved file may carry it as `…numSte-201…` in its name. */
function treatyNumberInUrl(url: string): string | null {
  return /(?:[?&./_-]|^)numste[=-](\d+)/i.exec(url)?.[1] ?? null;
}

function chartCitation(treaty: CoeTreaty): Citation {
  return { instrumentTitle: treaty.title, provision: "Status of signature and ratification", url: chartUrl(treaty.cets) };
}

const tail = (treaty: CoeTreaty): string => `(CoE Treaty Office, CETS ${treaty.cets})`;

/** When the answer took effect, and how that is known. */
interface ValidTime {
  effectiveFrom: string | null;
  effectiveBasis: string;
}

function assessment(
  code: string,
  treaty: CoeTreaty,
  value: AssessmentRecord["value"],
  rationale: string,
  citations: Citation[],
  verifiedOn: string,
  valid: ValidTime,
): AssessmentRecord {
  return { type: "assessment", jurisdictionCode: code, indicatorId: treaty.indicatorId, value, rationale, citations, ...valid, effectiveTo: null, verifiedOn, confidence: "high" };
}

function chartAnswer(row: ChartRow, treaty: CoeTreaty, verifiedOn: string): ({ value: AssessmentRecord["value"]; rationale: string } & ValidTime) | null {
  const signed = row.DateSignature;
  const bound = row.DateConsentement;
  const denouncedFrom = row.DateEffetDenonciation;
  if (bound && denouncedFrom && denouncedFrom <= verifiedOn) {
    return {
      value: "not_met",
      rationale: `Denounced${row.DateDenonciation ? ` on ${row.DateDenonciation}` : ""}, effective ${denouncedFrom}; had been bound since ${bound} ${tail(treaty)}.`,
      effectiveFrom: denouncedFrom,
      effectiveBasis: `Denunciation effective ${denouncedFrom} (Treaty Office chart).`,
    };
  }
  if (bound) {
    // The reservations list answers for this party (see the header comment).
    if (treaty.reservationRule && row.Reserves === true) return null;
    const inForce = row.DateEntreeVigueur ? `, in force ${row.DateEntreeVigueur}` : "";
    return {
      value: "met",
      rationale: `Party: bound since ${bound}${inForce}${signed ? `; signed ${signed}` : ""} ${tail(treaty)}.`,
      ...partyValidTime(treaty, bound, row.DateEntreeVigueur),
    };
  }
  if (signed) return { value: "partial", rationale: `Signed ${signed}; not ratified ${tail(treaty)}.`, effectiveFrom: signed, effectiveBasis: `Signed ${signed} (Treaty Office chart).` };
  return {
    value: "not_met",
    rationale: `Listed on the chart with no signature or ratification ${tail(treaty)}.`,
    effectiveFrom: isTreatyIndicator(treaty.indicatorId) ? TREATY_CONCLUDED[treaty.indicatorId] : null,
    effectiveBasis: `Not a signatory on the chart read ${verifiedOn}; a chart lists every signature, ratification and denunciation, so not bound since the treaty was concluded.`,
  };
}

/**
 * A party's answer holds from the day the treaty entered into force for the State: as the chart gives it, or
 * else computed from the deposit by the treaty's own article.
 */
function partyValidTime(treaty: CoeTreaty, bound: string, inForce: string | null | undefined): ValidTime {
  if (inForce) return { effectiveFrom: inForce, effectiveBasis: `Instrument deposited ${bound}; in force for the State from ${inForce} (Treaty Office chart).` };
  if (isTreatyIndicator(treaty.indicatorId)) {
    const { effectiveFrom, basis } = partySince(treaty.indicatorId, bound);
    return { effectiveFrom, effectiveBasis: basis };
  }
  return { effectiveFrom: null, effectiveBasis: `Instrument deposited ${bound}; the chart gives no entry into force for the State.` };
}

interface Named {
  name: string;
  jurisdictionCode: string | null;
}

function parseChart(data: unknown, payload: Payload): { records: AssessmentRecord[]; names: Named[] } {
  const checked = chart.safeParse(data);
  if (!checked.success) throw new UnexpectedFormatError(`${payload.url}: chart JSON has an unexpected shape: ${zodProblem(checked.error)}`);
  const rows = checked.data.flat();
  const numbers = [...new Set(rows.map((r) => r.NumSTE).filter((n): n is string => !!n))];
  if (numbers.length > 1) throw new UnexpectedFormatError(`${payload.url}: chart mixes treaties ${numbers.join(", ")}`);
  const treaty = treatyFor(numbers[0] ?? treatyNumberInUrl(payload.url), payload.url);
  if (rows.length === 0) throw new EmptyParseError(`${payload.url}: chart of CETS ${treaty.cets} has no rows`);

  const verifiedOn = payload.fetchedAt.slice(0, 10);
  const names: Named[] = [];
  const records: AssessmentRecord[] = [];
  for (const row of rows) {
    const code = jurisdictionCodeForName(row.LibPaysOrga);
    names.push({ name: squash(row.LibPaysOrga), jurisdictionCode: code });
    const answer = code ? chartAnswer(row, treaty, verifiedOn) : null;
    if (code && answer) records.push(assessment(code, treaty, answer.value, answer.rationale, [chartCitation(treaty)], verifiedOn, answer));
  }
  return { records, names };
}

interface Reservation {
  article: string | null;
  effectiveFrom: string;
  text: string;
}

function declarationText(html: string | null | undefined): string {
  // Block ends become spaces so that paragraphs do not run together.
  return squash(load(`<div>${(html ?? "").replace(/<\/?(?:p|br|div|li)\b[^>]*>/gi, " ")}</div>`).text());
}

function excerpt(text: string, max = 280): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

const articlesOf = (list: Reservation[]): string => [...new Set(list.map((r) => r.article ?? "?"))].join(", ");

function reservationAnswer(list: Reservation[], treaty: CoeTreaty, rule: ReservationRule, verifiedOn: string, code: string): AssessmentRecord {
  const since = list.map((r) => r.effectiveFrom).sort()[0]!;
  const listCitation: Citation = { instrumentTitle: treaty.title, provision: "Reservations and declarations", url: declarationsUrl(treaty.cets) };
  const excluding = list.find((r) => rule.matches(r.article, r.text));
  if (excluding) {
    return assessment(
      code,
      treaty,
      "reserved",
      `Party with a reservation under ${rule.label}, in effect since ${excluding.effectiveFrom}: "${excerpt(excluding.text)}" ${tail(treaty)}.`,
      [chartCitation(treaty), { ...listCitation, provision: `Reservation under Article ${excluding.article ?? "?"}`, quote: excluding.text }],
      verifiedOn,
      { effectiveFrom: excluding.effectiveFrom, effectiveBasis: `Reservation in effect from ${excluding.effectiveFrom} (Treaty Office list of declarations).` },
    );
  }
  return assessment(
    code,
    treaty,
    "met",
    `Party; its reservations in effect since ${since} concern art. ${articlesOf(list)} and do not exclude ${rule.material} (${rule.label}) ${tail(treaty)}.`,
    [chartCitation(treaty), listCitation],
    verifiedOn,
    { effectiveFrom: since, effectiveBasis: `Party with reservations in effect from ${since}; the party's own entry into force is on the chart (Treaty Office list of declarations).` },
  );
}

function parseDeclarations(data: unknown, payload: Payload): { records: AssessmentRecord[]; names: Named[] } {
  const checked = declarations.safeParse(data);
  if (!checked.success) throw new UnexpectedFormatError(`${payload.url}: declarations JSON has an unexpected shape: ${zodProblem(checked.error)}`);
  const treaty = treatyFor(treatyNumberInUrl(payload.url), payload.url);
  const rule = treaty.reservationRule;
  if (!rule) throw new UnexpectedFormatError(`${payload.url}: reservations are only read for CETS 201 and 185, not ${treaty.cets}`);

  const verifiedOn = payload.fetchedAt.slice(0, 10);
  const inEffect = (d: DeclarationRow): d is DeclarationRow & { date_Effet: string } =>
    /^reserv/i.test(d.nature_Dec) && d.date_Effet !== null && d.date_Effet <= verifiedOn && !(d.date_Effet_Retrait && d.date_Effet_Retrait <= verifiedOn);
  const names: Named[] = [];
  const byCode = new Map<string, Reservation[]>();
  for (const d of checked.data.filter(inEffect)) {
    const name = d.code_Pays?.Value ?? d.code_Organisation?.Libelle ?? null;
    if (!name) throw new UnexpectedFormatError(`${payload.url}: a reservation names neither a state nor an organisation`);
    const code = jurisdictionCodeForName(name);
    names.push({ name, jurisdictionCode: code });
    if (!code) continue;
    byCode.set(code, [...(byCode.get(code) ?? []), { article: d.numero_Article ?? null, effectiveFrom: d.date_Effet, text: declarationText(d.texte_Decl) }]);
  }
  if (names.length === 0) throw new EmptyParseError(`${payload.url}: no reservation in effect for CETS ${treaty.cets} (${checked.data.length} entries)`);
  return { records: [...byCode].map(([code, list]) => reservationAnswer(list, treaty, rule, verifiedOn, code)), names };
}

function read(payload: Payload): { records: AssessmentRecord[]; names: Named[] } {
  const { url, body } = payload;
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8").replace(/^\uFEFF/, "");
  const head = text.trimStart().slice(0, 1);
  if (head === "") throw new UnexpectedFormatError(`${url}: empty body`);
  if (head === "<") rejectHtml(text, url);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UnexpectedFormatError(`${url}: body is not valid JSON (truncated?): ${squash(text.slice(0, 80))}`);
  }
  if (Array.isArray(data) && data.length > 0 && data.every(Array.isArray)) return parseChart(data, payload);
  if (Array.isArray(data) && data.every((d) => d !== null && typeof d === "object" && !Array.isArray(d))) return parseDeclarations(data, payload);
  const message = data !== null && typeof data === "object" && "Message" in data ? ` (service says: ${String(data.Message)})` : "";
  throw new UnexpectedFormatError(`${url}: expected the chart (an array of three arrays) or a declarations array${message}`);
}

/** Names that map to no jurisdiction code; `parse` skips them rather than guess. */
export function unresolvedParticipants(payload: Payload): string[] {
  return read(payload)
    .names.filter((n) => n.jurisdictionCode === null)
    .map((n) => n.name);
}

export function parse(payload: Payload): AssessmentRecord[] {
  const { records, names } = read(payload);
  if (names.length > 0 && names.every((n) => n.jurisdictionCode === null)) {
    throw new UnexpectedFormatError(`${payload.url}: no name resolved to a jurisdiction (first: ${names.slice(0, 10).map((n) => n.name).join(", ")})`);
  }
  return records;
}
