import { json } from "@remix-run/node";

/** A 400 whose message names the parameter; thrown from loaders and shown by the route's ErrorBoundary. */
export function badRequest(parameter: string, message: string): Response {
  return json({ parameter, message }, { status: 400, statusText: "Bad request" });
}
