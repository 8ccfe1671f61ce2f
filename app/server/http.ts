import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Services } from "../../workers/runtime/services";
import { remixRequestHandler } from "./remix-handler";

/** The built Remix app (`remix build` writes it; `npm start` and `npm run web` build first). */
export async function loadBuild(): Promise<ServerBuild> {
  const buildPath = path.resolve("build/index.js");
  try {
    return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  } catch (error) {
    throw new Error(`Could not load the web build at ${buildPath}: run \`npm run build\` first (${(error as Error).message})`);
  }
}

/**
 * Refuses oversized request bodies before anything reads them: 413 when the declared length is over the
 * limit, 411 for a body sent without a length (browsers always send one for forms and uploads).
 */
export function bodyLimit(maxBytes: number): express.RequestHandler {
  return (req, res, next) => {
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > maxBytes) {
      res.status(413).type("text/plain").send(`Request body too large: ${declared} bytes, the limit is ${maxBytes}.`);
      return;
    }
    if (declared === undefined && req.headers["transfer-encoding"]) {
      res.status(411).type("text/plain").send("Send a Content-Length with the request body.");
      return;
    }
    next();
  };
}

export function createApp(services: Services, build: ServerBuild): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Behind a TLS proxy, X-Forwarded-Proto decides whether session cookies are Secure.
  app.set("trust proxy", "loopback");
  app.use(bodyLimit(services.config.HARMONIA_MAX_BODY_BYTES));
  app.use(compression());
  // Fingerprinted assets can be cached forever; everything else in public/ for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  // req.ip honours X-Forwarded-For only from a proxy on loopback ("trust proxy" above): clients cannot choose it.
  app.all("*", remixRequestHandler(build, (req) => ({ services, clientAddress: req.ip ?? "unknown" })));
  return app;
}

export async function listen(app: express.Express, port: number, host: string): Promise<http.Server> {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export function serverUrl(server: http.Server, host: string): string {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return `http://${shownHost}:${port}/`;
}
