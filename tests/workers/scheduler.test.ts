import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allSources } from "../../sources/registry";
import { openQueues, schedulerId, type Queues } from "../../workers/queues";
import { missingKey, scheduleSources } from "../../workers/scheduler";
import { loadConfig } from "../../workers/runtime/config";
import { createLogger } from "../../workers/runtime/logger";
import { bullConnection } from "../../workers/runtime/redis";
import { testRedisUrl } from "../helpers/env";

const KEYED = allSources.filter((s) => s.manifest.apiKey);

describe("scheduling every registered source on real Redis", () => {
  let queues: Queues;
  const saved = new Map(KEYED.map((s) => [s.manifest.apiKey!.env, process.env[s.manifest.apiKey!.env]]));

  beforeAll(() => {
    for (const env of saved.keys()) delete process.env[env];
    queues = openQueues(bullConnection(testRedisUrl()), `test-${randomBytes(4).toString("hex")}`);
  });
  afterAll(async () => {
    for (const [env, value] of saved) if (value !== undefined) process.env[env] = value;
    await queues.fetch.obliterate({ force: true });
    await queues.close();
  });

  it("the sources that need a key name it", () => {
    expect(KEYED.map((s) => s.manifest.id).sort()).toEqual(["coe-treaties", "congress-gov", "legiscan", "openstates"]);
    for (const s of KEYED) expect(missingKey(s)).toBe(`needs API key (set ${s.manifest.apiKey!.env})`);
  });

  it("schedules the keyless ones and skips the ones without their key, until the key is set", async () => {
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
    const decisions = await scheduleSources(queues, allSources, config, createLogger("silent"));
    for (const d of decisions) {
      const keyed = KEYED.some((s) => s.manifest.id === d.sourceId);
      if (keyed) expect(d.skipped).toMatch(/^needs API key/);
      else expect(d.skipped).toBeNull();
      expect(Boolean(await queues.fetch.getJobScheduler(schedulerId(d.sourceId)))).toBe(!keyed);
    }

    process.env.CONGRESS_GOV_API_KEY = "test-key";
    try {
      const again = await scheduleSources(queues, allSources, config, createLogger("silent"));
      expect(again.find((d) => d.sourceId === "congress-gov")).toMatchObject({ skipped: null, everyMs: 3 * 60 * 60 * 1000 });
      expect(await queues.fetch.getJobScheduler(schedulerId("congress-gov"))).toBeTruthy();
    } finally {
      delete process.env.CONGRESS_GOV_API_KEY;
    }
  });
});
