import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { adminSourcesAction, adminSourcesData } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Source runs — Harmonia" }];

/** Account data and one-time passwords are never cached, by the browser or any proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await adminSourcesData(context.services, request), { headers: { "cache-control": "no-store" } });
}

export const action = ({ request, context }: ActionFunctionArgs) => adminSourcesAction(context.services, request);

const when = (iso: string | null | undefined) => (iso ? <time dateTime={iso}>{iso.replace("T", " ").slice(0, 19)} UTC</time> : <span className="muted">—</span>);

export default function SourceRuns() {
  const { sources, csrf, schedulerError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Source runs</h1>
      <p>
        “Run now” queues a fetch of the source, exactly as its schedule would, marked as a manual run; the workers take it in turn. A run whose
        payloads have not changed ends as “unchanged” and writes nothing. The outcome appears here and on <a href="/sources">Sources</a>.
      </p>
      <p className="muted">
        Sources cannot be switched off here: the scheduler schedules every source that has its API key and does not read a per-source on/off
        setting, so such a switch would have no effect. A source without its key is never scheduled and cannot be run.
      </p>
      {schedulerError ? <p className="notice" role="status">{schedulerError}</p> : null}
      {result ? (
        <p className={result.ok ? "success" : "notice"} role={result.ok ? "status" : "alert"}>
          {result.ok ? result.message : result.error}
        </p>
      ) : null}
      <table className="admin-sources">
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Last run</th>
            <th scope="col">Next scheduled run</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} id={`source-${s.id}`}>
              <th scope="row">
                {s.name}
                <br />
                <code>{s.id}</code>
              </th>
              <td>
                {s.lastRun ? (
                  <>
                    <span className={`status status-${s.lastRun.status}`}>{s.lastRun.status}</span> ({s.lastRun.trigger}) {when(s.lastRun.startedAt)}
                    {s.lastRun.error ? <pre className="error">{s.lastRun.error}</pre> : null}
                  </>
                ) : (
                  <span className="muted">never run</span>
                )}
              </td>
              <td>{when(s.nextRun)}</td>
              <td>
                {s.needsKey ? (
                  <span className="status status-skipped">{s.needsKey}</span>
                ) : (
                  <Form method="post" className="inline">
                    <input type="hidden" name="csrf" value={csrf} />
                    <input type="hidden" name="intent" value="run" />
                    <input type="hidden" name="sourceId" value={s.id} />
                    <button type="submit">
                      Run now<span className="visually-hidden"> {s.name}</span>
                    </button>
                  </Form>
                )}
                {s.pending ? <div className="muted">{`A manual run is ${s.pending === "active" ? "running" : "queued"}.`}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
