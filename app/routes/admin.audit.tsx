import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { auditPageData } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Audit log — Harmonia" }];

/** Account data and one-time passwords are never cached, by the browser or any proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await auditPageData(context.services, request), { headers: { "cache-control": "no-store" } });
}

const when = (iso: string) => <time dateTime={iso}>{iso.replace("T", " ").slice(0, 19)} UTC</time>;

export default function AuditLog() {
  const { entries, query, search, olderBefore, options } = useLoaderData<typeof loader>();
  const filtered = search !== "";
  const pageLink = (before: number) => `/admin/audit${search ? `${search}&` : "?"}before=${before}`;
  return (
    <>
      <h1>Audit log</h1>
      <p>
        Every write made through Harmonia, newest first: who did it, when, what it was done to, and the details. Entries are appended in the same
        transaction as the change they describe and are never edited.
        {filtered ? " Only entries matching the filters are shown." : null}
      </p>
      <p className="freshness muted">
        {entries[0] ? <>Newest entry shown: {when(entries[0].at)}.</> : <>No entry {filtered || query.before ? "matches" : "yet"}.</>}
      </p>
      <Form method="get" action="/admin/audit" className="filters" aria-label="Filter the audit log">
        <label>
          Actor
          <input type="text" name="actor" list="audit-actors" defaultValue={query.actor ?? ""} placeholder="email or cli:…" />
        </label>
        <datalist id="audit-actors">
          {options.actors.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <label>
          Action
          <select name="action" defaultValue={query.action ?? ""}>
            <option value="">Any action</option>
            {query.action && !options.actions.includes(query.action) ? <option value={query.action}>{query.action}</option> : null}
            {options.actions.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
        {filtered ? <a href="/admin/audit">Clear filters</a> : null}
      </Form>
      <p>
        <a href={`/admin/audit/export.csv${search}`} download>Download {filtered ? "the matching entries" : "the whole log"} as CSV</a> ·{" "}
        <a href={`/admin/audit/export.json${search}`}>JSON</a> <span className="muted">(all pages; columns id, at, actor, action, target, detail)</span>
      </p>
      <section aria-labelledby="entries">
        <h2 id="entries">{query.before ? `Entries older than #${query.before}` : "Latest entries"}</h2>
        {entries.length === 0 ? (
          <p>Nothing to show.</p>
        ) : (
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} id={`entry-${e.id}`}>
                  <th scope="row" className="num">{e.id}</th>
                  <td className="when">{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td><code>{e.action}</code></td>
                  <td>{e.target}</td>
                  <td className="detail">{e.detail === "{}" ? <span className="muted">—</span> : <code>{e.detail}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav className="pager" aria-label="Audit log pages">
          {query.before ? <a href={`/admin/audit${search}`}>Newest entries</a> : null}
          {olderBefore ? <a href={pageLink(olderBefore)} rel="next">Older entries</a> : <span className="muted">End of the log.</span>}
        </nav>
      </section>
    </>
  );
}
