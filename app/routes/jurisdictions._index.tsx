import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { badRequest } from "../lib/http.server";
import { VALUES, VALUE_LABEL } from "../components/JurisdictionValue";
import { jurisdictionIndex, readIndexQuery } from "../lib/jurisdiction.server";
import { BadQueryError } from "../lib/overview.server";
import styles from "../styles/jurisdiction.css";
import { GroupFilter } from "../components/GroupFilter";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Jurisdictions — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readIndexQuery(db, url);
    return json({ ...(await jurisdictionIndex(db, query)), query, search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

export default function Jurisdictions() {
  const { rows, withoutAnswers, indicators, groups, group, query, search, freshness } = useLoaderData<typeof loader>();
  const scope = group ? `members of the ${group.name}` : "jurisdictions";
  const mostMet = [...rows].sort((a, b) => b.met - a.met || a.code.localeCompare(b.code))[0];
  const known = rows.reduce((n, r) => n + r.indicators - r.unknown, 0);
  return (
    <>
      <h1>Jurisdictions</h1>
      <DataFreshness lastUpdated={freshness.lastUpdated} sources={freshness.sources} />
      <GroupFilter groups={groups} group={query.group} asOf={query.asOf} />
      <p>
        {rows.length} {scope} have at least one cited answer{query.asOf ? ` as of ${query.asOf}` : ""}; between them {known} of{" "}
        {rows.length * indicators} answers to the {indicators} indicators are recorded, the rest are unknown (not assumed).{" "}
        {mostMet && mostMet.met > 0 ? `${mostMet.name} meets the most indicators (${mostMet.met}).` : ""}
        {group && withoutAnswers.length > 0
          ? ` ${withoutAnswers.length} of the group's ${group.members} members have no answer yet: ${withoutAnswers.join(", ")}.`
          : ""}
      </p>
      <section aria-labelledby="list">
        <h2 id="list">Answers per jurisdiction</h2>
        <div className="scroll">
          <table className="counts">
            <caption className="muted">Number of indicators with each answer, out of {indicators}. Select a jurisdiction for every answer with its citation.</caption>
            <thead>
              <tr>
                <th scope="col">Jurisdiction</th>
                <th scope="col">Code</th>
                <th scope="col">Kind</th>
                {VALUES.map((v) => <th key={v} scope="col">{VALUE_LABEL[v]}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code}>
                  <th scope="row">
                    <a href={`/jurisdictions/${encodeURIComponent(r.code)}${query.asOf ? `?as_of=${query.asOf}` : ""}`}>{r.name}</a>
                  </th>
                  <td><code>{r.code}</code></td>
                  <td>{r.kind}</td>
                  {VALUES.map((v) => <td key={v} className="num">{r[v]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 ? <p>No jurisdiction in scope has a cited answer yet.</p> : null}
        <p className="exports">
          <a href={`/jurisdictions/export.csv${search}`} download>Download this table as CSV</a> · <a href={`/jurisdictions/export.json${search}`}>JSON</a> ·{" "}
          {rows.length >= 2 && rows.length <= 8 ? (
            <a href={`/compare?j=${rows.map((r) => r.code).join(",")}${query.asOf ? `&as_of=${query.asOf}` : ""}`}>Compare these {rows.length} side by side</a>
          ) : (
            <a href="/compare">Compare jurisdictions side by side</a>
          )} · <a href="/methodology#answers">What the answers mean</a>
        </p>
      </section>
    </>
  );
}
