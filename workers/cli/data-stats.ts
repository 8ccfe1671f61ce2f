/**
 * `npm run data:stats`: what the knowledge base holds — jurisdictions, indicators, recommendations, cells by
 * value, and the share of non-`unknown` cells with a full citation (instrument, provision, URL).
 *
 * It reads the configured database after loading the curated files through the pipeline (as a start does).
 * When a running Harmonia holds the embedded data directory, it loads the curated files into a throw-away
 * in-memory database instead and says so.
 */
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { DataDirLockedError } from "../../db/lock";
import { migrateToLatest } from "../../db/migrate";
import { knowledgeBaseStats } from "../../db/repositories/knowledge";
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
    process.stdout.write(`${lines.join("\n")}\n`);
    if (stats.citationCoverage < 1) process.exitCode = 1;
  } finally {
    await handle.close();
  }
} catch (error) {
  exitOnStartupError(error);
}
