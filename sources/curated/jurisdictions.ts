/**
 * The jurisdiction list, from maintained libraries (no hand-typed names):
 * - every ISO 3166-1 alpha-2 country, English names from i18n-iso-countries;
 * - `EU` (supranational);
 * - ISO 3166-2 sub-national units from country-state-city for the United States (50 states + DC), Australia
 *   (6 states + 2 mainland territories), Canada (10 provinces + 3 territories) and the four UK nations
 *   (England, Scotland, Wales, Northern Ireland: devolved legislatures publish on legislation.gov.uk).
 *
 * Excluded on purpose:
 * - `XK` (Kosovo): i18n-iso-countries carries it, but it is a user-assigned code, not part of ISO 3166-1.
 * - US outlying areas (AS, GU, MP, PR, VI, UM and the UM-xx islands). They are ISO 3166-2:US subdivisions, but they
 *   also have their own ISO 3166-1 alpha-2 codes and appear once, as those codes, in the country list. Listing them
 *   twice (`PR` and `US-PR`) would split their answers between two cells.
 */
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import { State } from "country-state-city";

countries.registerLocale(en);

export type JurisdictionKind = "state" | "subnational" | "supranational";

export interface Jurisdiction {
  code: string;
  name: string;
  kind: JurisdictionKind;
  parentCode: string | null;
}

const NOT_ISO_3166_1 = new Set(["XK"]);
const SUBNATIONAL_PARENTS = ["US", "AU", "CA", "GB"] as const;
/** The four nations of the UK (ISO 3166-2:GB countries and province); the library also lists GB counties, not tracked. */
const GB_NATIONS = new Set(["ENG", "SCT", "WLS", "NIR"]);
/** ISO 3166-2:US subdivisions that are also ISO 3166-1 countries (see the header comment). */
const US_OUTLYING = new Set(["AS", "GU", "MP", "PR", "VI", "UM"]);

let cache: Jurisdiction[] | null = null;

export function listJurisdictions(): Jurisdiction[] {
  if (cache) return cache.map((j) => ({ ...j }));
  const out: Jurisdiction[] = [];
  const names = countries.getNames("en", { select: "official" });
  for (const [code, name] of Object.entries(names)) {
    if (NOT_ISO_3166_1.has(code)) continue;
    out.push({ code, name, kind: "state", parentCode: null });
  }
  out.push({ code: "EU", name: "European Union", kind: "supranational", parentCode: null });
  for (const parent of SUBNATIONAL_PARENTS) {
    for (const s of State.getStatesOfCountry(parent)) {
      if (parent === "US" && (US_OUTLYING.has(s.isoCode) || s.isoCode.startsWith("UM"))) continue;
      if (parent === "GB" && !GB_NATIONS.has(s.isoCode)) continue;
      out.push({ code: `${parent}-${s.isoCode}`, name: s.name, kind: "subnational", parentCode: parent });
    }
  }
  out.sort((a, b) => a.code.localeCompare(b.code));
  cache = out;
  return out.map((j) => ({ ...j }));
}

export function jurisdictionCodes(): Set<string> {
  return new Set(listJurisdictions().map((j) => j.code));
}
