import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import robotsParser from "robots-parser";
import { Agent, request } from "undici";

/**
 * The only way Harmonia reaches the network. Polite (User-Agent with contact, robots.txt, a minimum gap
 * per host, timeouts, a body-size cap, conditional GET) and safe (redirects followed by hand, every hop
 * and every resolved address checked against loopback, private and link-local ranges).
 */

export class FetchError extends Error {
  constructor(
    readonly code:
      | "blocked_address"
      | "robots_disallowed"
      | "too_many_redirects"
      | "body_too_large"
      | "timeout"
      | "http_status"
      | "network",
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = "FetchError";
  }

  /** Errors that a retry cannot fix. */
  get permanent(): boolean {
    return (
      this.code === "blocked_address" ||
      this.code === "robots_disallowed" ||
      this.code === "too_many_redirects" ||
      this.code === "body_too_large" ||
      (this.code === "http_status" && this.httpStatus !== null && this.httpStatus >= 400 && this.httpStatus < 500 && this.httpStatus !== 429)
    );
  }
}

export interface FetchOptions {
  userAgent: string;
  timeoutMs: number;
  maxBodyBytes: number;
  minDelayMs: number;
  /**
   * Origins (scheme://host:port) that may resolve to a loopback or private address: a test's own local
   * server. Every other origin — including a redirect target on another local port — is checked.
   */
  allowPrivateOrigins: readonly string[];
  /** Validators from the last snapshot of this URL, for conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  maxRedirects?: number;
  /** Extra request headers (an API key); sent to the first origin only, never across a redirect to another origin. */
  headers?: Record<string, string>;
}

export interface FetchResult {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  body: Uint8Array;
  notModified: boolean;
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === "unicast";
}

function blocked(host: string, address: string): FetchError {
  return new FetchError(
    "blocked_address",
    `Refused to fetch ${host}: it resolves to ${address}, a loopback, private or link-local address`,
  );
}

/** Checked at connect time, so a DNS answer cannot change between the check and the connection. */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(blocked(hostname, bad.address), "", 4);
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
};

const publicAgent = new Agent({ connect: { lookup: guardedLookup } });
const permissiveAgent = new Agent();

const lastRequestAt = new Map<string, number>();

/** Spaces out requests to one host (per process; BullMQ's limiter bounds the whole cluster). */
async function waitForTurn(host: string, minDelayMs: number): Promise<void> {
  const now = Date.now();
  const next = Math.max(now, (lastRequestAt.get(host) ?? 0) + minDelayMs);
  lastRequestAt.set(host, next);
  if (next > now) await new Promise((r) => setTimeout(r, next - now));
}

const TIMEOUT_ERRORS = new Set(["TimeoutError", "HeadersTimeoutError", "BodyTimeoutError", "AbortError"]);

