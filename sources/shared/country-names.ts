/**
 * Country (and EU) names as treaty depositaries write them → Harmonia jurisdiction codes.
 *
 * English names and their common variants come from i18n-iso-countries; the alias table covers the
 * UN / Council of Europe spellings the library does not know. A name that resolves to a code outside
 * Harmonia's jurisdiction list (e.g. `XK`, Kosovo) counts as unresolved, because the pipeline sets aside
 * a whole payload that carries an unknown code.
 */
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import { jurisdictionCodes } from "../curated/jurisdictions";

countries.registerLocale(en);

/** Depositary spellings missing from i18n-iso-countries, keyed by their normalised form. */
const ALIASES: Record<string, string> = {
  "united kingdom of great britain and northern ireland": "GB",
  "bolivia (plurinational state of)": "BO",
  "venezuela (bolivarian republic of)": "VE",
  "iran (islamic republic of)": "IR",
  "democratic people's republic of korea": "KP",
  "holy see": "VA",
  "micronesia (federated states of)": "FM",
  "republic of moldova": "MD",
  moldova: "MD",
  "netherlands (kingdom of the)": "NL",
  "slovak republic": "SK",
  "viet nam": "VN",
  "cabo verde": "CV",
  "european union": "EU",
};

/** Escaped markup inside a name, e.g. `United States of America<superscript>7</superscript>`. */
const SUPERSCRIPT = /<superscript>[^<]*<\/superscript>/gi;
const ANY_TAG = /<[^>]*>/g;
/** Footnote markers after a name: `Albania 1`, `Austria3`, `China5,6`, `Albania a`, `Albania a,b`. */
const TRAILING_NUMERAL_NOTES = /\s*\d+(?:\s*,\s*\d+)*$/;
const TRAILING_LETTER_NOTES = /\s+[a-z](?:\s*,\s*[a-z])*$/;

/** A participant name without markup, footnote markers or surplus whitespace. */
export function cleanParticipantName(raw: string): string {
  return raw
    .replace(SUPERSCRIPT, "")
    .replace(ANY_TAG, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(TRAILING_NUMERAL_NOTES, "")
    .replace(TRAILING_LETTER_NOTES, "")
    .trim();
}

function normalise(name: string): string {
  return name.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, " ").trim().toLowerCase();
}

let knownCodes: Set<string> | null = null;

/** The jurisdiction code for a depositary's participant name, or null when it does not resolve (never a guess). */
export function jurisdictionCodeForName(rawName: string): string | null {
  const name = cleanParticipantName(rawName);
  if (name === "") return null;
  const key = normalise(name);
  const code = ALIASES[key] ?? countries.getAlpha2Code(key, "en") ?? null;
  knownCodes ??= jurisdictionCodes();
  return code !== null && knownCodes.has(code) ? code : null;
}
