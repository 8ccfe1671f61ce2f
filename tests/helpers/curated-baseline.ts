import { readFileSync } from "node:fs";
import { parseBaseline } from "../../sources/curated";
import { manifest } from "../../sources/curated/manifest";
import type { AssessmentRecord } from "../../sources/types";

const dataDir = new URL("../../sources/curated/data/", import.meta.url);

/** Every row of the baseline files the curated source loads (the files its manifest names), as records. */
export function curatedBaseline(): AssessmentRecord[] {
  return manifest.endpoints
    .filter((e) => e.path.startsWith("baseline/"))
    .flatMap((e) => parseBaseline(new Uint8Array(readFileSync(new URL(e.path, dataDir))), e.path));
}
