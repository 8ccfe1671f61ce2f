import { source as legislationGovUk } from "./legislation-gov-uk";
import type { Source } from "./types";

/** Every source Harmonia knows, by id. Adding a source = a folder + one line here. */
export const allSources: Source[] = [legislationGovUk];

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
