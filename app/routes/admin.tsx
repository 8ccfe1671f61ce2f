import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "../lib/admin.server";
import stylesUrl from "../styles/admin.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

/** Account data and one-time passwords are never cached, by the browser or any proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

/** The administration area: administrators only (each child loader and action checks again on its own). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdmin(context.services, request);
  return json({ email: user.email });
}

export default function AdminLayout() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      <nav aria-label="Administration" className="admin-nav">
        <ul>
          <li><NavLink to="/admin" end>Administration</NavLink></li>
          <li><NavLink to="/admin/audit">Audit log</NavLink></li>
          <li><NavLink to="/admin/users">Accounts</NavLink></li>
          <li><NavLink to="/admin/sources">Source runs</NavLink></li>
        </ul>
        <p className="muted">Signed in as {email} (administrator).</p>
      </nav>
      <Outlet />
    </div>
  );
}
