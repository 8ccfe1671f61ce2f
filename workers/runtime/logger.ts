import { destination, pino, type Logger } from "pino";

export type { Logger };

/** JSON lines on stderr: stdout belongs to command-line output (see `npm run ingest -- --file`). */
export function createLogger(level: string, name = "harmonia"): Logger {
  return pino({ name, level }, destination(2));
}
