import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ValueBadge } from "../components/JurisdictionValue";
import { ReviewItemCard, itemTitle, type FormFailure } from "../components/Review";
import { reviewAction, reviewItemPage } from "../lib/review.server";
import jurisdictionStyles from "../styles/jurisdiction.css";
import styles from "../styles/review.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: jurisdictionStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Review #${data.item.id} — Harmonia` : "Review item — Harmonia" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await reviewItemPage(context.services, request, params.id ?? ""));
}

export const action = ({ request, context }: ActionFunctionArgs) => reviewAction(context.services, request);

export default function ReviewItemPage() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as FormFailure | undefined;
  const item = d.item;
  return (
    <>
      <p><a href="/review">← Review queue</a></p>
      <h1>{itemTitle(item)}</h1>
      <p className="freshness muted">
        Detected by {item.source.name} on <time dateTime={item.created_at}>{item.created_at.slice(0, 10)}</time>; see <a href="/sources">Sources</a> for
        each source's last run.
      </p>
      {d.done ? (
        <p className="notice done" role="status">
          {d.done}
        </p>
      ) : null}
      <ReviewItemCard item={item} csrf={d.csrf} back={`/review/${item.id}`} indicators={d.indicators} failure={failed ?? null} full headingLevel={2} />
      {d.cell ? (
        <section aria-labelledby="cell-history">
          <h2 id="cell-history">
            History of the answer {d.cell.jurisdiction} · <code>{d.cell.indicator}</code>
          </h2>
          <p>
            <a href={`/jurisdictions/${encodeURIComponent(d.cell.jurisdiction)}/indicators/${encodeURIComponent(d.cell.indicator)}/edit`}>Edit this answer</a> ·{" "}
            <a href={`/jurisdictions/${encodeURIComponent(d.cell.jurisdiction)}#indicator-${d.cell.indicator}`}>See it on the jurisdiction's page</a>
          </p>
          {d.history.length === 0 ? (
            <p>No answer has been recorded for this cell.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Value</th>
                  <th scope="col">Origin</th>
                  <th scope="col">In effect from</th>
                  <th scope="col">Verified on</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <td><time dateTime={h.changed_at}>{h.changed_at.slice(0, 16).replace("T", " ")}</time></td>
                    <td>{h.changed_by}</td>
                    <td><ValueBadge value={h.value} /></td>
                    <td>{h.origin}</td>
                    <td>{h.effective_from ?? "not established"}</td>
                    <td>{h.verified_on}</td>
                    <td>{h.change_reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      <section aria-labelledby="decisions">
        <h2 id="decisions">Decisions recorded</h2>
        {d.decisions.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul>
            {d.decisions.map((a) => (
              <li key={a.id}>
                <time dateTime={a.at}>{a.at.slice(0, 16).replace("T", " ")}</time> {a.actor}: {a.action}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
