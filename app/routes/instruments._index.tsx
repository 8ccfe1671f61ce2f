import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { badRequest } from "../lib/http.server";
import { instrumentsPage, readInstrumentQuery } from "../lib/instruments.server";
import { BadQueryError } from "../lib/overview.server";
import stylesUrl from "../styles/instruments.css";
import { OfficialLink } from "../components/OfficialLink";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

export const meta: MetaFunction = () => [{ title: "Instruments — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    return json(await instrumentsPage(db, await readInstrumentQuery(db, url)));
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

const STAGE_LABEL: Record<string, string> = { passed_chamber: "passed a chamber", in_force: "in force" };
const stageLabel = (s: string) => STAGE_LABEL[s] ?? s;

export default function Instruments() {
  const { rows, total, pages, pageSize, query, jurisdictions, topics, stages, sources, lastUpdated, search } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `/instruments${search ? `${search}&` : "?"}page=${page}`;
  const firstRow = total === 0 ? 0 : (query.page - 1) * pageSize + 1;
  const lastRow = Math.min(query.page * pageSize, total);
  const filtered = search !== "";
  return (
    <>
      <h1>Instruments</h1>
      <p>
        Laws, bills, regulations and treaties that the sources have found or that Harmonia's answers cite, newest recorded first,
        each linked to its official text.
        {total === 0
          ? filtered
            ? " No instrument matches these filters."
            : " No instrument has been ingested yet: the sources page shows when each source runs."
          : ` ${total} instrument${total === 1 ? "" : "s"}${filtered ? " match these filters" : " are tracked"}; showing ${firstRow}–${lastRow}.`}
      </p>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <Form method="get" className="filters" aria-label="Filter instruments">
        <label>
          Jurisdiction{" "}
          <select name="jurisdiction" defaultValue={query.jurisdiction ?? ""}>
            <option value="">Any</option>
            {query.jurisdiction && !jurisdictions.some((j) => j.code === query.jurisdiction) ? <option value={query.jurisdiction}>{query.jurisdiction}</option> : null}
            {jurisdictions.map((j) => (
              <option key={j.code} value={j.code}>{j.name} ({j.code})</option>
            ))}
          </select>
        </label>
        <label>
          Topic{" "}
          <select name="topic" defaultValue={query.topic ?? ""}>
            <option value="">Any</option>
            {topics.map((t) => (
              <option key={t.id} value={t.id}>{t.name}</option>
            ))}
            <option value="none">No tracked topic</option>
          </select>
        </label>
        <label>
          Stage{" "}
          <select name="stage" defaultValue={query.stage ?? ""}>
            <option value="">Any</option>
            {stages.map((s) => (
              <option key={s} value={s}>{stageLabel(s)}</option>
            ))}
          </select>
        </label>
        <label>
          Source{" "}
          <select name="source" defaultValue={query.source ?? ""}>
            <option value="">Any</option>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>{s.id === "curated" ? "Cited by Harmonia's answers" : s.name}</option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        <button type="submit">Filter</button>
        {filtered ? <Link to="/instruments">Clear filters</Link> : null}
      </Form>
      <p className="muted">From and to apply to the date enacted or made, else the date introduced.</p>
      <p>
        <a href={`/instruments.csv${search}`} download>Download all {total} as CSV</a> · <a href={`/instruments.json${search}`}>JSON</a>{" "}
        <span className="muted">(every page, same filters)</span>
      </p>
      {rows.length > 0 ? (
        <div className="scroll">
          <table className="instruments">
            <caption className="muted">Page {query.page} of {pages}</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Jurisdiction</th>
                <th scope="col">Kind</th>
                <th scope="col">Stage</th>
                <th scope="col">Introduced</th>
                <th scope="col">Enacted</th>
                <th scope="col">In force</th>
                <th scope="col">Topics</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <OfficialLink href={i.official_url}>{i.title}</OfficialLink>
                    {Object.keys(i.identifiers).length ? (
                      <div className="ids">
                        {Object.entries(i.identifiers).map(([k, v]) => (
                          <span key={k}>{k}: <code>{v}</code></span>
                        ))}
                      </div>
                    ) : null}
                  </th>
                  <td><Link to={`/instruments?jurisdiction=${encodeURIComponent(i.jurisdiction_code)}`}>{i.jurisdiction_code}</Link></td>
                  <td>{i.kind}</td>
                  <td>{stageLabel(i.stage)}</td>
                  <td>{i.introduced_on ?? <span className="muted">—</span>}</td>
                  <td>{i.enacted_on ?? <span className="muted">—</span>}</td>
                  <td>{i.in_force_on ?? <span className="muted">—</span>}</td>
                  <td>{i.topics.length ? i.topics.join(", ") : <span className="muted">none</span>}</td>
                  <td>{i.source_id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pages > 1 ? (
        <nav aria-label="Pages" className="pager">
          {query.page > 1 ? <Link to={pageLink(query.page - 1)} rel="prev">← Previous</Link> : <span className="muted">← Previous</span>}
          <span>Page {query.page} of {pages}</span>
          {query.page < pages ? <Link to={pageLink(query.page + 1)} rel="next">Next →</Link> : <span className="muted">Next →</span>}
        </nav>
      ) : null}
    </>
  );
}
