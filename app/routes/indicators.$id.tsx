import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { DistributionChart } from "../components/DistributionChart";
import { Matrix } from "../components/Matrix";
import { badRequest } from "../lib/http.server";
import { indicatorDetail } from "../lib/indicator.server";
import { indicatorMap } from "../lib/map.server";
import { BadQueryError, readGapQuery } from "../lib/overview.server";
import stylesUrl from "../styles/indicator.css";
import mapStylesUrl from "../styles/map.css";
import { WorldMap } from "../components/WorldMap";
import { GroupFilter } from "../components/GroupFilter";
import { OfficialLink } from "../components/OfficialLink";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "stylesheet", href: mapStylesUrl },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.indicator.id} — Indicators — Harmonia` : "Indicator — Harmonia" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  const id = params.id ?? "";
  try {
    const query = await readGapQuery(db, url);
    const detail = await indicatorDetail(db, id, query);
    if (!detail) throw json({ message: `There is no indicator "${id}". The catalogue at /indicators lists every indicator.` }, { status: 404, statusText: "Not found" });
    const map = await indicatorMap(db, { indicatorId: id, group: query.group, asOf: query.asOf });
    return json({ ...detail, map, search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

export default function IndicatorPage() {
  const { indicator, distribution, matrix, laws, groups, group, query, jurisdictions, search, lastUpdated, sources, map } = useLoaderData<typeof loader>();
  const base = `/indicators/${encodeURIComponent(indicator.id)}`;
  const scope = group ? `the ${group.name} (${group.members} members)` : `the ${jurisdictions} jurisdictions with at least one cited answer`;
  const when = query.asOf ? ` as the law stood on ${query.asOf}` : "";
  const known = distribution.filter((d) => d.value !== "unknown");
  const top = [...known].sort((a, b) => b.count - a.count)[0];
  const unknown = distribution.find((d) => d.value === "unknown")?.count ?? 0;
  return (
    <>
      <p className="breadcrumb"><Link to={`/indicators${search}`}>Indicators</Link> › {indicator.topic_name}</p>
      <h1>{indicator.question}</h1>
      <p>
        <code>{indicator.id}</code> · topic {indicator.topic_name}
        {indicator.is_offence ? " · describes criminal conduct" : ""} · catalogue {indicator.catalogue_version}
      </p>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />

      <section aria-labelledby="definition">
        <h2 id="definition">Definition and answer scale</h2>
        <p>{indicator.definition}</p>
        <table>
          <thead>
            <tr><th scope="col">Answer</th><th scope="col">Means, for this indicator</th></tr>
          </thead>
          <tbody>
            {distribution.map((d) => (
              <tr key={d.value}>
                <th scope="row">{d.label}</th>
                <td>{d.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {indicator.example_laws.length ? <p>Example laws: {indicator.example_laws.join("; ")}.</p> : null}
      </section>

      <section aria-labelledby="distribution">
        <h2 id="distribution">How jurisdictions answer</h2>
        <GroupFilter groups={groups} group={query.group} asOf={query.asOf} />
        <p>
          Across {scope}{when}: {jurisdictions - unknown} of {jurisdictions} have a cited answer
          {top && top.count > 0 ? `; the most common is ${top.label.toLowerCase()} (${top.count}, ${pct(top.share)})` : ""}. {unknown} are unknown: no cited
          answer yet, not a "no".
        </p>
        <figure>
          <figcaption>Jurisdictions by answer</figcaption>
          <DistributionChart id="indicator-distribution" data={distribution} title={`Jurisdictions by answer to ${indicator.id}`} />
        </figure>
        <table>
          <caption className="muted">The numbers behind the chart</caption>
          <thead>
            <tr><th scope="col">Answer</th><th scope="col" className="num">Jurisdictions</th><th scope="col" className="num">Share</th><th scope="col">Which</th></tr>
          </thead>
          <tbody>
            {distribution.map((d) => (
              <tr key={d.value}>
                <th scope="row">{d.label}</th>
                <td className="num">{d.count}</td>
                <td className="num">{pct(d.share)}</td>
                <td className="codes">
                  {d.count > 20 ? (
                    <details>
                      <summary>{d.count} jurisdictions</summary>
                      {d.jurisdiction_codes.join(", ")}
                    </details>
                  ) : (
                    d.jurisdiction_codes.join(", ")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href={`${base}/distribution.csv${search}`} download>Download the distribution as CSV</a> · <a href={`${base}/distribution.json${search}`}>JSON</a>
        </p>
        <h3>Answers by country</h3>
        <WorldMap id="indicator-map" map={map} />
      </section>

      {matrix ? (
        <section aria-labelledby="matrix">
          <h2 id="matrix">Dual-criminality matrix</h2>
          <p>
            Cross-border cooperation (extradition, mutual legal assistance) often requires that the conduct be a crime in both
            jurisdictions. Each cell compares a row with a column: ✗ marks a pair where the conduct is a crime (or partly) in one and
            not in the other. Of the {matrix.pairs.length} pairs below, {matrix.gaps} are such gaps, {matrix.pairCounts.yes} have the
            conduct a crime in both and {matrix.pairCounts.partly} only partly. A pending bill is not yet law, so it counts as not a crime.
          </p>
          {matrix.capped ? (
            <p className="notice">
              {matrix.known} jurisdictions in this scope have a cited answer; the matrix shows the first {matrix.jurisdictions.length} by code
              to stay readable. Choose a smaller group to see others.
            </p>
          ) : null}
          {matrix.jurisdictions.length < 2 ? (
            <p>Fewer than two jurisdictions in this scope have a cited answer: there is no pair to compare yet.</p>
          ) : (
            <Matrix jurisdictions={matrix.jurisdictions} caption={`Is ${indicator.id} a crime in both? Rows and columns: jurisdictions with a cited answer${when}.`} />
          )}
          <p>
            <a href={`${base}/matrix.csv${search}`} download>Download the pairs as CSV</a> · <a href={`${base}/matrix.json${search}`}>JSON</a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="laws">
        <h2 id="laws">Laws cited</h2>
        {laws.length === 0 ? (
          <p>No answer in this scope cites a law yet.</p>
        ) : (
          <>
            <p>
              {laws.length} instruments are cited by the answers in this scope
              {laws[0] && laws[0].jurisdictions.length > 1 ? `; "${laws[0].title}" by the most jurisdictions (${laws[0].jurisdictions.length})` : ""}.
            </p>
            <table>
              <thead>
                <tr><th scope="col">Instrument</th><th scope="col">Official text</th><th scope="col">Cited by</th></tr>
              </thead>
              <tbody>
                {laws.map((l) => (
                  <tr key={l.title}>
                    <th scope="row">{l.title}</th>
                    <td>
                      <ul className="plain">
                        {l.links.map((x) => (
                          <li key={x.url}>
                            <OfficialLink href={x.url}>{x.provisions.length ? x.provisions.join("; ") : x.url}</OfficialLink>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="codes">{l.jurisdictions.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <p>
          <a href={`${base}/laws.csv${search}`} download>Download the laws cited as CSV</a> · <a href={`${base}/laws.json${search}`}>JSON</a>
        </p>
      </section>
    </>
  );
}
