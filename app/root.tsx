import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { accountSummary } from "./lib/account.server";
import type { ReactNode } from "react";
import stylesUrl from "./styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  // No favicon file: an empty data URL stops browsers asking for /favicon.ico.
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction = () => [
  { title: "Harmonia — AI-CSAM, platform duties and trafficking law tracker" },
  { name: "description", content: "Where jurisdictions stand on AI-generated CSAM, platform duties and technology-facilitated trafficking, with citations." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json({ account: await accountSummary(context.services, request) });
}

function AccountNav() {
  const data = useRouteLoaderData<typeof loader>("root");
  const account = data?.account;
  if (!account) return <li><NavLink to="/login">Sign in</NavLink></li>;
  return (
    <>
      <li><NavLink to="/review">Review</NavLink></li>
      {account.role === "admin" ? <li><NavLink to="/admin">Admin</NavLink></li> : null}
      <li>
        <Form method="post" action="/logout" className="inline">
          <input type="hidden" name="csrf" value={account.csrf} />
          <button type="submit" className="link">Sign out {account.email}</button>
        </Form>
      </li>
    </>
  );
}

function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip" href="#main">Skip to content</a>
        <header className="site">
          <a className="brand" href="/">Harmonia</a>
          <nav aria-label="Main">
            <ul>
              <li><NavLink to="/" end>Overview</NavLink></li>
              <li><NavLink to="/jurisdictions">Jurisdictions</NavLink></li>
              <li><NavLink to="/compare">Compare</NavLink></li>
              <li><NavLink to="/indicators">Indicators</NavLink></li>
              <li><NavLink to="/recommendations">Recommendations</NavLink></li>
              <li><NavLink to="/instruments">Instruments</NavLink></li>
              <li><NavLink to="/map">Map</NavLink></li>
              <li><NavLink to="/changes">Changes</NavLink></li>
              <li><NavLink to="/sources">Sources</NavLink></li>
              <li><NavLink to="/methodology">Methodology</NavLink></li>
              <AccountNav />
              <li><a href="/healthz">Health</a></li>
            </ul>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site">
          Harmonia tracks law, not opinions: every answer shows its citation. Data from official public sources; see <a href="/sources">Sources</a>.
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Layout>
      <Outlet />
    </Layout>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : "Something went wrong";
  const data: unknown = isRouteErrorResponse(error) ? error.data : null;
  const detail =
    data && typeof data === "object" && "message" in data
      ? String(data.message)
      : isRouteErrorResponse(error)
        ? String(error.data)
        : "The page could not be shown. The data is safe; try again or see the Sources page.";
  return (
    <Layout>
      <h1>{title}</h1>
      <p>{detail}</p>
    </Layout>
  );
}
