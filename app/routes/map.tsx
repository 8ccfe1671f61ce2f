import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { WorldMap } from "../components/WorldMap";
import { badRequest } from "../lib/http.server";
import { mapPage, readMapQuery } from "../lib/map.server";
import { BadQueryError } from "../lib/overview.server";
import { ALIGNMENTS, ALIGNMENT_LABEL } from "../../domain/alignment";
import styles from "../styles/map.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "alternate", type: "application/atom+xml", href: "/changes.atom", title: "Harmonia — latest changes to the answers" },
];

export const meta: MetaFunction = () => [{ title: "World map — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readMapQuery(db, url);
    return json({ ...(await mapPage(db, query)), search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

const DRAWN_LABEL = { outline: "outline", dot: "dot", no: "not on the map" } as const;
const fmt = (x: number | null) => (x === null ? "—" : x.toFixed(2));

export default function MapPage() {
  const { map, rows, query, groups, recommendations, search, lastUpdated, sources } = useLoaderData<typeof loader>();
  const labelOf = (id: string) => map.categories.find((c) => c.id === id)?.label ?? id;
  return (
    <div className="map-page">
      <h1>World map</h1>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <Form method="get" className="filters">
        <label>
          Group{" "}
          <select name="group" defaultValue={query.group ?? ""}>
            <option value="">All countries</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.members})
              </option>
            ))}
          </select>
        </label>
        <label>
          Recommendation{" "}
          <select name="recommendation" defaultValue={query.recommendation ?? ""}>
            <option value="">All recommendations (average)</option>
            {recommendations.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          As of <input type="date" name="as_of" defaultValue={query.asOf ?? ""} />
        </label>
        <button type="submit">Show</button>
      </Form>

      <section aria-labelledby="map-heading">
        <h2 id="map-heading">{query.recommendation ? "Alignment with one recommendation" : "Alignment with the recommendations"}</h2>
        <WorldMap id="world-map" map={map} />
        <p className="exports">
          <a href={`/map/export.csv${search}`} download>
            Download the map's data as CSV
          </a>{" "}
          · <a href={`/map/export.json${search}`}>JSON</a> · <a href="/methodology#scoring">How alignment is computed</a> ·{" "}
          <a href="/changes">What changed lately</a> (<a href="/changes.atom">Atom feed</a>)
        </p>
      </section>

      <section aria-labelledby="numbers">
        <h2 id="numbers">The numbers behind the map</h2>
        <details>
          <summary>Every jurisdiction with its counts ({rows.length})</summary>
          <div className="scroll">
            <table className="map-rows">
              <caption className="muted">
                {query.recommendation ? "The recommendation" : `The ${recommendations.length} recommendations`} met, partly met, not met and unknown per
                jurisdiction; the score is the average over the known ones (met 1, partly ½, not 0).
              </caption>
              <thead>
                <tr>
                  <th scope="col">Jurisdiction</th>
                  <th scope="col">Code</th>
                  <th scope="col">Category</th>
                  {ALIGNMENTS.map((a) => (
                    <th key={a} scope="col">
                      {ALIGNMENT_LABEL[a]}
                    </th>
                  ))}
                  <th scope="col">Score</th>
                  <th scope="col">On the map</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.code}>
                    <th scope="row">
                      <a href={`/jurisdictions/${encodeURIComponent(r.code)}${query.asOf ? `?as_of=${query.asOf}` : ""}`}>{r.name}</a>
                    </th>
                    <td>
                      <code>{r.code}</code>
                    </td>
                    <td className={`category category-${r.category}`}>{labelOf(r.category)}</td>
                    {ALIGNMENTS.map((a) => (
                      <td key={a} className="num">
                        {r[a]}
                      </td>
                    ))}
                    <td className="num">{fmt(r.score)}</td>
                    <td>{DRAWN_LABEL[r.drawn]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
    </div>
  );
}
