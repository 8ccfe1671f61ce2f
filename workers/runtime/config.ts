import path from "node:path";
import { z } from "zod";

/** "legislation-gov-uk=6h,untc=1d" → Map. Durations: ms, s, m, h, d. */
const durationPattern = /^(\d+)(ms|s|m|h|d)$/;
const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration (use e.g. 500ms, 30s, 15m, 6h, 1d)`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

function keyValueList<T>(name: string, parseValue: (raw: string) => T) {
  return z
    .string()
    .default("")
    .transform((text, ctx) => {
      const entries = new Map<string, T>();
      for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
        const eq = part.indexOf("=");
        if (eq < 1) {
          ctx.addIssue({ code: "custom", message: `${name}: "${part}" is not source-id=value` });
          continue;
        }
        try {
          entries.set(part.slice(0, eq).trim(), parseValue(part.slice(eq + 1).trim()));
        } catch (error) {
          ctx.addIssue({ code: "custom", message: `${name}: ${(error as Error).message}` });
        }
      }
      return entries;
    });
}

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  HARMONIA_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  HARMONIA_QUEUE_PREFIX: z.string().regex(/^[\w-]+$/).default("harmonia"),
  HARMONIA_CONTACT: z.string().default("contact not configured: set HARMONIA_CONTACT"),
  HARMONIA_SCHEDULES: keyValueList("HARMONIA_SCHEDULES", parseDuration),
  HARMONIA_SOURCE_URLS: keyValueList("HARMONIA_SOURCE_URLS", (raw) => new URL(raw).toString().replace(/\/$/, "")),
  /** Overrides every source's minimum gap between requests to one host (e.g. "0ms" against a local test server). */
  HARMONIA_REQUEST_GAP: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return null;
      try {
        return parseDuration(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Comma-separated origins allowed to be on loopback/private addresses (a test's local server); never in production. */
  HARMONIA_ALLOW_PRIVATE_FETCH: z
    .string()
    .default("")
    .transform((text, ctx) =>
      text
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => {
          try {
            return new URL(o).origin;
          } catch {
            ctx.addIssue({ code: "custom", message: `HARMONIA_ALLOW_PRIVATE_FETCH: "${o}" is not an origin like http://127.0.0.1:8080` });
            return z.NEVER;
          }
        }),
    ),
  HARMONIA_SCHEDULER: booleanFlag.default("true"),
  HARMONIA_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Secrets that sign the session cookie, comma-separated: the first signs, all verify (rotation: put the new
   * one first, drop the old one later). Embedded mode generates one under the data directory when unset.
   */
  HARMONIA_SESSION_SECRETS: z
    .string()
    .default("")
    .transform((text) => text.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((secrets) => secrets.every((s) => s.length >= 32), { message: "every session secret needs at least 32 characters" }),
  /** Largest accepted request body; larger ones get 413. */
  HARMONIA_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
});

export type Config = Omit<z.infer<typeof envSchema>, "HARMONIA_DATA_DIR"> & {
  HARMONIA_DATA_DIR: string;
  userAgent: string;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Validates the environment once; every process entry point calls this first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`).join("\n");
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const config = parsed.data;
  return {
    ...config,
    HARMONIA_DATA_DIR: path.resolve(config.HARMONIA_DATA_DIR),
    userAgent: `Harmonia/0.1 (policy tracker; ${config.HARMONIA_CONTACT})`,
  };
}
