import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { VALUES, VALUE_LABEL } from "../components/DistributionChart";
import { badRequest } from "../lib/http.server";
import { indicatorCatalogue } from "../lib/indicator.server";
import { BadQueryError, readGapQuery } from "../lib/overview.server";
import stylesUrl from "../styles/indicator.css";
import { GroupFilter } from "../components/GroupFilter";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

export const meta: MetaFunction = () => [{ title: "Indicators — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readGapQuery(db, url);
    return json({ ...(await indicatorCatalogue(db, query)), search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

export default function Indicators() {
  const { topics, groups, group, query, jurisdictions, search, lastUpdated, sources } = useLoaderData<typeof loader>();
  const all = topics.flatMap((t) => t.indicators);
  const answered = all.map((i) => ({ i, known: jurisdictions - i.counts.unknown })).sort((a, b) => b.known - a.known);
  const most = answered[0];
  const scope = group ? `the ${group.name} (${group.members} members)` : `the ${jurisdictions} jurisdictions with at least one cited answer`;
  const keep = (path: string) => `${path}${search}`;
  return (
    <>
      <h1>Indicators</h1>
      <p>
        Each indicator is one precise legal question asked of every jurisdiction. Counts show how many jurisdictions in {scope}
        {query.asOf ? `, as the law stood on ${query.asOf},` : ""} give each answer; unknown means no cited answer yet, never a "no".{" "}
        {most && most.known > 0
          ? `The most answered indicator is "${most.i.question}" (${most.known} of ${jurisdictions}). ${all.filter((i) => i.is_offence).length} of ${all.length} indicators describe criminal conduct and have a dual-criminality matrix.`
          : "No indicator has a cited answer in this scope yet."}
      </p>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <GroupFilter groups={groups} group={query.group} asOf={query.asOf} />
      <p>
        <a href={keep("/indicators.csv")} download>Download the catalogue with counts as CSV</a> · <a href={keep("/indicators.json")}>JSON</a> ·{" "}
        <a href="/methodology#indicators">Definitions and answer scales</a>
      </p>
      {topics.map((t) => (
        <section key={t.id} aria-labelledby={`topic-${t.id}`}>
          <h2 id={`topic-${t.id}`}>{t.name}</h2>
          <p className="muted">{t.description}</p>
          <table className="catalogue">
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                {VALUES.map((v) => (
                  <th key={v} scope="col" className="num">{VALUE_LABEL[v]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={keep(`/indicators/${encodeURIComponent(i.id)}`)}>{i.question}</Link>
                    <br />
                    <code>{i.id}</code>
                    {i.is_offence ? <span className="tag">offence</span> : null}
                  </th>
                  {VALUES.map((v) => (
                    <td key={v} className="num">{i.counts[v]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
