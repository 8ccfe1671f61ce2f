import { describe, expect, it } from "vitest";
import { FetchError, isPublicAddress, politeFetch } from "../../workers/fetcher";
import { startFeedServer } from "../helpers/feed-server";

const options = { userAgent: "Harmonia test", timeoutMs: 5000, maxBodyBytes: 1_000_000, minDelayMs: 0, allowPrivateOrigins: [] as string[] };

describe("fetcher safety", () => {
  it.each([
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["192.168.0.1", false],
    ["169.254.169.254", false],
    ["::1", false],
    ["::ffff:127.0.0.1", false],
    ["fd00::1", false],
    ["93.184.215.14", true],
    ["2606:4700::6810:84e5", true],
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("refuses loopback by IP and by name unless a test allows it", async () => {
    const server = await startFeedServer();
    try {
      await expect(politeFetch(`${server.url}/feed`, options)).rejects.toMatchObject({ code: "blocked_address" });
      const byName = server.url.replace("127.0.0.1", "localhost");
      await expect(politeFetch(`${byName}/feed`, options)).rejects.toBeInstanceOf(FetchError);
      expect(server.requests).toBe(0);
      const allowed = await politeFetch(`${server.url}/feed`, { ...options, allowPrivateOrigins: [server.url] });
      expect(allowed.status).toBe(200);
      expect(allowed.body.byteLength).toBeGreaterThan(1000);
    } finally {
      await server.close();
    }
  });

  it("caps the body size", async () => {
    const server = await startFeedServer();
    try {
      await expect(politeFetch(`${server.url}/feed`, { ...options, allowPrivateOrigins: [server.url], maxBodyBytes: 1000 })).rejects.toMatchObject({ code: "body_too_large" });
    } finally {
      await server.close();
    }
  });
});
