import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";

export const recordedFeed = fs.readFileSync(
  path.resolve("tests/fixtures/legislation-gov-uk/all-data.feed.sort-published.2015-12-16.atom.xml"),
);

export type Behaviour =
  | "feed"
  | "maintenance"
  | "truncated"
  | "error500"
  /** Sends headers, then never finishes the body. */
  | "timeout"
  /** Redirects to this machine on another port (a port nobody is allowed to reach). */
  | "redirect-loopback"
  | "redirect-metadata"
  | "redirect-private";

const REDIRECT_TARGETS: Partial<Record<Behaviour, string>> = {
  "redirect-loopback": "http://127.0.0.1:9/latest",
  "redirect-metadata": "http://169.254.169.254/latest/meta-data/",
  "redirect-private": "http://10.0.0.1/admin",
};

/**
 * A local stand-in for legislation.gov.uk that serves the recorded Atom feed on every path, or misbehaves
 * on demand. The maintenance page is hand-written (no recording of one exists) and says so in its markup.
 */
export async function startFeedServer() {
  let behaviour: Behaviour = "feed";
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (req.url === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      return;
    }
    switch (behaviour) {
      case "feed":
        res.writeHead(200, { "content-type": "application/atom+xml; charset=utf-8" }).end(recordedFeed);
        return;
      case "maintenance":
        res
          .writeHead(200, { "content-type": "text/html" })
          .end("<!-- hand-written test page, not a recording --><html><head><title>Service unavailable</title></head><body><h1>We are currently carrying out maintenance</h1></body></html>");
        return;
      case "truncated":
        res.writeHead(200, { "content-type": "application/atom+xml" }).end(recordedFeed.subarray(0, Math.floor(recordedFeed.length / 2)));
        return;
      case "error500":
        res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
        return;
      case "timeout":
        res.writeHead(200, { "content-type": "application/atom+xml" });
        res.write(recordedFeed.subarray(0, 100));
        return;
      default:
        res.writeHead(302, { location: REDIRECT_TARGETS[behaviour]! }).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBehaviour(b: Behaviour) {
      behaviour = b;
    },
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
