import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { VALUE_LABEL } from "../components/JurisdictionValue";
import { changesPage, readChangeQuery } from "../lib/changes.server";
import { badRequest } from "../lib/http.server";
import { BadQueryError } from "../lib/overview.server";
import type { Value } from "../../domain/alignment";
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
  const law = query.list === "law";
  const scope = [
    query.jurisdiction ? `jurisdiction ${query.jurisdiction}` : null,
    query.recommendation ? `the ${recommendationIndicators?.length ?? 0} indicators of recommendation ${query.recommendation}` : null,
    query.indicator ? `indicator ${query.indicator}` : null,
  ].filter(Boolean);
  return (
    <div className="changes-page">
      <h1>{law ? "Changes in the law" : "Corrections of Harmonia's record"}</h1>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <p>
        Two lists, kept apart. <strong>Changes in the law</strong> are the legal positions that took effect on an established date, newest
        effective date first, whenever Harmonia recorded them. <strong>Corrections of the record</strong> are the times Harmonia fixed what it
        had recorded (a value, a citation or a date), newest first. Loading an answer for the first time is neither. Follow either in a feed
        reader with the <a href={`/changes.atom${feedSearch}`}>Atom feed</a>.
      </p>
      <nav aria-label="Which list" className="tabs">
        <a href={`/changes${law ? "" : search.replace(/([?&])list=record&?/, "$1").replace(/[?&]$/, "")}`} aria-current={law ? "page" : undefined}>Changes in the law</a>{" · "}
        <a href={`/changes?list=record${query.jurisdiction ? `&jurisdiction=${encodeURIComponent(query.jurisdiction)}` : ""}`} aria-current={law ? undefined : "page"}>Corrections of the record</a>
      </nav>
      <Form method="get" className="filters">
        <input type="hidden" name="list" value={query.list} />
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
        <h2 id="list">{law ? "Newest effective date first" : "Newest correction first"}</h2>
        <p>
          {rows.length === 0
            ? `${law ? "No dated change in the law is recorded" : "No correction is recorded"}${scope.length ? ` for ${scope.join(" and ")}` : ""}.`
            : law
              ? `The latest ${rows.length} legal position${rows.length === 1 ? "" : "s"} to take effect${scope.length ? ` for ${scope.join(" and ")}` : ""}; the newest took effect on ${rows[0]!.effective_from}.`
              : `The latest ${rows.length} correction${rows.length === 1 ? "" : "s"}${scope.length ? ` for ${scope.join(" and ")}` : ""}; the newest was recorded on ${rows[0]!.changed_at.slice(0, 10)}.`}
          {query.recommendation && recommendationIndicators?.length === 0 ? " This recommendation is followed up by other means than indicators, so no answer changes it." : ""}
        </p>
        {rows.length > 0 ? (
          <div className="scroll">
            <table className="changes-table">
              <thead>
                <tr>
                  <th scope="col">{law ? "In effect from" : "Recorded"}</th>
                  <th scope="col">Jurisdiction</th>
                  <th scope="col">Indicator</th>
                  <th scope="col">{law ? "Answer" : "Change"}</th>
                  <th scope="col">{law ? "Recorded" : "In effect from"}</th>
                  <th scope="col">Rationale and citation</th>
                  <th scope="col">By, and why</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      {law ? (
                        <time dateTime={r.effective_from ?? undefined}>{r.effective_from}</time>
                      ) : (
                        <time dateTime={r.changed_at}>{r.changed_at.slice(0, 16).replace("T", " ")}</time>
                      )}
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
                      {law || !r.old_value ? (
                        <strong>{label(r.new_value)}</strong>
                      ) : (
                        <>
                          {label(r.old_value)} → <strong>{label(r.new_value)}</strong>
                        </>
                      )}
                      {r.effective_basis ? <div className="muted">{r.effective_basis}</div> : null}
                    </td>
                    <td>
                      {law ? (
                        <time dateTime={r.changed_at}>{r.changed_at.slice(0, 10)}</time>
                      ) : (
                        <time dateTime={r.effective_from ?? undefined}>{r.effective_from ?? "not established"}</time>
                      )}
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
