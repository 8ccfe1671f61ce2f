import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { LegalDate } from "../components/LegalDate";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { FollowUpNotes } from "../components/FollowUpNotes";
import { notesPanel } from "../lib/notes.server";
import { DataFreshness } from "../components/DataFreshness";
import { Timeline, TIMELINE_KIND_LABEL } from "../components/Timeline";
import { badRequest } from "../lib/http.server";
import { ValueBadge, VALUES, VALUE_LABEL } from "../components/JurisdictionValue";
import { jurisdictionDetail, readAsOf } from "../lib/jurisdiction.server";
import { BadQueryError } from "../lib/overview.server";
import { ALIGNMENT_LABEL } from "../../domain/alignment";
import styles from "../styles/jurisdiction.css";
import notesStyles from "../styles/review.css";
import { OfficialLink } from "../components/OfficialLink";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: notesStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.jurisdiction.name} (${data.jurisdiction.code}) — Harmonia` : "Jurisdiction — Harmonia" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  const code = params.code ?? "";
  // /jurisdictions/gb → /jurisdictions/GB (codes are upper case).
  if (code !== code.toUpperCase()) return redirect(`/jurisdictions/${encodeURIComponent(code.toUpperCase())}${url.search}`, 301);
  try {
    const asOf = readAsOf(url);
    return json({ ...(await jurisdictionDetail(db, code, asOf)), search: url.search, notes: await notesPanel(context.services, request, { jurisdictionCode: code }) });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

type Citation = { instrumentTitle: string; provision: string; url: string; quote?: string | null };

function CitationText({ citations, instruments }: { citations: Citation[]; instruments: (number | null)[] }) {
  if (citations.length === 0) return <span className="muted">No citation (unknown)</span>;
  return (
    <div className="citation">
      {citations.map((c, n) => (
        <div key={n}>
          {instruments[n] ? <a href={`#instrument-${instruments[n]}`}>{c.instrumentTitle}</a> : c.instrumentTitle}, {c.provision}.{" "}
          <OfficialLink href={c.url}>Official text<span className="visually-hidden"> of {c.instrumentTitle}</span></OfficialLink>
          {c.quote ? <blockquote>{c.quote}</blockquote> : null}
        </div>
      ))}
    </div>
  );
}

const stageDate = (d: string | null) => (d ? <time dateTime={d}>{d}</time> : <span className="muted">—</span>);

