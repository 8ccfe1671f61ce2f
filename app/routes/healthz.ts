import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { healthReport } from "../lib/health.server";

/** Liveness of what Harmonia depends on: 200 when all is well, 503 otherwise, JSON either way. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { ok, body } = await healthReport(context.services);
  return json(body, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