async function readCapped(body: AsyncIterable<Uint8Array> & { destroy(): void }, max: number, url: string, timeoutMs?: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > max) {
        body.destroy();
        throw new FetchError("body_too_large", `${url} sent more than ${max} bytes; refused`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A server that sends headers and then stalls: say so rather than "operation aborted".
    if (TIMEOUT_ERRORS.has((error as Error).name)) {
      throw new FetchError("timeout", `${url} did not answer within ${timeoutMs} ms (the body stopped after ${size} bytes)`);
    }
    throw error;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function headerRecord(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

async function requestOnce(url: URL, options: FetchOptions, extraHeaders: Record<string, string>) {
  const allowPrivate = options.allowPrivateOrigins.includes(url.origin);
  if (!allowPrivate && net.isIP(url.hostname.replace(/^\[|\]$/g, "")) && !isPublicAddress(url.hostname.replace(/^\[|\]$/g, ""))) {
    throw blocked(url.hostname, url.hostname);
  }
  await waitForTurn(url.host, options.minDelayMs);
  try {
    return await request(url, {
      method: "GET",
      dispatcher: allowPrivate ? permissiveAgent : publicAgent,
      headers: { "user-agent": options.userAgent, accept: "*/*", ...extraHeaders },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    if (error instanceof FetchError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof FetchError) throw cause;
    const name = (error as Error).name;
    if (TIMEOUT_ERRORS.has(name)) {
      throw new FetchError("timeout", `${url} did not answer within ${options.timeoutMs} ms`);
    }
    throw new FetchError("network", `${url}: ${(error as Error).message}`);
  }
}

const robotsCache = new Map<string, { isAllowed(url: string, ua?: string): boolean | undefined }>();

/**
 * RFC 9309: a robots.txt answering 4xx allows everything; 5xx means "assume disallowed" (not cached, so a
 * later run asks again). Network errors propagate: the run then reports the real cause.
 */
async function robotsAllow(url: URL, options: FetchOptions): Promise<boolean> {
  let robots = robotsCache.get(url.origin);
  if (!robots) {
    const robotsUrl = new URL("/robots.txt", url.origin);
    const res = await requestOnce(robotsUrl, options, {});
    const body = await readCapped(res.body, 512 * 1024, robotsUrl.toString());
    if (res.statusCode >= 500) {
      throw new FetchError("http_status", `${robotsUrl} answered HTTP ${res.statusCode}; RFC 9309 says to assume the site is disallowed until it answers`, res.statusCode);
    }
    robots = robotsParser(robotsUrl.toString(), res.statusCode === 200 ? Buffer.from(body).toString("utf8") : "");
    robotsCache.set(url.origin, robots);
  }
  return robots.isAllowed(url.toString(), options.userAgent) !== false;
}

export async function politeFetch(target: string, options: FetchOptions): Promise<FetchResult> {
  let url = new URL(target);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new FetchError("blocked_address", `Only http and https URLs are fetched, not ${url.protocol}`);
  }
  if (!(await robotsAllow(url, options))) {
    throw new FetchError("robots_disallowed", `${url} is disallowed for Harmonia by the site's robots.txt`);
  }
  const conditional: Record<string, string> = {};
  if (options.etag) conditional["if-none-match"] = options.etag;
  if (options.lastModified) conditional["if-modified-since"] = options.lastModified;

  const origin = url.origin;
  const maxRedirects = options.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    const res = await requestOnce(url, options, url.origin === origin ? { ...options.headers, ...conditional } : conditional);
    const headers = headerRecord(res.headers);
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
      await res.body.dump();
      const location = headers.location;
      if (!location) throw new FetchError("http_status", `${url} answered ${res.statusCode} without a Location`, res.statusCode);
      if (hop >= maxRedirects) throw new FetchError("too_many_redirects", `${target}: more than ${maxRedirects} redirects`);
      url = new URL(location, url);
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new FetchError("blocked_address", `${target} redirected to a ${url.protocol} URL; refused`);
      }
      continue;
    }
    if (res.statusCode === 304) {
      await res.body.dump();
      return { url: url.toString(), status: 304, headers, contentType: headers["content-type"] ?? null, body: new Uint8Array(), notModified: true };
    }
    if (res.statusCode >= 400) {
      await res.body.dump();
      throw new FetchError("http_status", `${url} answered HTTP ${res.statusCode}`, res.statusCode);
    }
    const declared = Number(headers["content-length"]);
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
      res.body.destroy();
      throw new FetchError("body_too_large", `${url} announces ${declared} bytes, over the ${options.maxBodyBytes}-byte cap`);
    }
    const body = await readCapped(res.body, options.maxBodyBytes, url.toString(), options.timeoutMs);
    if (Number.isFinite(declared) && body.byteLength < declared) {
      throw new FetchError("network", `${url}: body truncated (${body.byteLength} of ${declared} bytes)`);
    }
    return { url: url.toString(), status: res.statusCode, headers, contentType: headers["content-type"] ?? null, body, notModified: false };
  }
}