export default function JurisdictionPage() {
  const d = useLoaderData<typeof loader>();
  const { jurisdiction: j, counts, search, asOf } = d;
  const base = `/jurisdictions/${encodeURIComponent(j.code)}`;
  const role = useRouteLoaderData<{ account: { role: string } | null }>("root")?.account?.role;
  const canEdit = role === "analyst" || role === "admin";
  const known = d.indicators - counts.unknown;
  const alignedFully = d.alignment.filter((a) => a.alignment === "met").length;
  const differentTreaties = d.treaties.filter((t) => t.value !== "unknown").length;
  return (
    <>
      <h1>
        {j.name} <span className="muted">({j.code})</span>
      </h1>
      <DataFreshness lastUpdated={d.freshness.lastUpdated} sources={d.freshness.sources} />
      <p>
        {j.kind === "subnational" && j.parent_code ? (
          <>Sub-national unit of <a href={`/jurisdictions/${j.parent_code}`}>{j.parent_name ?? j.parent_code}</a>. </>
        ) : null}
        {j.kind === "supranational" ? "Supranational organisation. " : null}
        {d.groups.length ? <>Member of {d.groups.map((g) => g.name).join(", ")}. </> : null}
        {asOf ? <>As the law stood on <strong>{asOf}</strong>: </> : null}
        {known} of {d.indicators} indicators have a cited answer ({VALUES.filter((v) => v !== "unknown" && counts[v] > 0).map((v) => `${VALUE_LABEL[v]}: ${counts[v]}`).join(", ") || "none"}
        ); {counts.unknown} are unknown. {alignedFully} of {d.alignment.length} recommendations measured by indicators are fully met.{" "}
        {d.cited.length} laws and treaties cited by its answers and {d.instrumentTotal} instruments found by the sources;{" "}
        {d.history.length} recorded changes to its answers.
      </p>
      <Form method="get" className="filters">
        <label>
          Show the state as of <input type="date" name="as_of" defaultValue={asOf ?? ""} />
        </label>
        <button type="submit">Show</button>
        {asOf ? <a href={base}>Latest answers</a> : null}
      </Form>
      <nav aria-label="On this page" className="on-this-page">
        <ul>
          <li><a href="#indicators">Indicators</a></li>
          <li><a href="#alignment">Alignment with recommendations</a></li>
          <li><a href="#treaties">Treaty status</a></li>
          <li><a href="#instruments">Instruments</a></li>
          <li><a href="#history">History of changes</a></li>
          <li><a href="#follow-up-notes">Follow-up notes</a></li>
        </ul>
      </nav>

      <section aria-labelledby="indicators">
        <h2 id="indicators">Indicators</h2>
        <p className="exports">
          <a href={`${base}/export.csv${search}`} download>Download the indicator table as CSV</a> · <a href={`${base}/export.json${search}`}>JSON</a> ·{" "}
          <a href="/methodology#indicators">Indicator definitions</a>
        </p>
        {d.byTopic.map((t) => (
          <section key={t.id} aria-labelledby={`topic-${t.id}`}>
            <h3 id={`topic-${t.id}`}>{t.name}</h3>
            <div className="scroll">
              <table className="indicator-table">
                <thead>
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col">Answer</th>
                    <th scope="col">Rationale</th>
                    <th scope="col">Citation</th>
                    <th scope="col">In effect</th>
                    <th scope="col">Origin</th>
                    <th scope="col">Confidence</th>
                  </tr>
                </thead>
                <tbody>
                  {t.answers.map((a) => (
                    <tr key={a.indicator_id} id={`indicator-${a.indicator_id}`}>
                      <th scope="row">
                        {a.question} <a href={`/methodology#indicator-${a.indicator_id}`} className="muted"><code>{a.indicator_id}</code></a>
                        {a.is_offence ? <span className="muted"> (offence)</span> : null}
                        {canEdit ? (
                          <>
                            {" "}
                            <a href={`${base}/indicators/${encodeURIComponent(a.indicator_id)}/edit`}>
                              Edit<span className="visually-hidden"> the answer to {a.indicator_id}</span>
                            </a>
                          </>
                        ) : null}
                      </th>
                      <td><ValueBadge value={a.value} /></td>
                      <td className="rationale">{a.rationale || <span className="muted">—</span>}</td>
                      <td><CitationText citations={a.citations} instruments={a.cited_instruments} /></td>
                      <td className="in-effect"><LegalDate from={a.effective_from} status={a.date_status} verifiedOn={a.verified_on} basis={a.effective_basis} /></td>
                      <td>{a.origin ?? <span className="muted">—</span>}{a.source_id && a.origin !== "curated" ? <span className="muted"> ({a.source_id})</span> : null}</td>
                      <td>{a.confidence ?? <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>

      <section aria-labelledby="alignment">
        <h2 id="alignment">Alignment with recommendations</h2>
        <p>
          Each recommendation's indicators combine by its rule (met 1, partial or reserved ½, pending or not met 0; unknown left
          out and shown as a gap). {alignedFully} met, {d.alignment.filter((a) => a.alignment === "partial").length} partly met,{" "}
          {d.alignment.filter((a) => a.alignment === "not_met").length} not met, {d.alignment.filter((a) => a.alignment === "unknown").length} unknown.
        </p>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Recommendation</th>
                <th scope="col">Rule</th>
                <th scope="col">Answers to its indicators</th>
                <th scope="col">Alignment</th>
              </tr>
            </thead>
            <tbody>
              {d.alignment.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.title} <span className="muted">({a.id})</span></th>
                  <td>
                    <strong>{a.combine_rule}</strong> of {a.values.length}: <span className="muted">{a.rule}</span>
                  </td>
                  <td>
                    <ul>
                      {a.values.map((v) => (
                        <li key={v.indicator_id}><a href={`#indicator-${v.indicator_id}`}><code>{v.indicator_id}</code></a>: <ValueBadge value={v.value} /></li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <span className={`value value-${a.alignment}`}>{ALIGNMENT_LABEL[a.alignment]}</span>
                    <br />
                    <span className="muted">{a.known} of {a.values.length} known</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.unmeasured.length ? (
          <p className="muted">Followed up by other means than indicators: {d.unmeasured.map((u) => u.title).join("; ")}.</p>
        ) : null}
        <p className="exports">
          <a href={`${base}/alignment.csv${search}`} download>Download alignment as CSV</a> · <a href={`${base}/alignment.json${search}`}>JSON</a> ·{" "}
          <a href="/methodology#scoring">How alignment is computed</a>
        </p>
      </section>

      <section aria-labelledby="treaties">
        <h2 id="treaties">Treaty status</h2>
        <p>
          {differentTreaties} of {d.treaties.length} treaties have a cited status. Signature and ratification dates are read from
          each answer's rationale; "—" means the rationale gives none.
        </p>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Treaty</th>
                <th scope="col">Status</th>
                <th scope="col">Signed</th>
                <th scope="col">Ratified, acceded…</th>
                <th scope="col">Source of the status</th>
                <th scope="col">In effect</th>
              </tr>
            </thead>
            <tbody>
              {d.treaties.map((t) => (
                <tr key={t.indicator_id}>
                  <th scope="row">{t.treaty} <span className="muted">(<code>{t.indicator_id}</code>)</span></th>
                  <td><ValueBadge value={t.value} /></td>
                  <td>{t.dates.signed ? <time dateTime={t.dates.signed.start}>{t.dates.signed.text}</time> : <span className="muted">—</span>}</td>
                  <td>
                    {t.dates.bound ? (
                      <>
                        <time dateTime={t.dates.bound.start}>{t.dates.bound.text}</time> <span className="muted">({t.dates.boundBy})</span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {t.rationale || <span className="muted">No cited answer</span>}
                    {t.citations[0] ? <> <OfficialLink href={t.citations[0].url}>Status page</OfficialLink></> : null}
                  </td>
                  <td><LegalDate from={t.effective_from} status={t.date_status} verifiedOn={t.verified_on} basis={t.effective_basis} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="instruments">
        <h2 id="instruments">Instruments</h2>
        <p>
          {d.cited.length === 0 ? "No answer of this jurisdiction cites a law or treaty yet. " : `Its answers cite ${d.cited.length} laws and treaties. `}
          {d.instrumentTotal === 0
            ? "No law, bill or regulation of this jurisdiction has been found by the sources yet. "
            : `${d.instrumentTotal} laws, bills and regulations found by the sources${d.instrumentTotal > d.instruments.length ? ` (the ${d.instruments.length} latest are listed)` : ""}; ${d.instruments.filter((i) => i.topics.length > 0).length} of those listed match a tracked topic. `}
          {d.events.length > 0
            ? `The timeline places ${d.events.length} dated steps of instruments and treaties${asOf ? ` up to ${asOf}` : ""}, from ${d.events[0]!.date} to ${d.events[d.events.length - 1]!.date}.`
            : "No dated step to place on a timeline."}
        </p>
        {d.events.length > 0 ? (
          <figure>
            <figcaption>Timeline of {j.name}'s instruments and treaty actions</figcaption>
            <Timeline id="jurisdiction-timeline" title={`Timeline of ${j.name}'s instruments and treaty actions`} points={d.events} />
            <details>
              <summary>The dates behind the timeline</summary>
              <table>
                <thead>
                  <tr><th scope="col">Date</th><th scope="col">Step</th><th scope="col">Instrument or treaty</th></tr>
                </thead>
                <tbody>
                  {d.events.map((e, n) => (
                    <tr key={n}>
                      <td><time dateTime={e.date}>{e.date}</time></td>
                      <td>{TIMELINE_KIND_LABEL[e.kind]}</td>
                      <th scope="row">{e.href ? <OfficialLink href={e.href}>{e.label}</OfficialLink> : e.label}</th>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </figure>
        ) : null}
        {d.cited.length > 0 ? (
          <div className="scroll">
            <table>
              <caption className="muted">
                Laws and treaties cited by the answers above, at the stage the answers establish (a law only cited as partly
                meeting a question is shown as enacted). A law's own dates are not taken from a provision's: the timeline shows
                when each cited provision took effect; a treaty's date is the day it entered into force for {j.name}.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col" className="short">Kind</th>
                  <th scope="col" className="short">Stage</th>
                  <th scope="col" className="short">In force</th>
                  <th scope="col">Cited for</th>
                </tr>
              </thead>
              <tbody>
                {d.cited.map((i) => (
                  <tr key={i.id} id={`instrument-${i.id}`}>
                    <th scope="row"><OfficialLink href={i.official_url}>{i.title}</OfficialLink></th>
                    <td className="short">{i.kind}</td>
                    <td className="short">{i.stage.replace(/_/g, " ")}</td>
                    <td className="short">{stageDate(i.in_force_on)}</td>
                    <td>{i.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {d.instruments.length > 0 ? (
          <div className="scroll">
            <table>
              <caption className="muted">Current stage of each instrument (the sources record no stage history).</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Introduced</th>
                  <th scope="col">Enacted</th>
                  <th scope="col">In force</th>
                  <th scope="col">Topics</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {d.instruments.map((i) => (
                  <tr key={i.id}>
                    <th scope="row"><OfficialLink href={i.official_url}>{i.title}</OfficialLink></th>
                    <td>{i.kind}</td>
                    <td>{i.stage.replace(/_/g, " ")}</td>
                    <td>{stageDate(i.introduced_on)}</td>
                    <td>{stageDate(i.enacted_on)}</td>
                    <td>{stageDate(i.in_force_on)}</td>
                    <td>{i.topics.length ? i.topics.join(", ") : <span className="muted">none tracked</span>}</td>
                    <td>{i.source_id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p className="exports">
          <a href={`${base}/instruments.csv`} download>Download instruments as CSV</a> · <a href={`${base}/instruments.json`}>JSON</a>
        </p>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">History of changes</h2>
        <p>
          Every change to an answer is kept: who made it, when, why, and the value it replaced.{" "}
          {asOf ? `Changes to answers dated on or before ${asOf}. ` : ""}
          {d.history.length === 0 ? "No change recorded." : `${d.history.filter((h) => h.old_value !== null && h.old_value !== h.new_value).length} changed a value; the rest recorded first answers or new evidence.`}
        </p>
        {d.history.length > 0 ? (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Indicator</th>
                  <th scope="col">Old → new value</th>
                  <th scope="col">Why</th>
                  <th scope="col">In effect from (legal time)</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.id}>
                    <td><time dateTime={h.changed_at}>{h.changed_at.slice(0, 16).replace("T", " ")}</time></td>
                    <td>{h.changed_by}</td>
                    <th scope="row"><a href={`#indicator-${h.indicator_id}`}><code>{h.indicator_id}</code></a></th>
                    <td>
                      {h.old_value ? <ValueBadge value={h.old_value} /> : <span className="muted">(none)</span>} → <ValueBadge value={h.new_value} />
                    </td>
                    <td>{h.change_reason}</td>
                    <td>{h.effective_from ? stageDate(h.effective_from) : <span className="muted">not established</span>}<div className="muted">{h.change_kind === "law" ? "change in the law" : h.change_kind === "correction" ? "correction of the record" : "first record"}</div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <p className="exports">
          <a href={`${base}/history.csv${search}`} download>Download history as CSV</a> · <a href={`${base}/history.json${search}`}>JSON</a>
        </p>
      </section>
      <FollowUpNotes data={d.notes} redirectTo={base} />
    </>
  );
}
