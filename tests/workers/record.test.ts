import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { source as legislationGovUk } from "../../sources/legislation-gov-uk";
import { recordedFeed, startFeedServer } from "../helpers/feed-server";

const run = promisify(execFile);

describe("npm run record -- <source-id>", () => {
  let server: Awaited<ReturnType<typeof startFeedServer>>;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-record-"));

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("saves every endpoint's body byte for byte with its headers", async () => {
    const { stdout } = await run("npx", ["tsx", "workers/cli/record.ts", "legislation-gov-uk", "--out", out], {
      env: { ...process.env, HARMONIA_SOURCE_URLS: `legislation-gov-uk=${server.url}`, HARMONIA_ALLOW_PRIVATE_FETCH: server.url, HARMONIA_REQUEST_GAP: "0ms" },
    });
    const endpoints = legislationGovUk.manifest.endpoints;
    expect(stdout).toContain(`${endpoints.length} of ${endpoints.length} endpoints recorded`);
    const files = fs.readdirSync(out);
    expect(files.filter((f) => f.endsWith(".xml"))).toHaveLength(endpoints.length);
    const first = files.find((f) => f.startsWith(`${endpoints[0]!.name}.`) && f.endsWith(".xml"))!;
    expect(Buffer.compare(fs.readFileSync(path.join(out, first)), recordedFeed)).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(out, first.replace(/\.xml$/, ".headers.json")), "utf8")) as { url: string; status: number; headers: Record<string, string> };
    expect(meta.status).toBe(200);
    expect(meta.url).toBe(`${server.url}${endpoints[0]!.path}`.replace(/ /g, "+"));
    expect(meta.headers["content-type"]).toMatch(/atom/);
  });

  it("an unknown source is a one-line error", async () => {
    await expect(run("npx", ["tsx", "workers/cli/record.ts", "nope"])).rejects.toMatchObject({ stderr: expect.stringMatching(/Unknown source "nope"/) });
  });
});
