import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { politeFetch } from "../../workers/fetcher";

/**
 * Server-side request forgery: a source (or anyone who can make a source answer) must not be able to steer
 * the fetcher to this machine, the private network or the cloud metadata service by redirecting.
 * tests/workers/pipeline.test.ts ("a redirect-loopback / redirect-metadata / redirect-private response is
 * recorded as failed and loses no data") covers the same refusals through a whole source run; here
 * politeFetch is called directly.
 *
 * The redirecting server is on 127.0.0.1 and explicitly allowed (allowPrivateOrigins = [that server], as
 * tests do); every other origin — including another port on 127.0.0.1 — must be refused.
 */
describe("the fetcher refuses redirects to private addresses", () => {
  let redirector: http.Server;
  let origin: string;
  let bystander: http.Server;
  let bystanderOrigin: string;
  let bystanderHits = 0;

  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    // A local service that must never be reached through the fetcher (stands in for an internal admin API).
    bystander = http.createServer((_req, res) => {
      bystanderHits++;
      res.end("internal secret");
    });
    bystanderOrigin = await listen(bystander);
    const targets: Record<string, string> = {
      "/to-loopback": `${bystanderOrigin}/internal`,
      "/to-localhost": `${bystanderOrigin.replace("127.0.0.1", "localhost")}/internal`,
      "/to-private": "http://10.0.0.1/admin",
      "/to-metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
      "/to-ipv6-loopback": `http://[::1]:${new URL(bystanderOrigin).port}/internal`,
      "/to-mapped": `http://[::ffff:127.0.0.1]:${new URL(bystanderOrigin).port}/internal`,
      "/to-decimal": `http://2130706433:${new URL(bystanderOrigin).port}/internal`,
      "/to-file": "file:///etc/passwd",
      "/twice": "/to-metadata",
    };
    redirector = http.createServer((req, res) => {
      if (req.url === "/robots.txt") return res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      if (req.url === "/ok") return res.writeHead(200, { "content-type": "text/plain" }).end("public page");
      const location = targets[req.url ?? ""];
      if (!location) return res.writeHead(404).end();
      res.writeHead(302, { location }).end();
    });
    origin = await listen(redirector);
  });

  afterAll(async () => {
    for (const server of [redirector, bystander]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  const options = () => ({ userAgent: "Harmonia security test", timeoutMs: 3000, maxBodyBytes: 100_000, minDelayMs: 0, allowPrivateOrigins: [origin] });

  it("fetches from the allowed test server itself (the control)", async () => {
    const result = await politeFetch(`${origin}/ok`, options());
    expect(result.status).toBe(200);
    expect(Buffer.from(result.body).toString()).toBe("public page");
  });

  it.each([
    ["/to-loopback", /Refused to fetch 127\.0\.0\.1/],
    ["/to-localhost", /Refused to fetch localhost/],
    ["/to-private", /Refused to fetch 10\.0\.0\.1/],
    ["/to-metadata", /Refused to fetch 169\.254\.169\.254/],
    ["/to-ipv6-loopback", /Refused to fetch \[?::1\]?/],
    ["/to-mapped", /Refused to fetch/],
    ["/to-decimal", /Refused to fetch 127\.0\.0\.1/],
    ["/twice", /Refused to fetch 169\.254\.169\.254/],
  ])("a redirect %s is refused before any connection is made", async (path, message) => {
    const hitsBefore = bystanderHits;
    await expect(politeFetch(`${origin}${path}`, options())).rejects.toMatchObject({ code: "blocked_address", message: expect.stringMatching(message) });
    expect(bystanderHits).toBe(hitsBefore);
  });

  it("a redirect to a file: URL is refused", async () => {
    await expect(politeFetch(`${origin}/to-file`, options())).rejects.toMatchObject({ code: "blocked_address", message: expect.stringMatching(/file:/) });
  });

  it("without the test's allowance the redirecting server itself (on 127.0.0.1) is refused", async () => {
    await expect(politeFetch(`${origin}/ok`, { ...options(), allowPrivateOrigins: [] })).rejects.toMatchObject({ code: "blocked_address" });
  });
});
