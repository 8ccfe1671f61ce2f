import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChartFigure } from "../components/BarChartFigure";
import { overviewData } from "../lib/overview.server";

export const meta: MetaFunction = () => [{ title: "Overview — Harmonia" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const data = await overviewData(context.services.database.db);
  return json({
    ...data,
    lastUpdated: data.lastUpdated ? new Date(data.lastUpdated).toISOString() : null,
  });
}

export default function Overview() {
  const { byTopic, recent, instruments, lastUpdated } = useLoaderData<typeof loader>();
  const chartData = byTopic.map((t) => ({ label: t.topic_name, value: t.instruments }));
  const onTopic = byTopic.filter((t) => t.topic_id !== "none");
  const busiest = [...onTopic].sort((a, b) => b.instruments - a.instruments)[0];
  const untagged = byTopic.find((t) => t.topic_id === "none")?.instruments ?? 0;
  return (
    <>
      <h1>Overview</h1>
      <p>
        Harmonia follows laws, bills and treaties on AI-generated child sexual abuse material, the duties of online
        platforms and technology-facilitated exploitation. {instruments} instruments are tracked
        {lastUpdated ? <>; data last updated <time dateTime={lastUpdated}>{lastUpdated.slice(0, 10)}</time></> : null}.
      </p>
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
                  <td><a href={i.official_url} rel="noopener noreferrer">{i.title}</a></td>
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
