/**
 * The curated source. `parse()` turns a baseline CSV payload into assessment records; the three YAML catalogues are
 * reference data (not SourceRecords) and are parsed with parseIndicators / parseRecommendations / parseGroups.
 */
import { EmptyParseError, UnexpectedFormatError, type Payload, type Source, type SourceRecord } from "../types";
import { manifest } from "./manifest";
import { parseBaseline } from "./parse";

export { manifest } from "./manifest";
export * from "./parse";
export * from "./schema";
export { listJurisdictions, jurisdictionCodes, type Jurisdiction, type JurisdictionKind } from "./jurisdictions";

function fileName(url: string): string {
  const clean = url.split(/[?#]/)[0] ?? url;
  return clean.slice(clean.lastIndexOf("/") + 1) || url;
}

export const curatedSource: Source = {
  manifest,
  parse(payload: Payload): SourceRecord[] {
    const name = fileName(payload.url);
    if (!name.endsWith(".csv")) {
      throw new UnexpectedFormatError(`curated parse() handles baseline CSV files only, got ${name}`);
    }
    const records = parseBaseline(payload.body, name);
    if (records.length === 0) throw new EmptyParseError(`${name} has no baseline rows`);
    return records;
  },
};
