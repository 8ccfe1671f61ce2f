import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { VALUE_LABEL } from "../components/JurisdictionValue";
import { changesPage, readChangeQuery } from "../lib/changes.server";
import { badRequest } from "../lib/http.server";
import { BadQueryError } from "../lib/overview.server";
import type { Value } from "../lib/scoring";
import styles from "../styles/changes.css";
import { OfficialLink } from "../components/OfficialLink";

/** The title, and feed discovery for the page's own filters (meta sees the loader data; links() does not). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Latest changes — Harmonia" },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/changes.atom${data?.feedSearch ?? ""}`, title: "Harmonia — latest changes (Atom)" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readChangeQuery(db, url);
    return json(await changesPage(db, query));
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const LIMITS = [100, 250, 500, 1000];
const label = (v: string | null) => (v ? VALUE_LABEL[v as Value] ?? v : null);

export default function Changes() {
  const { query, rows, filters, recommendationIndicators, feedSearch, search, lastUpdated, sources } = useLoaderData<typeof loader>();
  const firstAnswers = rows.filter((r) => r.old_value === null).length;
  const moved = rows.filter((r) => r.old_value !== null && r.old_value !== r.new_value).length;
  const scope = [
    query.jurisdiction ? `jurisdiction ${query.jurisdiction}` : null,
    query.recommendation ? `the ${recommendationIndicators?.length ?? 0} indicators of recommendation ${query.recommendation}` : null,
    query.indicator ? `indicator ${query.indicator}` : null,
  ].filter(Boolean);
  return (
    <div className="changes-page">
      <h1>Latest changes</h1>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <p>
        Every change to an answer is kept in the history: what it was, what it became, when, on what evidence, and who changed it. This page
        lists the newest first; follow them in a feed reader with the <a href={`/changes.atom${feedSearch}`}>Atom feed</a>.
      </p>
      <Form method="get" className="filters">
        <label>
          Jurisdiction{" "}
          <select name="jurisdiction" defaultValue={query.jurisdiction ?? ""}>
            <option value="">All</option>
            {filters.jurisdictions.map((j) => (
              <option key={j.code} value={j.code}>
                {j.name} ({j.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          Recommendation{" "}
          <select name="recommendation" defaultValue={query.recommendation ?? ""}>
            <option value="">All</option>
            {filters.recommendations.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
                {r.indicators === 0 ? " (no indicators)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label>
          Indicator{" "}
          <select name="indicator" defaultValue={query.indicator ?? ""}>
            <option value="">All</option>
            {filters.indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {i.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rows{" "}
          <select name="limit" defaultValue={String(query.limit)}>
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </Form>

      <section aria-labelledby="list">
        <h2 id="list">Changes, newest first</h2>
        <p>
          {rows.length === 0
            ? `No change is recorded${scope.length ? ` for ${scope.join(" and ")}` : ""}.`
            : `The latest ${rows.length} change${rows.length === 1 ? "" : "s"}${scope.length ? ` for ${scope.join(" and ")}` : ""}: ${firstAnswers} first answer${firstAnswers === 1 ? "" : "s"}, ${moved} changed value${moved === 1 ? "" : "s"}, and ${rows.length - firstAnswers - moved} with the same value and a new rationale, citation or date. The newest was recorded on ${rows[0]!.changed_at.slice(0, 10)}.`}
          {query.recommendation && recommendationIndicators?.length === 0 ? " This recommendation is followed up by other means than indicators, so no answer changes it." : ""}
        </p>
        {rows.length > 0 ? (
          <div className="scroll">
            <table className="changes-table">
              <thead>
                <tr>
                  <th scope="col">Recorded</th>
                  <th scope="col">Jurisdiction</th>
                  <th scope="col">Indicator</th>
                  <th scope="col">Change</th>
                  <th scope="col">As of</th>
                  <th scope="col">Rationale and citation</th>
                  <th scope="col">By, and why</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <time dateTime={r.changed_at}>{r.changed_at.slice(0, 16).replace("T", " ")}</time>
                    </td>
                    <th scope="row">
                      <a href={`/jurisdictions/${encodeURIComponent(r.jurisdiction_code)}`}>{r.jurisdiction_name}</a> <span className="muted">({r.jurisdiction_code})</span>
                    </th>
                    <td>
                      <a href={r.link}>
                        <code>{r.indicator_id}</code>
                      </a>
                    </td>
                    <td className="change">
                      {r.old_value ? (
                        <>
                          {label(r.old_value)} → <strong>{label(r.new_value)}</strong>
                        </>
                      ) : (
                        <>
                          first answer: <strong>{label(r.new_value)}</strong>
                        </>
                      )}
                    </td>
                    <td>
                      <time dateTime={r.as_of}>{r.as_of}</time>
                    </td>
                    <td className="rationale">
                      {r.rationale}
                      {r.citations.map((c, i) => (
                        <div key={i} className="citation">
                          {c.url ? (
                            <OfficialLink href={c.url}>
                              {c.instrumentTitle}
                            </OfficialLink>
                          ) : (
                            c.instrumentTitle
                          )}
                          {c.provision ? `, ${c.provision}` : ""}
                        </div>
                      ))}
                    </td>
                    <td>
                      {r.changed_by}
                      <div className="muted">{r.change_reason}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p className="exports">
          <a href={`/changes/export.csv${search}`} download>
            Download these changes as CSV
          </a>{" "}
          · <a href={`/changes/export.json${search}`}>JSON</a> · <a href={`/changes.atom${feedSearch}`}>Atom feed (latest 100)</a>
        </p>
      </section>
    </div>
  );
}
