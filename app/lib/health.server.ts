import { sql } from "kysely";
import { pingRedis } from "../../workers/runtime/redis";
import type { Services } from "../../workers/runtime/services";

async function check(probe: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await probe();
    return { ok: true, ms: Math.round(performance.now() - started), error: null as string | null };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

export async function healthReport({ database, redis }: Services) {
  const [db, cache] = await Promise.all([
    check(() => sql`select 1`.execute(database.db)),
    check(() => pingRedis(redis.url, 1500)),
  ]);
  const ok = db.ok && cache.ok;
  return { ok, body: { status: ok ? "ok" : "degraded", database: { dialect: database.dialect, ...db }, redis: { owned: redis.owned, ...cache } } };
}
