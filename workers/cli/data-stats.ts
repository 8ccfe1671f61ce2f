/**
 * `npm run data:stats`: what the knowledge base holds — jurisdictions, indicators, recommendations, cells by
 * value, the share of non-`unknown` cells with a full citation (instrument, provision, URL) — and how complete it is
 * for its readers: the 17 core questions per group (OSCE, Bali Process, both), the 51 US jurisdictions on
 * AI-generated CSAM, treaty answers with a date, citations that point at a home or search page.
 *
 * It reads the configured database after loading the curated files through the pipeline (as a start does).
 * When a running Harmonia holds the embedded data directory, it loads the curated files into a throw-away
 * in-memory database instead and says so.
 */
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { DataDirLockedError } from "../../db/lock";
import { migrateToLatest } from "../../db/migrate";
import { coverageOfGroups, knowledgeBaseStats } from "../../db/repositories/knowledge";
import type { Coverage } from "../../domain/coverage";
import { curatedSource } from "../../sources/curated";
import { allSources } from "../../sources/registry";
import { runSourceNow } from "../pipeline";
import { loadReferenceData } from "../reference";
import { loadConfig } from "../runtime/config";
import { createLogger } from "../runtime/logger";
import { exitOnStartupError } from "../runtime/main";

async function open(config: ReturnType<typeof loadConfig>): Promise<{ handle: DatabaseHandle; note: string }> {
  if (config.DATABASE_URL) return { handle: await openDatabase({ kind: "postgres", url: config.DATABASE_URL }), note: "" };
  try {
    return { handle: await openDatabase({ kind: "pglite", dataDir: config.HARMONIA_DATA_DIR }), note: "" };
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    return {
      handle: await openDatabase({ kind: "pglite", dataDir: null }),
      note: "(a running Harmonia holds the data directory: figures are from the curated files alone)",
    };
  }
}

const percent = (k: number, n: number): string => `${k} of ${n} (${n === 0 ? "—" : ((k / n) * 100).toFixed(1)}%)`;

function coverageLines(c: Coverage): string[] {
  return [
    "coverage of the 17 core questions (12 national-law, 5 treaty), answered with a citation:",
    ...c.groups.flatMap((g) => [
      `  ${g.name} (${g.members} members): ${percent(g.coreAnswered, g.coreTotal)}; with a national-law answer: ${percent(g.withNationalLaw, g.members)}`,
      `    thinnest: ${g.thinnest.map((t) => `${t.code} ${t.answered}`).join(", ")}`,
      ...(g.withoutNationalLaw.length ? [`    no national-law answer: ${g.withoutNationalLaw.join(" ")}`] : []),
    ]),
    `US states and DC answered on AI-generated CSAM: ${percent(c.usAnswered, c.usAnswered + c.usMissing.length)}${c.usMissing.length ? ` — missing: ${c.usMissing.join(" ")}` : ""}`,
    `treaty answers with the date they took effect: ${percent(c.datedTreatyAnswers, c.treatyAnswers)}`,
    `citations at a home or search page: ${c.homeOrSearchCitations.length}${c.homeOrSearchCitations.length ? ` — ${c.homeOrSearchCitations.map((h) => `${h.code} ${h.indicatorId}`).join(", ")}` : ""}`,
  ];
}

try {
  const config = loadConfig();
  const log = createLogger("warn");
  const { handle, note } = await open(config);
  try {
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db, allSources);
    const { run } = await runSourceNow({ db: handle.db, config, log }, curatedSource, "cli");
    const stats = await knowledgeBaseStats(handle.db);
    const lines = [
      `Harmonia knowledge base — ${handle.describe} ${note}`.trim(),
      `curated load: ${run.status}${run.error ? ` — ${run.error}` : ""}`,
      `jurisdictions:            ${stats.jurisdictions} (${stats.jurisdictionsWithAnswers} with at least one answer)`,
      `groups:                   ${stats.groups}`,
      `indicators:               ${stats.indicators}`,
      `recommendations:          ${stats.recommendations}`,
      `cells by value:           (${stats.jurisdictionsWithAnswers} jurisdictions × ${stats.indicators} indicators) ${Object.entries(stats.cellsByValue).sort(([a], [b]) => a.localeCompare(b)).map(([v, n]) => `${v} ${n}`).join(", ")}`,
      `non-unknown cells cited:  ${stats.citedKnownCells} of ${stats.knownCells} (${(stats.citationCoverage * 100).toFixed(1)}%)`,
    ];
    const cover = await coverageOfGroups(handle.db, ["osce", "bali-process"], "OSCE and Bali Process");
    lines.push("", ...coverageLines(cover));
    process.stdout.write(`${lines.join("\n")}\n`);
    if (stats.citationCoverage < 1) process.exitCode = 1;
  } finally {
    await handle.close();
  }
} catch (error) {
  exitOnStartupError(error);
}
