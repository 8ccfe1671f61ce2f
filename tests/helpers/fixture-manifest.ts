import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Source } from "../../sources/types";

/**
 * Every file under `tests/fixtures/<folder>/` is named in that folder's MANIFEST.json, by what it is for:
 * a payload its source parses to so many records of each type, a payload its source refuses with a named
 * error, a file another test reads, or the notes that describe the folder. A new, renamed or broken fixture
 * then fails the suite instead of silently leaving it.
 */
export type FixtureEntry =
  | { parses: Partial<Record<"instrument" | "assessment" | "follow", number>> }
  | { refused: string }
  | { readBy: string }
  | { describes: string };

export const FIXTURES_DIR = path.resolve("tests/fixtures");
export const MANIFEST_FILE = "MANIFEST.json";

export function fixtureFolders(): string[] {
  return fs
    .readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readManifest(folder: string): Record<string, FixtureEntry> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, folder, MANIFEST_FILE), "utf8")) as Record<string, FixtureEntry>;
}

/** Parses one fixture file as its source would a fetched body. */
export function parseFixture(source: Source, file: string) {
  const body = new Uint8Array(fs.readFileSync(file));
  return source.parse({ url: pathToFileURL(file).href, body, contentType: null, fetchedAt: "2026-11-22T00:00:00Z" });
}

/** The payloads a source's manifest says it stores (at least one record other than a follow-up request). */
export function storedPayloads(sourceId: string): string[] {
  const folder = path.join(FIXTURES_DIR, sourceId);
  if (!fs.existsSync(path.join(folder, MANIFEST_FILE))) return [];
  return Object.entries(readManifest(sourceId))
    .filter(([, entry]) => "parses" in entry && ((entry.parses.instrument ?? 0) > 0 || (entry.parses.assessment ?? 0) > 0))
    .map(([file]) => path.join(folder, file));
}
