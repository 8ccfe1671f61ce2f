import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Services } from "../../workers/runtime/services";

/** The built Remix app (`remix build` writes it; `npm start` and `npm run web` build first). */
export async function loadBuild(): Promise<ServerBuild> {
  const buildPath = path.resolve("build/index.js");
  try {
    return (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  } catch (error) {
    throw new Error(`Could not load the web build at ${buildPath}: run \`npm run build\` first (${(error as Error).message})`);
  }
}

export function createApp(services: Services, build: ServerBuild): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  // Fingerprinted assets can be cached forever; everything else in public/ for an hour.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, getLoadContext: () => ({ services }) }));
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
