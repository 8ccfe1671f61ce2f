/** Loads the labelled-titles test set (real titles labelled by topic; provenance in the fixture folder). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { CLASSIFIED_TOPICS, type ClassifiedTopic, type LabelledTitle } from "../../sources/topics/classify";

export const LABELLED_TITLES_PATH = fileURLToPath(new URL("../fixtures/labelled-titles/labelled-titles.csv", import.meta.url));

export interface LabelledRow extends LabelledTitle {
  jurisdiction: string;
  identifier: string;
}

export function loadLabelledTitles(path = LABELLED_TITLES_PATH): LabelledRow[] {
  const records = parse(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((r, n) => {
    const labels = r.topics === "none" ? [] : (r.topics ?? "").split("|");
    for (const label of labels) {
      if (!(CLASSIFIED_TOPICS as readonly string[]).includes(label)) throw new Error(`${path}: row ${n + 2}: unknown topic ${label}`);
    }
    return { jurisdiction: r.jurisdiction ?? "", identifier: r.identifier ?? "", title: r.title ?? "", topics: labels as ClassifiedTopic[] };
  });
}
