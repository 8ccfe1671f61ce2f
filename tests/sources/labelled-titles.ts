/**
 * Loads the labelled-titles test set. A minimal RFC 4180 reader (quoted fields, doubled quotes,
 * commas and newlines inside quotes) is enough for this one file; no CSV dependency is installed.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CLASSIFIED_TOPICS, type ClassifiedTopic, type LabelledTitle } from "../../sources/topics/classify";

export const LABELLED_TITLES_PATH = fileURLToPath(
  new URL("../fixtures/labelled-titles/labelled-titles.csv", import.meta.url),
);

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

export interface LabelledRow extends LabelledTitle {
  jurisdiction: string;
  identifier: string;
}

export function loadLabelledTitles(path = LABELLED_TITLES_PATH): LabelledRow[] {
  const [header, ...records] = parseCsv(readFileSync(path, "utf8"));
  if (!header) throw new Error(`${path}: empty file`);
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: missing column ${name}`);
    return i;
  };
  const jurisdiction = col("jurisdiction");
  const identifier = col("identifier");
  const title = col("title");
  const topics = col("topics");
  return records.map((r, n) => {
    const field = (i: number): string => r[i] ?? "";
    const labels = field(topics) === "none" ? [] : field(topics).split("|");
    for (const label of labels) {
      if (!(CLASSIFIED_TOPICS as readonly string[]).includes(label)) {
        throw new Error(`${path}: row ${n + 2}: unknown topic ${label}`);
      }
    }
    return {
      jurisdiction: field(jurisdiction),
      identifier: field(identifier),
      title: field(title),
      topics: labels as ClassifiedTopic[],
    };
  });
}
