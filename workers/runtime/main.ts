import { ConfigError } from "./config";
import { DistributedModeError } from "./services";
import { RedisUnavailableError } from "./redis";
import { DataDirLockedError } from "../../db/lock";
import { MigrationError } from "../../db/migrate";

/** Known start-up failures print their message only (they say what to do); anything else prints its stack. */
export function exitOnStartupError(error: unknown): never {
  const known = [ConfigError, DistributedModeError, RedisUnavailableError, DataDirLockedError, MigrationError];
  if (known.some((k) => error instanceof k)) {
    process.stderr.write(`\nHarmonia could not start:\n${(error as Error).message}\n\n`);
  } else {
    process.stderr.write(`\nHarmonia could not start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}
