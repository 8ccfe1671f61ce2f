import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { requireAdmin } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Administration — Harmonia" }];

/** Account data and one-time passwords are never cached, by the browser or any proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(context.services, request);
  return json({});
}

export default function AdminIndex() {
  return (
    <>
      <h1>Administration</h1>
      <p>Everything done here is written to the audit log with your account and the time.</p>
      <dl className="admin-index">
        <dt><a href="/admin/audit">Audit log</a></dt>
        <dd>Every write — sign-ins, accounts, source runs, reviews and edits — newest first, filterable, as CSV or JSON.</dd>
        <dt><a href="/admin/users">Accounts</a></dt>
        <dd>Create analyst and administrator accounts; disable an account (it stops working at once) or enable it again.</dd>
        <dt><a href="/admin/sources">Source runs</a></dt>
        <dd>Run a source now instead of waiting for its schedule; see how its last run ended.</dd>
      </dl>
    </>
  );
}
