import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { FIXTURES_DIR, fixtureFolders, MANIFEST_FILE, parseFixture, readManifest } from "../helpers/fixture-manifest";

/** Each fixture folder's manifest names every file in it, and each payload still parses as it says. */
const sourceIds = allSources.filter((s) => s !== curatedSource).map((s) => s.manifest.id);

describe("fixture manifests", () => {
  it("every source has a fixture folder, and every folder a manifest", () => {
    const folders = fixtureFolders();
    expect(sourceIds.filter((id) => !folders.includes(id))).toEqual([]);
    expect(folders.filter((f) => !fs.existsSync(path.join(FIXTURES_DIR, f, MANIFEST_FILE)))).toEqual([]);
  });

  it.each(fixtureFolders())("%s: the manifest names exactly the files in the folder", (folder) => {
    // Recursive: `npm run record` saves new payloads under <source>/recorded/, and each must be named too.
    const dir = path.join(FIXTURES_DIR, folder);
    const files = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f !== MANIFEST_FILE && fs.statSync(path.join(dir, f)).isFile())
      .sort();
    expect(Object.keys(readManifest(folder)).sort()).toEqual(files);
  });

  it.each(fixtureFolders())("%s: every entry says what the file is for, in terms the folder allows", (folder) => {
    const isSource = sourceIds.includes(folder);
    for (const [file, entry] of Object.entries(readManifest(folder))) {
      // Notes, and the response headers `npm run record` saves beside each body.
      if ("describes" in entry) expect(file, `${folder}/${file}`).toMatch(/\.md$|\.headers\.json$/);
      else if ("readBy" in entry) {
        expect(isSource, `${folder}/${file}: a source's payloads say what they parse to`).toBe(false);
        expect(fs.readFileSync(path.resolve(entry.readBy), "utf8"), `${entry.readBy} reads ${folder}/`).toContain(`fixtures/${folder}`);
      } else expect(isSource, `${folder}/${file}: only a source's folder holds payloads`).toBe(true);
    }
  });

  const payloads = allSources
    .filter((s) => s !== curatedSource && fs.existsSync(path.join(FIXTURES_DIR, s.manifest.id, MANIFEST_FILE)))
    .flatMap((source) =>
      Object.entries(readManifest(source.manifest.id))
        .filter(([, entry]) => "parses" in entry || "refused" in entry)
        .map(([file, entry]) => ({ name: `${source.manifest.id}/${file}`, source, file: path.join(FIXTURES_DIR, source.manifest.id, file), entry })),
    );

  it.each(payloads.map((p) => [p.name, p] as const))("%s parses or is refused as the manifest says", (_name, { source, file, entry }) => {
    if ("refused" in entry) {
      expect(() => parseFixture(source, file)).toThrow(expect.objectContaining({ name: entry.refused }));
      return;
    }
    if (!("parses" in entry)) throw new Error("unreachable: payloads are parses or refused entries");
    const counts: Record<string, number> = {};
    for (const record of parseFixture(source, file)) counts[record.type] = (counts[record.type] ?? 0) + 1;
    expect(counts).toEqual(entry.parses);
  });
});
