import { source as canadaJusticeLaws } from "./canada-justice-laws";
import { source as coeTreaties } from "./coe-treaties";
import { source as congressGov } from "./congress-gov";
import { curatedSource } from "./curated";
import { source as epProcedures } from "./ep-procedures";
import { source as euCellar } from "./eu-cellar";
import { source as govinfoBillstatus } from "./govinfo-billstatus";
import { source as legiscan } from "./legiscan";
import { source as legislationGovUk } from "./legislation-gov-uk";
import { source as openstates } from "./openstates";
import { source as ukParliamentBills } from "./uk-parliament-bills";
import { source as untc } from "./untc";
import type { Source } from "./types";

/** Every source Harmonia knows, by id. Adding a source = a folder + one line here. */
export const allSources: Source[] = [
  curatedSource,
  untc,
  coeTreaties,
  legislationGovUk,
  ukParliamentBills,
  euCellar,
  epProcedures,
  canadaJusticeLaws,
  congressGov,
  govinfoBillstatus,
  openstates,
  legiscan,
];

export class UnknownSourceError extends Error {
  constructor(id: string) {
    super(`Unknown source "${id}". Known sources: ${allSources.map((s) => s.manifest.id).join(", ")}`);
    this.name = "UnknownSourceError";
  }
}

export function getSource(id: string): Source {
  const found = allSources.find((s) => s.manifest.id === id);
  if (!found) throw new UnknownSourceError(id);
  return found;
}
