import { execFileSync } from "node:child_process";
import { pingRedis } from "../../workers/runtime/redis";
import { adminPostgresUrl, testDialects } from "../helpers/env";
import pg from "pg";

/** Fails early, with what to do, when a real service the suite needs is missing. Builds the web app once. */
export default async function setup() {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  try {
    await pingRedis(redisUrl);
  } catch (error) {
    throw new Error(`The tests need a real Redis at ${redisUrl} (set REDIS_URL): ${(error as Error).message}`);
  }
  if (testDialects().includes("postgres")) {
    const client = new pg.Client({ connectionString: adminPostgresUrl() });
    try {
      await client.connect();
      await client.end();
    } catch (error) {
      throw new Error(
        `The tests run on PostgreSQL too and need one at ${adminPostgresUrl()} (set HARMONIA_TEST_POSTGRES_URL, ` +
          `or HARMONIA_TEST_DIALECTS=pglite to run the PGlite leg only): ${(error as Error).message}`,
      );
    }
  }
  // Parser-only runs (HARMONIA_TEST_SKIP_BUILD=1 npx vitest run tests/sources/…) need no web build.
  if (process.env.HARMONIA_TEST_SKIP_BUILD === "1") return;
  // vitest sets NODE_ENV=test; the browser tests must see the production bundle users get.
  execFileSync("npx", ["remix", "build"], { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
}
