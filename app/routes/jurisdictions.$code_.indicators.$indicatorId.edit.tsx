import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ValueBadge } from "../components/JurisdictionValue";
import { AnswerSummary, AssessmentFields, ReasonField, type FormFailure } from "../components/Review";
import { editAction, editPage } from "../lib/analyst.server";
import type { Value } from "../../domain/alignment";
import jurisdictionStyles from "../styles/jurisdiction.css";
import styles from "../styles/review.css";

/**
 * /jurisdictions/:code/indicators/:indicatorId/edit — `$code_` keeps this page out of the jurisdiction page's
 * layout (that page has no outlet); the URL is the same.
 */

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: jurisdictionStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Edit ${data.jurisdiction.code} · ${data.indicator.id} — Harmonia` : "Edit an answer — Harmonia" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const indicatorId = params.indicatorId ?? "";
  if (code !== code.toUpperCase()) {
    const url = new URL(request.url);
    return redirect(`/jurisdictions/${encodeURIComponent(code.toUpperCase())}/indicators/${encodeURIComponent(indicatorId)}/edit${url.search}`, 301);
  }
  return json(await editPage(context.services, request, code, indicatorId));
}

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  editAction(context.services, request, (params.code ?? "").toUpperCase(), params.indicatorId ?? "");

export default function EditAnswer() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as FormFailure | undefined;
  const errors = failed?.errors ?? {};
  const values = failed ? { ...d.values, ...failed.values } : d.values;
  const keepFurther = failed ? failed.values.keepFurther === "yes" : true;
  const base = `/jurisdictions/${encodeURIComponent(d.jurisdiction.code)}`;
  return (
    <>
      <p>
        <a href={`${base}#indicator-${d.indicator.id}`}>← {d.jurisdiction.name}</a>
      </p>
      <h1>
        Edit the answer of {d.jurisdiction.name} ({d.jurisdiction.code}) to <code>{d.indicator.id}</code>
      </h1>
      <p className="freshness muted">
        {d.history[0] ? (
          <>
            Answer last changed <time dateTime={d.history[0].changed_at}>{d.history[0].changed_at.slice(0, 10)}</time> by {d.history[0].changed_by}.
          </>
        ) : (
          "No answer recorded yet."
        )}{" "}
        Signed in as {d.user.email}. See <a href="/methodology">Methodology</a> for how answers are made.
      </p>
      {d.saved ? (
        <p className="notice done" role="status">
          Saved. The change is in the history below, on the jurisdiction's page and in the exports.
        </p>
      ) : null}
      {failed ? (
        <p className="notice" role="alert">
          Nothing was saved: {Object.keys(errors).length} field{Object.keys(errors).length === 1 ? "" : "s"} need{Object.keys(errors).length === 1 ? "s" : ""} attention (marked below).
        </p>
      ) : null}
      <section aria-labelledby="question">
        <h2 id="question">The question</h2>
        <p>{d.indicator.question}</p>
        <p className="muted">{d.indicator.definition}</p>
        <dl className="scale">
          {Object.entries(d.indicator.answer_scale).map(([k, v]) => (
            <div key={k}>
              <dt><ValueBadge value={k as Value} /></dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <div className="edit-columns">
        <section aria-labelledby="current" className="current-answer">
          <h2 id="current">Current answer (the old value)</h2>
          <AnswerSummary answer={d.current} />
          {d.conflicts.length > 0 ? (
            <div className="notice">
              <p>Open review items about this cell:</p>
              <ul>
                {d.conflicts.map((c) => (
                  <li key={c.id}>
                    <a href={`/review/${c.id}`}>#{c.id}</a> ({c.kind.replace("_", " ")}): {c.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
        <section aria-labelledby="new">
          <h2 id="new">New answer</h2>
          <Form method="post" className="stacked edit-form" noValidate>
            <input type="hidden" name="csrf" value={d.csrf} />
            <AssessmentFields prefix="edit" values={values} errors={errors} indicators={[d.indicatorChoice]} fixedIndicator={d.indicatorChoice} />
            {d.furtherCitations.length > 0 ? (
              <label className="checkbox">
                <input type="checkbox" name="keepFurther" value="yes" defaultChecked={keepFurther} /> Keep the answer's {d.furtherCitations.length} further
                citation{d.furtherCitations.length === 1 ? "" : "s"} ({d.furtherCitations.map((c) => c.instrumentTitle).join("; ")})
              </label>
            ) : null}
            <ReasonField prefix="edit" value={values.reason} error={errors.reason} label="Reason for the change (kept in the history)" />
            <button type="submit">Save the answer</button>
          </Form>
        </section>
      </div>
      <section aria-labelledby="history">
        <h2 id="history">History of this answer</h2>
        <p>Every change is kept, newest first, with the value it replaced.</p>
        {d.history.length === 0 ? (
          <p>No change recorded.</p>
        ) : (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Old → new value</th>
                  <th scope="col">Why</th>
                  <th scope="col">Citation</th>
                  <th scope="col">In effect from</th>
                  <th scope="col">Verified on</th>
                  <th scope="col">Origin</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <td><time dateTime={h.changed_at}>{h.changed_at.slice(0, 16).replace("T", " ")}</time></td>
                    <td>{h.changed_by}</td>
                    <td>
                      {h.old_value ? <ValueBadge value={h.old_value} /> : <span className="muted">(none)</span>} → <ValueBadge value={h.value} />
                    </td>
                    <td>{h.change_reason}</td>
                    <td>{h.citation ? `${h.citation.instrumentTitle}, ${h.citation.provision}` : <span className="muted">—</span>}</td>
                    <td>{h.effective_from ?? "not established"}</td>
                    <td>{h.verified_on}</td>
                    <td>{h.origin}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
