/**
 * `npm start`: the embedded mode. One process runs migrations, loads reference data, serves the web app
 * and runs the workers, sharing one database (PGlite by default).
 */
import { allSources } from "../../sources/registry";
import { startWorkers } from "../../workers/processors";
import { scheduleSources } from "../../workers/scheduler";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { exitOnStartupError } from "../../workers/runtime/main";
import { bullConnection } from "../../workers/runtime/redis";
import { closeServices, loadKnowledgeBase, onShutdown, openServices, pipelineContext } from "../../workers/runtime/services";
import { closeServer, createApp, listen, loadBuild, serverUrl } from "./http";

const startedAt = performance.now();
try {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const build = await loadBuild();
  const services = await openServices(config, log);
  await loadKnowledgeBase(services);
  const workers = startWorkers(pipelineContext(services), services.queues, bullConnection(services.redis.url));
  if (config.HARMONIA_SCHEDULER) await scheduleSources(services.queues, allSources, config, log);
  const server = await listen(createApp(services, build), config.PORT, config.HOST);
  onShutdown(log, async () => {
    await closeServer(server);
    await workers.close();
    await closeServices(services);
  });
  const url = serverUrl(server, config.HOST);
  log.info({ url, ms: Math.round(performance.now() - startedAt) }, "Harmonia is ready");
  process.stdout.write(`Harmonia is running at ${url} (${services.database.describe}; Redis ${services.redis.url}). Ctrl-C stops it.\n`);
} catch (error) {
  exitOnStartupError(error);
}
