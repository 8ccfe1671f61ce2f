// Not re-exported by the package index; the same function the stock handler uses (the package has no "exports" map).
import { createRemixRequest } from "@remix-run/express/dist/server";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type express from "express";

/**
 * Remix's Express request handler, with one change: the response body is written only as fast as the client
 * reads it. The stock adapter (`@remix-run/express` sendRemixResponse) ignores `write()`'s return value, so a
 * slow or stalled download makes the server keep pulling rows into memory; streamed exports must stay flat.
 */
export function remixRequestHandler(build: ServerBuild, getLoadContext: (req: express.Request) => AppLoadContext): express.RequestHandler {
  const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const response = await handleRequest(createRemixRequest(req, res), getLoadContext(req));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

export async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!response.body) {
    res.end();
    return;
  }
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();

  const reader = response.body.getReader();
  let clientGone = false;
  let resume: (() => void) | null = null;
  // One listener each for the whole response: compression proxies 'drain' to its own stream, where
  // per-wait once() listeners would never be removed.
  const onDrain = () => resume?.();
  const onClose = () => {
    clientGone = true;
    resume?.();
    // Stops the producer (a database cursor for exports) when the client hangs up.
    reader.cancel().catch(() => {});
  };
  res.on("drain", onDrain);
  res.on("close", onClose);
  // compression() adds flush(): send each chunk now rather than when the gzip buffer fills (streamed pages).
  const flush = (res as express.Response & { flush?: () => void }).flush?.bind(res);
  try {
    while (!clientGone) {
      const { done, value } = await reader.read();
      if (done || clientGone) break;
      const accepted = res.write(value);
      flush?.();
      if (!accepted && !clientGone) {
        await new Promise<void>((resolve) => (resume = resolve));
        resume = null;
      }
    }
    if (!clientGone) res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}
