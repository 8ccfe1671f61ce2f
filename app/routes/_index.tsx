import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AlignmentChart } from "../components/AlignmentChart";
import { BarChartFigure } from "../components/BarChartFigure";
import { DataFreshness } from "../components/DataFreshness";
import { WorldMap } from "../components/WorldMap";
import { badRequest } from "../lib/http.server";
import { alignmentMap } from "../lib/map.server";
import { BadQueryError, overviewData, readGapQuery, recommendationGaps } from "../lib/overview.server";
import { ALIGNMENTS, ALIGNMENT_LABEL } from "../../domain/alignment";
import { GroupFilter } from "../components/GroupFilter";
import { OfficialLink } from "../components/OfficialLink";
import mapStylesUrl from "../styles/map.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mapStylesUrl }];

export const meta: MetaFunction = () => [{ title: "Overview — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readGapQuery(db, url);
    const [data, gaps, map] = await Promise.all([overviewData(db), recommendationGaps(db, query), alignmentMap(db, { group: query.group, asOf: query.asOf })]);
    return json({ ...data, ...gaps, map, query, search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

function GapsSection() {
  const { gaps, groups, group, query, jurisdictions, cells, knownCells, unmeasured, search, map } = useLoaderData<typeof loader>();
  const scope = group ? `the ${group.name} (${group.members} members)` : `the ${jurisdictions} jurisdictions with at least one cited answer`;
  const best = [...gaps].sort((a, b) => b.met - a.met)[0];
  return (
    <section aria-labelledby="gaps">
      <h2 id="gaps">Harmonization gaps by recommendation</h2>
      <GroupFilter groups={groups} group={query.group} asOf={query.asOf} />
      <p>
        Across {scope}{query.asOf ? `, as the law stood on ${query.asOf}` : ""}: {knownCells} of {cells} indicator answers are
        cited; the rest are unknown, not assumed.{" "}
        {best && best.met > 0 ? `The recommendation met by most is "${best.title}" (${best.met} jurisdictions).` : "No recommendation is fully met by any jurisdiction in scope yet."}
      </p>
      <figure>
        <figcaption>Jurisdictions by alignment with each recommendation</figcaption>
        <AlignmentChart id="gaps-by-recommendation" data={gaps.map((g) => ({ ...g, label: g.title }))} title="Jurisdictions by alignment with each recommendation" unit="Jurisdictions" />
      </figure>
      <details>
        <summary>The numbers behind the chart</summary>
        <table id="gap-table">
          <thead>
            <tr>
              <th scope="col">Recommendation</th>
              <th scope="col">Rule</th>
              {ALIGNMENTS.map((a) => <th key={a} scope="col">{ALIGNMENT_LABEL[a]}</th>)}
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr key={g.id}>
                <th scope="row">{g.title} <span className="muted">({g.id})</span></th>
                <td>{g.combine_rule} of {g.indicators.length}</td>
                {ALIGNMENTS.map((a) => <td key={a} className="num">{g[a]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p>
        <a href={`/overview/gaps.csv${search}`} download>Download as CSV</a> · <a href={`/overview/gaps.json${search}`}>JSON</a> ·{" "}
        <a href="/methodology#scoring">How alignment is computed</a>
      </p>
      <h3>Alignment by country</h3>
      <WorldMap id="overview-map" map={map} />
      <p>
        <a href={`/map${search}`}>The map full width, with its CSV</a>
      </p>
      {unmeasured.length > 0 ? (
        <p className="muted">
          {unmeasured.length} recommendations are followed up by other means than indicators (see the methodology).
        </p>
      ) : null}
    </section>
  );
}

export default function Overview() {
  const { byTopic, recent, instruments, lastUpdated, sources } = useLoaderData<typeof loader>();
  const chartData = byTopic.map((t) => ({ label: t.topic_name, value: t.instruments }));
  const onTopic = byTopic.filter((t) => t.topic_id !== "none");
  const busiest = [...onTopic].sort((a, b) => b.instruments - a.instruments)[0];
  const untagged = byTopic.find((t) => t.topic_id === "none")?.instruments ?? 0;
  return (
    <>
      <h1>Overview</h1>
      <p>
        Harmonia follows laws, bills and treaties on AI-generated child sexual abuse material, the duties of online
        platforms and technology-facilitated exploitation, and how far each jurisdiction is from the recommendations of
        the OSCE / Bali Process policy brief. {instruments} instruments are tracked.
      </p>
      <DataFreshness lastUpdated={lastUpdated} sources={sources} />
      <GapsSection />
      <section aria-labelledby="by-topic">
        <h2 id="by-topic">Instruments by topic</h2>
        <p>
          {busiest && busiest.instruments > 0
            ? `Most tracked instruments concern ${busiest.topic_name.toLowerCase()} (${busiest.instruments}).`
            : instruments === 0
              ? "No instrument has been ingested yet: the sources page shows when each source runs."
              : "No tracked instrument matches a topic yet."}{" "}
          {untagged > 0 ? `${untagged} ingested instruments match no tracked topic. ` : ""}An instrument can belong to several topics.
        </p>
        <figure>
          <figcaption>Tracked instruments per topic</figcaption>
          <BarChartFigure id="instruments-by-topic" data={chartData} title="Tracked instruments per topic" valueLabel="Instruments" />
        </figure>
        <table>
          <caption className="muted">The numbers behind the chart</caption>
          <thead>
            <tr><th scope="col">Topic</th><th scope="col">Instruments</th><th scope="col">Jurisdictions</th></tr>
          </thead>
          <tbody>
            {byTopic.map((t) => (
              <tr key={t.topic_id}>
                <th scope="row">{t.topic_name}</th>
                <td className="num">{t.instruments}</td>
                <td className="num">{t.jurisdictions}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p><a href="/overview.csv" download>Download this table as CSV</a></p>
      </section>
      <section aria-labelledby="latest">
        <h2 id="latest">Latest instruments</h2>
        {recent.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <table>
            <thead>
              <tr><th scope="col">Title</th><th scope="col">Jurisdiction</th><th scope="col">Stage</th><th scope="col">Topics</th><th scope="col">Source</th></tr>
            </thead>
            <tbody>
              {recent.map((i) => (
                <tr key={i.id}>
                  <td><OfficialLink href={i.official_url}>{i.title}</OfficialLink></td>
                  <td>{i.jurisdiction_code}</td>
                  <td>{i.stage}{i.enacted_on ? ` (${i.enacted_on})` : ""}</td>
                  <td>{i.topics.length ? i.topics.join(", ") : <span className="muted">none</span>}</td>
                  <td>{i.source_id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
