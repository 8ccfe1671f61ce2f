/** Which database dialects the suite runs on: both unless HARMONIA_TEST_DIALECTS narrows it. */
export function testDialects(): Array<"pglite" | "postgres"> {
  const wanted = (process.env.HARMONIA_TEST_DIALECTS ?? "pglite,postgres").split(",").map((s) => s.trim());
  return (["pglite", "postgres"] as const).filter((d) => wanted.includes(d));
}

export function adminPostgresUrl(): string {
  return process.env.HARMONIA_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}
