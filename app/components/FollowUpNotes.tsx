import { Form } from "@remix-run/react";
import { OfficialLink } from "./OfficialLink";

/**
 * Follow-up notes on a recommendation × jurisdiction: a list everyone can read (with CSV/JSON links), and for
 * analysts a form that posts to /notes. Data comes from `notesPanel()` in app/lib/notes.server.ts.
 * Note text is rendered as text.
 */

export interface NoteRow {
  id: number;
  recommendation_id: string;
  recommendation_title: string;
  jurisdiction_code: string;
  jurisdiction_name: string;
  noted_on: string;
  body: string;
  link_url: string | null;
  created_by: string;
  created_at: string;
}

export interface FollowUpNotesData {
  notes: NoteRow[];
  canAdd: boolean;
  csrf: string;
  /** Fixed recommendation (hidden field), or null to choose one in the form. */
  recommendationId: string | null;
  /** Fixed jurisdiction (hidden field), or null to choose one in the form. */
  jurisdictionCode: string | null;
  recommendations: { id: string; title: string }[];
  jurisdictions: { code: string; name: string }[];
  today: string;
  /** `?recommendation=…&jurisdiction=…` for the export links. */
  exportQuery: string;
}

export interface NoteFailure {
  errors: Partial<Record<string, string>>;
  values: Record<string, string>;
}

function Problem({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

const invalid = (id: string, message: string | undefined) => (message ? { "aria-invalid": true as const, "aria-describedby": id } : {});

export function FollowUpNotes({
  data,
  redirectTo,
  failure = null,
  heading = "Follow-up notes",
  headingId = "follow-up-notes",
}: {
  data: FollowUpNotesData;
  /** Where to come back after adding a note (this page's path). */
  redirectTo: string;
  failure?: NoteFailure | null;
  heading?: string;
  headingId?: string;
}) {
  const showRecommendation = data.recommendationId === null;
  const showJurisdiction = data.jurisdictionCode === null;
  const errors = failure?.errors ?? {};
  const v = (name: string, fallback = "") => failure?.values[name] ?? fallback;
  return (
    <section aria-labelledby={headingId} className="follow-up-notes">
      <h2 id={headingId}>{heading}</h2>
      <p>
        {data.notes.length === 0
          ? "No follow-up note yet."
          : `${data.notes.length} note${data.notes.length === 1 ? "" : "s"}, newest first; each is dated and signed by the analyst who wrote it.`}{" "}
        <a href={`/notes/export.csv${data.exportQuery}`} download>Download notes as CSV</a> · <a href={`/notes/export.json${data.exportQuery}`}>JSON</a>
      </p>
      {data.notes.length > 0 ? (
        <div className="scroll">
          <table className="notes-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                {showJurisdiction ? <th scope="col">Jurisdiction</th> : null}
                {showRecommendation ? <th scope="col">Recommendation</th> : null}
                <th scope="col">Note</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {data.notes.map((n) => (
                <tr key={n.id} id={`note-${n.id}`}>
                  <td><time dateTime={n.noted_on}>{n.noted_on}</time></td>
                  {showJurisdiction ? (
                    <td><a href={`/jurisdictions/${encodeURIComponent(n.jurisdiction_code)}`}>{n.jurisdiction_name} ({n.jurisdiction_code})</a></td>
                  ) : null}
                  {showRecommendation ? (
                    <td><a href={`/recommendations/${encodeURIComponent(n.recommendation_id)}`}>{n.recommendation_title}</a></td>
                  ) : null}
                  <td className="note-body">
                    {n.body}
                    {n.link_url ? (
                      <>
                        {" "}
                        <OfficialLink href={n.link_url}>Evidence</OfficialLink>
                      </>
                    ) : null}
                  </td>
                  <td>{n.created_by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data.canAdd ? (
        <details className="add-note" open={Boolean(failure)}>
          <summary>Add a follow-up note…</summary>
          <Form method="post" action="/notes" className="stacked" noValidate>
            <input type="hidden" name="csrf" value={data.csrf} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            {showRecommendation ? (
              <label htmlFor={`${headingId}-recommendation`}>
                Recommendation
                <select id={`${headingId}-recommendation`} name="recommendationId" defaultValue={v("recommendationId")} {...invalid(`${headingId}-recommendation-error`, errors.recommendationId)}>
                  <option value="">Choose…</option>
                  {data.recommendations.map((r) => (
                    <option key={r.id} value={r.id}>{r.title} ({r.id})</option>
                  ))}
                </select>
                <Problem id={`${headingId}-recommendation-error`} message={errors.recommendationId} />
              </label>
            ) : (
              <input type="hidden" name="recommendationId" value={data.recommendationId ?? ""} />
            )}
            {showJurisdiction ? (
              <label htmlFor={`${headingId}-jurisdiction`}>
                Jurisdiction
                <select id={`${headingId}-jurisdiction`} name="jurisdictionCode" defaultValue={v("jurisdictionCode")} {...invalid(`${headingId}-jurisdiction-error`, errors.jurisdictionCode)}>
                  <option value="">Choose…</option>
                  {data.jurisdictions.map((j) => (
                    <option key={j.code} value={j.code}>{j.name} ({j.code})</option>
                  ))}
                </select>
                <Problem id={`${headingId}-jurisdiction-error`} message={errors.jurisdictionCode} />
              </label>
            ) : (
              <input type="hidden" name="jurisdictionCode" value={data.jurisdictionCode ?? ""} />
            )}
            {!showRecommendation ? <Problem id={`${headingId}-recommendation-error`} message={errors.recommendationId} /> : null}
            {!showJurisdiction ? <Problem id={`${headingId}-jurisdiction-error`} message={errors.jurisdictionCode} /> : null}
            <label htmlFor={`${headingId}-noted-on`}>
              Date of the note
              <input id={`${headingId}-noted-on`} name="notedOn" type="date" defaultValue={v("notedOn", data.today)} {...invalid(`${headingId}-noted-on-error`, errors.notedOn)} />
              <Problem id={`${headingId}-noted-on-error`} message={errors.notedOn} />
            </label>
            <label htmlFor={`${headingId}-body`}>
              Note
              <textarea id={`${headingId}-body`} name="body" rows={3} defaultValue={v("body")} {...invalid(`${headingId}-body-error`, errors.body)} />
              <Problem id={`${headingId}-body-error`} message={errors.body} />
            </label>
            <label htmlFor={`${headingId}-link`}>
              Link to the evidence (https, optional)
              <input id={`${headingId}-link`} name="linkUrl" type="url" defaultValue={v("linkUrl")} {...invalid(`${headingId}-link-error`, errors.linkUrl)} />
              <Problem id={`${headingId}-link-error`} message={errors.linkUrl} />
            </label>
            <button type="submit">Add the note</button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
