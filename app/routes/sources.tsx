import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { sourcesHealthData } from "../lib/sources.server";
import { OfficialLink } from "../components/OfficialLink";

export const meta: MetaFunction = () => [{ title: "Sources — Harmonia" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json(await sourcesHealthData(context.services));
}

const when = (iso: string | null | undefined) => (iso ? <time dateTime={iso}>{iso.replace("T", " ").slice(0, 19)} UTC</time> : <span className="muted">—</span>);

export default function Sources() {
  const { sources, schedulerError } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Sources</h1>
      <p>Every public source Harmonia reads, how its last run ended, and what it holds. Failed or suspect runs keep the last good data.</p>
      {schedulerError ? <p className="notice" role="status">{schedulerError}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Source</th><th scope="col">Last run</th><th scope="col">Status</th><th scope="col">Last good run</th>
            <th scope="col">Next run</th><th scope="col">Instruments</th><th scope="col">Assessments</th><th scope="col">Payloads stored</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} id={`source-${s.id}`}>
              <th scope="row"><OfficialLink href={s.homepage}>{s.name}</OfficialLink><br /><code>{s.id}</code></th>
              <td>{when(s.lastRun?.started_at)}</td>
              <td>
                {s.needsKey ? <span className="status status-skipped">{s.needsKey}</span> : s.lastRun ? <span className={`status status-${s.lastRun.status}`}>{s.lastRun.status}</span> : <span className="muted">never run</span>}
                {s.lastRun?.error ? <pre className="error">{s.lastRun.error}</pre> : null}
                {s.lastRun ? (
                  <div className="muted">
                    {s.lastRun.payloads_fetched} fetched, {s.lastRun.payloads_unchanged} unchanged; {s.lastRun.records_parsed} records, {s.lastRun.records_inserted} new, {s.lastRun.records_updated} updated
                  </div>
                ) : null}
              </td>
              <td>{when(s.lastGoodRunAt)}</td>
              <td>{when(s.nextRun)}</td>
              <td className="num">{s.instruments}</td>
              <td className="num">{s.assessments}</td>
              <td className="num">{s.snapshots}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
