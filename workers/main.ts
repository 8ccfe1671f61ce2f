/** `npm run worker`: a worker process of the distributed mode (needs DATABASE_URL and REDIS_URL; run as many as you like). */
import { allSources } from "../sources/registry";
import { startWorkers } from "./processors";
import { scheduleSources } from "./scheduler";
import { loadConfig } from "./runtime/config";
import { createLogger } from "./runtime/logger";
import { exitOnStartupError } from "./runtime/main";
import { bullConnection } from "./runtime/redis";
import { closeServices, loadKnowledgeBase, onShutdown, openServices, pipelineContext, requireDistributedConfig } from "./runtime/services";

try {
  const config = loadConfig();
  requireDistributedConfig(config, "worker");
  const log = createLogger(config.LOG_LEVEL, "harmonia-worker");
  const services = await openServices(config, log);
  await loadKnowledgeBase(services);
  const workers = startWorkers(pipelineContext(services), services.queues, bullConnection(services.redis.url));
  if (config.HARMONIA_SCHEDULER) await scheduleSources(services.queues, allSources, config, log);
  onShutdown(log, async () => {
    await workers.close();
    await closeServices(services);
  });
  log.info("Harmonia worker is running");
} catch (error) {
  exitOnStartupError(error);
}
