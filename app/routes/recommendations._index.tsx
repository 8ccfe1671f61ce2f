import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AlignmentChart } from "../components/AlignmentChart";
import { DataFreshness } from "../components/DataFreshness";
import { badRequest } from "../lib/http.server";
import { BadQueryError, readGapQuery } from "../lib/overview.server";
import { recommendationList } from "../lib/recommendation.server";
import { ALIGNMENTS, ALIGNMENT_LABEL } from "../../domain/alignment";
import stylesUrl from "../styles/recommendation.css";
import { GroupFilter } from "../components/GroupFilter";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesUrl }];

export const meta: MetaFunction = () => [{ title: "Recommendations — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readGapQuery(db, url);
    return json({ ...(await recommendationList(db, query)), search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

const addressee = (a: string) => a.replace(/_/g, " ");

export default function Recommendations() {
  const { recommendations, groups, group, query, jurisdictions, search, lastUpdated, sources } = useLoaderData<typeof loader>();
  const measured = recommendations.filter((r) => r.counts !== null);
  const best = [...measured].sort((a, b) => b.counts!.met - a.counts!.met)[0];
  const scope = group ? `the ${group.name} (${group.members} members)` : `the ${jurisdictions} jurisdictions with at least one cited answer`;
  const chart = measured.map((r) => ({ label: r.title, ...r.counts! }));
  return (
    <>
      <h1>Recommendations</h1>
      <p>
        The actions the OSCE / Bali Process brief and its companion documents ask for, each quoted verbatim with its reference.
        Counts show how many jurisdictions in {scope}
        {query.asOf ? ` (as the law stood on ${query.asOf})` : ""} meet each recommendation, by its indicators and combine rule.{" "}
        {best && best.counts!.met > 0
          ? `The recommendation met by most is "${best.title}" (${best.counts!.met}).`
          : "No recommendation is fully met by any jurisdiction in scope yet."}{" "}
        {recommendations.length - measured.length} of {recommendations.length} are followed up by other means than legal indicators.
      </p>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <GroupFilter groups={groups} group={query.group} asOf={query.asOf} />
      <section aria-labelledby="alignment">
        <h2 id="alignment">Alignment by recommendation</h2>
        <figure>
          <figcaption>Jurisdictions by alignment with each measured recommendation</figcaption>
          <AlignmentChart id="recommendations-alignment" data={chart} title="Jurisdictions by alignment with each measured recommendation" unit="Jurisdictions" />
        </figure>
        <table className="recommendations">
          <caption className="muted">Every recommendation; the chart shows the measured ones</caption>
          <thead>
            <tr>
              <th scope="col">Recommendation</th>
              <th scope="col">Addressed to</th>
              <th scope="col">Rule</th>
              {ALIGNMENTS.map((a) => (
                <th key={a} scope="col" className="num">{ALIGNMENT_LABEL[a]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {recommendations.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/recommendations/${encodeURIComponent(r.id)}${search}`}>{r.title}</Link> <span className="muted">({r.id})</span>
                </th>
                <td>{addressee(r.addressee)}</td>
                <td>{r.counts ? `${r.combine_rule} of ${r.indicators.length}` : <span className="muted">not measured</span>}</td>
                {r.counts ? (
                  ALIGNMENTS.map((a) => <td key={a} className="num">{r.counts![a]}</td>)
                ) : (
                  <td colSpan={ALIGNMENTS.length} className="muted">Followed up by other means (see its page)</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <a href={`/recommendations.csv${search}`} download>Download this table as CSV</a> · <a href={`/recommendations.json${search}`}>JSON</a> ·{" "}
          <a href="/methodology#scoring">How alignment is computed</a>
        </p>
      </section>
    </>
  );
}
