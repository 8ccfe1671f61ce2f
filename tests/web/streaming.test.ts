import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sendRemixResponse } from "@remix-run/express/dist/server";
import compression from "compression";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { csvResponse, type CsvRow } from "../../app/lib/csv.server";
import { sendResponse } from "../../app/server/remix-handler";

/**
 * Streamed exports keep constant memory only if the server stops producing rows while the client is not reading.
 * The rows here are generated counters and random hex (this is about the HTTP layer, not about any data): 200,000
 * rows of ~500 bytes, ~100 MB in all and ~50 MB gzipped, far more than the socket buffers between a paused client and
 * the server can hold.
 */
const TOTAL = 200_000;

interface Producer {
  rows: Iterable<CsvRow>;
  produced: () => number;
  finished: () => boolean;
}

function countingRows(): Producer {
  let produced = 0;
  let finished = false;
  function* rows(): Generator<CsvRow> {
    try {
      for (let n = 0; n < TOTAL; n++) {
        produced++;
        yield { n, padding: randomBytes(240).toString("hex") };
      }
    } finally {
      finished = true;
    }
  }
  return { rows: rows(), produced: () => produced, finished: () => finished };
}

let server: http.Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** An app like Harmonia's (compression in front) whose one route streams `producer` through `send`. */
async function serve(producer: Producer, send: (res: express.Response, response: Response) => Promise<void>): Promise<string> {
  const app = express();
  app.use(compression());
  app.get("/rows.csv", (_req, res, next) => {
    send(res, csvResponse("rows.csv", ["n", "padding"], producer.rows)).catch(next);
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/rows.csv`;
}

/** Reads the first chunk, stops reading, and returns once the producer has stood still for half a second. */
async function pauseAfterFirstChunk(url: string, encoding: string, producer: Producer): Promise<http.ClientRequest> {
  const req = http.get(url, { headers: { "accept-encoding": encoding } });
  await new Promise<void>((resolve, reject) => {
    req.on("error", reject);
    req.on("response", (res) => res.once("data", () => (res.pause(), resolve())));
  });
  let last = -1;
  while (producer.produced() !== last && producer.produced() < TOTAL) {
    last = producer.produced();
    await new Promise((r) => setTimeout(r, 500));
  }
  return req;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe("streamed responses honour backpressure", () => {
  for (const encoding of ["identity", "gzip"]) {
    it(`a client that stops reading stops the rows being produced (${encoding}); hanging up ends the producer`, async () => {
      const producer = countingRows();
      const req = await pauseAfterFirstChunk(await serve(producer, sendResponse), encoding, producer);
      // Only what fits in the socket buffers: a small share of the export.
      expect(producer.produced()).toBeGreaterThan(0);
      expect(producer.produced()).toBeLessThan(TOTAL / 4);
      req.destroy();
      await until(producer.finished);
      expect(producer.finished()).toBe(true);
      expect(producer.produced()).toBeLessThan(TOTAL / 4);
    });
  }

  it("a client that reads gets every row", async () => {
    const producer = countingRows();
    const url = await serve(producer, sendResponse);
    const lines = await new Promise<number>((resolve, reject) => {
      http.get(url, { headers: { "accept-encoding": "identity" } }, (res) => {
        let count = 0;
        res.on("data", (chunk: Buffer) => (count += chunk.toString("latin1").split("\n").length - 1));
        res.on("end", () => resolve(count));
        res.on("error", reject);
      });
    });
    expect(lines).toBe(TOTAL + 1);
    expect(producer.finished()).toBe(true);
  });

  // Why app/server/remix-handler.ts exists. If this starts failing, the stock adapter has learnt backpressure and
  // Harmonia can go back to it.
  it("control: the stock Remix Express adapter produces the whole export for a client that is not reading", async () => {
    const producer = countingRows();
    const req = await pauseAfterFirstChunk(await serve(producer, sendRemixResponse), "identity", producer);
    expect(producer.produced()).toBe(TOTAL);
    req.destroy();
  });
});
