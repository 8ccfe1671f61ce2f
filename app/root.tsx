import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
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
              <li><NavLink to="/">Overview</NavLink></li>
              <li><NavLink to="/sources">Sources</NavLink></li>
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
  const detail = isRouteErrorResponse(error) ? String(error.data) : "The page could not be shown. The data is safe; try again or see the Sources page.";
  return (
    <Layout>
      <h1>{title}</h1>
      <p>{detail}</p>
    </Layout>
  );
}
