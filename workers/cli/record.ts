/**
 * npm run record -- <source-id> [--out <dir>]
 *
 * Fetches every endpoint of a source once, politely (the same fetcher, User-Agent, robots.txt and key
 * handling as a scheduled run), and saves each response as a test fixture: the body byte for byte and a
 * `.headers.json` beside it with the URL (without the API key), status, headers and time. Nothing is
 * written to the database. Default folder: tests/fixtures/<source-id>/recorded/.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getSource, UnknownSourceError } from "../../sources/registry";
import { politeFetch } from "../fetcher";
import { endpointUrls, keyedRequest } from "../pipeline";
import { loadConfig } from "../runtime/config";
import { exitOnStartupError } from "../runtime/main";
import { missingKey } from "../scheduler";

const EXTENSIONS: [RegExp, string][] = [
  [/json/, "json"],
  [/xml|atom|rss/, "xml"],
  [/html/, "html"],
  [/csv/, "csv"],
];

function extensionFor(contentType: string | null): string {
  return EXTENSIONS.find(([pattern]) => pattern.test(contentType ?? ""))?.[1] ?? "txt";
}

try {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
  if (positionals.length !== 1) throw new Error("usage: npm run record -- <source-id> [--out <dir>]");
  const source = getSource(positionals[0]!);
  const keyProblem = missingKey(source);
  if (keyProblem) throw new Error(`${source.manifest.id} ${keyProblem}`);
  const config = loadConfig();
  const outDir = path.resolve(values.out ?? path.join("tests/fixtures", source.manifest.id, "recorded"));
  fs.mkdirSync(outDir, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  let saved = 0;
  for (const [index, url] of endpointUrls(source, config).entries()) {
    const name = source.manifest.endpoints[index]!.name;
    const request = keyedRequest(source, url, process.env);
    try {
      const response = await politeFetch(request.url, {
        userAgent: config.userAgent,
        timeoutMs: source.manifest.politeness.timeoutMs,
        maxBodyBytes: source.manifest.politeness.maxBodyBytes,
        minDelayMs: config.HARMONIA_REQUEST_GAP ?? source.manifest.politeness.minDelayMs,
        allowPrivateOrigins: config.HARMONIA_ALLOW_PRIVATE_FETCH,
        headers: request.headers,
      });
      const base = path.join(outDir, `${name}.${day}`);
      fs.writeFileSync(`${base}.${extensionFor(response.contentType)}`, response.body);
      const { "set-cookie": _cookie, ...headers } = response.headers;
      fs.writeFileSync(
        `${base}.headers.json`,
        `${JSON.stringify({ url, answeredBy: request.secret ? response.url.split(request.secret).join("***") : response.url, status: response.status, fetchedAt: new Date().toISOString(), userAgent: config.userAgent, headers }, null, 2)}\n`,
      );
      process.stdout.write(`saved ${name}: ${response.body.byteLength} bytes → ${path.relative(process.cwd(), base)}.*\n`);
      saved++;
    } catch (error) {
      const message = (error as Error).message;
      process.stderr.write(`${name}: ${request.secret ? message.split(request.secret).join("***") : message}\n`);
    }
  }
  process.stdout.write(`${saved} of ${source.manifest.endpoints.length} endpoints recorded in ${outDir}\n`);
  if (saved > 0) {
    process.stdout.write(`Name each new file in tests/fixtures/${source.manifest.id}/MANIFEST.json ("parses" to N records, "refused" with an error, or "describes" for headers): the suite fails until it is.\n`);
  }
  if (saved === 0) process.exitCode = 1;
} catch (error) {
  if (error instanceof UnknownSourceError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  exitOnStartupError(error);
}
