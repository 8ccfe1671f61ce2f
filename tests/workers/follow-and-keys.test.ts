import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { source as legiscan } from "../../sources/legiscan";
import { runSourceNow, type PipelineContext } from "../../workers/pipeline";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { dialects, freshDatabase, type TestDatabase } from "../helpers/db";

/**
 * LegiScan end to end against a local stand-in: a search payload yields follow records to getBill, the
 * pipeline fetches them in the same run, and the API key travels only on the wire. The payloads are the
 * fixtures of tests/fixtures/legiscan (documented format; see its PROVENANCE.md).
 */
const search = fs.readFileSync(path.resolve("tests/fixtures/legiscan/getSearch-child-pornography.from-docs.json"));
const bill = fs.readFileSync(path.resolve("tests/fixtures/legiscan/getBill-MS-2011X1-HB1.from-docs.json"));
const KEY = "test-key-0123456789";

describe.each(dialects)("follow records and API keys on %s", (dialect) => {
  let t: TestDatabase;
  let server: http.Server;
  let origin: string;
  const seen: { op: string | null; key: string | null }[] = [];

  beforeAll(async () => {
    t = await freshDatabase(dialect);
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://local");
      if (url.pathname === "/robots.txt") return void res.writeHead(404).end();
      seen.push({ op: url.searchParams.get("op"), key: url.searchParams.get("key") });
      if (url.searchParams.get("key") !== KEY) return void res.writeHead(401).end();
      res.writeHead(200, { "content-type": "application/json" }).end(url.searchParams.get("op") === "getSearch" ? search : bill);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  // Each test counts the requests of its own run only.
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await t?.drop();
  });

  const context = (): PipelineContext => ({
    db: t.handle.db,
    config: loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      HARMONIA_SOURCE_URLS: `legiscan=${origin}/`,
      HARMONIA_ALLOW_PRIVATE_FETCH: origin,
      HARMONIA_REQUEST_GAP: "0ms",
    }),
    log: createLogger("silent"),
  });

  it("fetches the followed bills in the same run and stores no key", async () => {
    process.env.LEGISCAN_API_KEY = KEY;
    try {
      const { run, processed } = await runSourceNow(context(), legiscan, "manual");
      expect(run.error).toBeNull();
      expect(run.status).toBe("ok");
      const searches = seen.filter((s) => s.op === "getSearch").length;
      expect(searches).toBe(legiscan.manifest.endpoints.length);
      // Every search answers with the same payload: its two on-topic hits are followed once each.
      expect(seen.filter((s) => s.op === "getBill")).toHaveLength(2);
      expect(processed!.records.filter((r) => r.type === "instrument").map((r) => r.type === "instrument" && r.jurisdictionCode)).toContain("US-MS");

      const snapshots = await t.handle.db.selectFrom("snapshot").select(["url"]).where("source_id", "=", "legiscan").execute();
      expect(snapshots.some((s) => s.url.includes("op=getBill"))).toBe(true);
      for (const s of snapshots) {
        expect(s.url.startsWith(origin)).toBe(true);
        expect(s.url).not.toContain(KEY);
      }
    } finally {
      delete process.env.LEGISCAN_API_KEY;
    }
  });

  it("a refused key is reported without the key in the message", async () => {
    process.env.LEGISCAN_API_KEY = "wrong-key-987654";
    try {
      const { run } = await runSourceNow(context(), legiscan, "manual");
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/HTTP 401/);
      expect(run.error).not.toContain("wrong-key-987654");
      expect(run.error).toContain("key=***");
    } finally {
      delete process.env.LEGISCAN_API_KEY;
    }
  });
});
