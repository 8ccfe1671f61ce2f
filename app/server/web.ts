/** `npm run web`: the web process of the distributed mode (needs DATABASE_URL and REDIS_URL; scale out freely). */
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { exitOnStartupError } from "../../workers/runtime/main";
import { closeServices, onShutdown, openServices, requireDistributedConfig } from "../../workers/runtime/services";
import { closeServer, createApp, listen, loadBuild, serverUrl } from "./http";

try {
  const config = loadConfig();
  requireDistributedConfig(config, "web");
  const log = createLogger(config.LOG_LEVEL, "harmonia-web");
  const build = await loadBuild();
  const services = await openServices(config, log);
  const server = await listen(createApp(services, build), config.PORT, config.HOST);
  onShutdown(log, async () => {
    await closeServer(server);
    await closeServices(services);
  });
  process.stdout.write(`Harmonia web is running at ${serverUrl(server, config.HOST)}\n`);
} catch (error) {
  exitOnStartupError(error);
}
