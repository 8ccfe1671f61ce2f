import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { DocumentCitation } from "../components/DocumentCitation";
import { Link, useLoaderData } from "@remix-run/react";
import { AlignmentChart } from "../components/AlignmentChart";
import { DataFreshness } from "../components/DataFreshness";
import { VALUE_LABEL } from "../components/DistributionChart";
import { ProgressChart } from "../components/ProgressChart";
import { FollowUpNotes } from "../components/FollowUpNotes";
import { notesPanel } from "../lib/notes.server";
import { badRequest } from "../lib/http.server";
import { BadQueryError, readGapQuery } from "../lib/overview.server";
import { ALIGNMENT_ROWS, PAGE_ROWS, recommendationDetail } from "../lib/recommendation.server";
import { ALIGNMENTS, ALIGNMENT_LABEL, RULE_EXPLANATION, type Value } from "../../domain/alignment";
import stylesUrl from "../styles/recommendation.css";
import notesStyles from "../styles/review.css";
import { GroupFilter } from "../components/GroupFilter";
import { OfficialLink } from "../components/OfficialLink";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "stylesheet", href: notesStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.recommendation.title} — Recommendations — Harmonia` : "Recommendation — Harmonia" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  const id = params.id ?? "";
  try {
    const query = await readGapQuery(db, url);
    const detail = await recommendationDetail(db, id, query);
    if (!detail) throw json({ message: `There is no recommendation "${id}". The list at /recommendations has every one.` }, { status: 404, statusText: "Not found" });
    const { changes, pendingBills, pendingAnswers, alignment, ...rest } = detail;
    // The page lists the newest rows (and at most ALIGNMENT_ROWS jurisdictions); the exports have them all.
    return json({
      ...rest,
      alignment: alignment.slice(0, ALIGNMENT_ROWS),
      alignmentCount: alignment.length,
      changes: changes.slice(0, PAGE_ROWS),
      changeCount: changes.length,
      pendingAnswers: pendingAnswers.slice(0, PAGE_ROWS),
      pendingAnswerCount: pendingAnswers.length,
      pendingBills: pendingBills.slice(0, PAGE_ROWS),
      billCount: pendingBills.length,
      search: url.search,
      notes: await notesPanel(context.services, request, { recommendationId: id }),
    });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

const valueLabel = (v: string | null) => (v ? VALUE_LABEL[v as Value] ?? v : "—");
const stageLabel = (s: string) => (s === "passed_chamber" ? "passed a chamber" : s);

function Downloads({ base, name, search, label }: { base: string; name: string; search: string; label: string }) {
  return (
    <p>
      <a href={`${base}/${name}.csv${search}`} download>Download {label} as CSV</a> · <a href={`${base}/${name}.json${search}`}>JSON</a>
    </p>
  );
}

export default function RecommendationPage() {
  const d = useLoaderData<typeof loader>();
  const { recommendation: r, indicators, query, group, groups, counts, search } = d;
  const base = `/recommendations/${encodeURIComponent(r.id)}`;
  const scope = group ? `the ${group.name} (${group.members} members)` : `the ${d.jurisdictions} jurisdictions with at least one cited answer`;
  const when = query.asOf ? `, as the law stood on ${query.asOf}` : "";
  const measured = indicators.length > 0;
  const first = d.series[0];
  const last = d.series[d.series.length - 1];
  const topicNames = d.topics.map((t) => t.name.toLowerCase()).join(", ");
  return (
    <>
      <p className="breadcrumb"><Link to={`/recommendations${search}`}>Recommendations</Link> › {r.id}</p>
      <h1>{r.title}</h1>
      <DataFreshness lastUpdated={d.lastUpdated} sources={d.sources} />

      <section aria-labelledby="text">
        <h2 id="text">What it asks</h2>
        <blockquote className="quote">{r.quote}</blockquote>
        <p>
          <DocumentCitation source={r.source} locator={r.locator} referenceUrl={r.reference_url} /> Addressed to{" "}
          {r.addressee.replace(/_/g, " ")}. Wording of catalogue version {r.current_version}
          {r.earlier_versions.length ? ` (${r.earlier_versions.length} earlier wording${r.earlier_versions.length > 1 ? "s" : ""} kept)` : ""}.
        </p>
        {r.measurement_note ? <p className="muted">{r.measurement_note}</p> : null}
        {measured ? (
          <>
            <p>
              Measured by {indicators.length} indicator{indicators.length > 1 ? "s" : ""}, combined by the rule <strong>{r.combine_rule}</strong>:{" "}
              {RULE_EXPLANATION[r.combine_rule]}
            </p>
            <ul>
              {indicators.map((i) => (
                <li key={i.id}>
                  <Link to={`/indicators/${encodeURIComponent(i.id)}${search}`}>{i.question}</Link> <code>{i.id}</code> <span className="muted">({i.topic_name})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>No legal indicator measures this recommendation, so it has no alignment or progress figures.</p>
        )}
      </section>

      {measured ? (
        <>
          <section aria-labelledby="alignment">
            <h2 id="alignment">Alignment</h2>
            <GroupFilter groups={groups} group={query.group} asOf={query.asOf} />
            <p>
              Across {scope}{when}: {counts.met} meet it, {counts.partial} partly, {counts.not_met} do not, and for {counts.unknown} the
              cited answers are not enough to tell.
            </p>
            <figure>
              <figcaption>Jurisdictions by alignment</figcaption>
              <AlignmentChart id="recommendation-alignment" data={[{ label: r.title, ...counts }]} title="Jurisdictions by alignment" unit="Jurisdictions" />
            </figure>
            <details>
              <summary>Alignment of each jurisdiction ({d.alignmentCount})</summary>
              {d.alignmentCount > d.alignment.length ? (
                <p className="muted">
                  The first {d.alignment.length} of {d.alignmentCount} by code; the CSV below has every one.
                </p>
              ) : null}
              <table>
                <thead>
                  <tr>
                    <th scope="col">Jurisdiction</th>
                    <th scope="col">Alignment</th>
                    {indicators.map((i) => (
                      <th key={i.id} scope="col"><code>{i.id}</code></th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.alignment.map((a) => (
                    <tr key={a.jurisdiction_code}>
                      <th scope="row"><Link to={`/jurisdictions/${a.jurisdiction_code}`}>{a.jurisdiction_name}</Link> <span className="muted">{a.jurisdiction_code}</span></th>
                      <td className={`alignment alignment-${a.alignment}`}>{ALIGNMENT_LABEL[a.alignment]}</td>
                      {a.values.map((v, n) => (
                        <td key={indicators[n]!.id}>{VALUE_LABEL[v]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            <Downloads base={base} name="alignment" search={search} label="the alignment per jurisdiction" />
          </section>

          <section aria-labelledby="progress">
            <h2 id="progress">Progress since the baseline ({d.baseline})</h2>
            <p>
              Counts as of the brief's baseline, each month-end since and {query.asOf ? query.asOf : "today"}, read from the answer history,
              for a fixed scope of {d.seriesScope} jurisdictions ({group ? `the ${group.name}` : "every jurisdiction with an answer today"}); a
              jurisdiction with no answer yet at a date counts as unknown.{" "}
              {first && last
                ? `On ${first.date}: ${first.met} met, ${first.partial} partly, ${first.not_met} not met. On ${last.date}: ${last.met} met, ${last.partial} partly, ${last.not_met} not met${
                    last.met > first.met ? ` — ${last.met - first.met} more meet it than at the baseline` : ""
                  }.`
                : ""}
            </p>
            <figure>
              <figcaption>Jurisdictions by alignment, {d.baseline} to {d.seriesEnd}</figcaption>
              <ProgressChart id="recommendation-progress" data={d.series} title={`Jurisdictions by alignment with ${r.title}, ${d.baseline} to ${d.seriesEnd}`} />
            </figure>
            <details>
              <summary>The numbers behind the chart</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    {ALIGNMENTS.map((a) => (
                      <th key={a} scope="col" className="num">{ALIGNMENT_LABEL[a]}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.series.map((p) => (
                    <tr key={p.date}>
                      <th scope="row"><time dateTime={p.date}>{p.date}</time></th>
                      {ALIGNMENTS.map((a) => (
                        <td key={a} className="num">{p[a]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
            <Downloads base={base} name="progress" search={search} label="the progress series" />
          </section>

          <section aria-labelledby="changes">
            <h2 id="changes">Who moved, and on what evidence</h2>
            <p>
              {d.changeCount === 0
                ? "No answer to these indicators in this scope took effect after the baseline."
                : `${d.changeCount} answers to these indicators in this scope took effect after the baseline, newest effective date first${d.changeCount > d.changes.length ? ` (the ${d.changes.length} newest here; the download has all)` : ""}. Answers whose effective date is not established are never counted as a move.`}
            </p>
            {d.changes.length > 0 ? (
              <div className="scroll">
                <table className="changes">
                  <thead>
                    <tr>
                      <th scope="col">Jurisdiction</th>
                      <th scope="col">Indicator</th>
                      <th scope="col">Old → new</th>
                      <th scope="col">In effect from</th>
                      <th scope="col">Recorded, by whom</th>
                      <th scope="col">Why, and the evidence</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.changes.map((c, n) => (
                      <tr key={`${c.jurisdiction_code}-${c.indicator_id}-${c.changed_at}-${n}`}>
                        <th scope="row">{c.jurisdiction_code}</th>
                        <td><Link to={`/indicators/${encodeURIComponent(c.indicator_id)}`}><code>{c.indicator_id}</code></Link></td>
                        <td className="nowrap">{valueLabel(c.old_value)} → <strong>{valueLabel(c.new_value)}</strong></td>
                        <td className="nowrap">
                          <time dateTime={c.effective_from ?? undefined}>{c.effective_from}</time>
                          {c.effective_basis ? <div className="muted">{c.effective_basis}</div> : null}
                        </td>
                        <td>
                          <time dateTime={c.changed_at}>{c.changed_at.slice(0, 10)}</time>, {c.changed_by}
                        </td>
                        <td>
                          {c.change_reason}.{" "}
                          {c.citation_url ? (
                            <OfficialLink href={c.citation_url}>{c.instrument_title}{c.provision ? `, ${c.provision}` : ""}</OfficialLink>
                          ) : (
                            <span className="muted">No citation (unknown).</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <Downloads base={base} name="changes" search={search} label="every change" />
          </section>

          <section aria-labelledby="pending">
            <h2 id="pending">What is pending</h2>
            <h3>Answers waiting on a bill or signature</h3>
            {d.pendingAnswers.length === 0 ? (
              <p>No answer to these indicators is pending in this scope.</p>
            ) : (
              <>
                {d.pendingAnswerCount > d.pendingAnswers.length ? (
                  <p>{d.pendingAnswerCount} pending answers; the first {d.pendingAnswers.length} here, every one in the download.</p>
                ) : null}
                <table>
                  <thead>
                    <tr><th scope="col">Jurisdiction</th><th scope="col">Indicator</th><th scope="col">Why</th><th scope="col">Instrument</th><th scope="col">Pending since</th><th scope="col">Last verified</th></tr>
                  </thead>
                  <tbody>
                    {d.pendingAnswers.map((p) => (
                      <tr key={`${p.jurisdiction_code}-${p.indicator_id}`}>
                        <th scope="row">{p.jurisdiction_code}</th>
                        <td><code>{p.indicator_id}</code></td>
                        <td>{p.rationale}</td>
                        <td>{p.citation ? <OfficialLink href={p.citation.url}>{p.citation.instrumentTitle}</OfficialLink> : null}</td>
                        <td>{p.effective_from ?? "not established"}</td>
                        <td>
                          {p.verified_on}
                          {p.needs_recheck ? <strong className="recheck"> Needs re-check: verified more than 180 days ago.</strong> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
            <h3>Bills in progress where the recommendation is not met</h3>
            <p>
              Bills introduced or through one chamber, tagged with {topicNames || "the indicators' topics"}, in the {d.notMetJurisdictions} jurisdictions
              not known to meet the recommendation (not met, partly met, or too little known to decide): {d.billCount === 0 ? "none found by the sources yet." : `${d.billCount}${d.billCount > d.pendingBills.length ? ` (the first ${d.pendingBills.length} here)` : ""}.`}
            </p>
            {d.pendingBills.length > 0 ? (
              <table>
                <thead>
                  <tr><th scope="col">Jurisdiction</th><th scope="col">Bill</th><th scope="col">Stage</th><th scope="col">Introduced</th><th scope="col">Topics</th></tr>
                </thead>
                <tbody>
                  {d.pendingBills.map((b) => (
                    <tr key={b.id}>
                      <th scope="row">{b.jurisdiction_code}</th>
                      <td><OfficialLink href={b.official_url}>{b.title}</OfficialLink></td>
                      <td>{stageLabel(b.stage)}</td>
                      <td>{b.introduced_on ?? <span className="muted">—</span>}</td>
                      <td>{b.topics.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <Downloads base={base} name="pending" search={search} label="what is pending" />
          </section>
        </>
      ) : null}
      <FollowUpNotes data={d.notes} redirectTo={base} />
      <p><a href={`${base}/notes`}>Follow-up notes on this recommendation, page by itself</a></p>
    </>
  );
}
