import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { DocumentCitation } from "../components/DocumentCitation";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { methodologyData } from "../lib/methodology.server";
import { AVERAGE_RULE, RULE_EXPLANATION } from "../../domain/alignment";
import { RECHECK_AFTER_DAYS } from "../../domain/valid-time";
import { OfficialLink } from "../components/OfficialLink";

export const meta: MetaFunction = () => [{ title: "Methodology — Harmonia" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json(await methodologyData(context.services.database.db));
}

const hours = (ms: number) => (ms >= 86_400_000 ? `${ms / 86_400_000} d` : `${Math.round(ms / 3_600_000)} h`);

export default function Methodology() {
  const { topics, indicators, recommendations, groups, sources, dictionary } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Methodology</h1>
      <nav aria-label="On this page">
        <ul>
          <li><a href="#answers">How an answer is made</a></li>
          <li><a href="#indicators">Indicators ({indicators.length})</a></li>
          <li><a href="#recommendations">Recommendations ({recommendations.length})</a></li>
          <li><a href="#scoring">Scoring</a></li>
          <li><a href="#legal-time">Legal time and recorded time</a></li>
          <li><a href="#provenance">Provenance of every dataset</a></li>
          <li><a href="#dictionary">Data dictionary</a></li>
        </ul>
      </nav>

      <section aria-labelledby="answers">
        <h2 id="answers">How an answer is made</h2>
        <p>
          Each jurisdiction is asked the same precise legal questions (indicators). An answer is one of <strong>met</strong>,{" "}
          <strong>partial</strong>, <strong>not met</strong>, <strong>pending</strong> (a bill or signature in progress),{" "}
          <strong>reserved</strong> (a treaty party with a reservation excluding virtual or simulated material) or{" "}
          <strong>unknown</strong>. Every answer other than unknown names its instrument, provision and official URL, the
          date the legal position took effect, the date the provision was last read, a confidence and a one-line rationale; the database refuses an uncited answer. Unknown is an honest
          answer: no cited answer has been recorded yet, and nothing is assumed.
        </p>
        <p id="confidence">
          The <strong>confidence</strong> says how the provision was read. <strong>High</strong>: the provision text itself
          was read, and the answer quotes the words read. <strong>Medium</strong>: the provision was established from its
          official page or from a reliable source that quotes or closely paraphrases it, without its words recorded here.{" "}
          <strong>Low</strong>: from a summary only. A citation points at the provision, or the instrument's own page on an
          official source, never at a portal's home or search page; the loader refuses a file that breaks these rules.
        </p>
        <p id="treaty-dates">
          A treaty answer always carries the day it took effect for the State: for a party, the day the treaty entered
          into force for it (computed from the deposit by the treaty's own article when the depositary gives only the
          deposit); for a signatory, the day of signature; for a State the depositary does not list at all, the day the
          treaty was concluded, since the depositary lists every State that signs, joins or denounces. The day the
          depositary's list was read is the answer's verified date: a signature after it is not shown.
        </p>
        <p>
          Each answer says where it comes from (its <em>origin</em>): <strong>curated</strong> answers are the reviewed
          baseline kept in the repository (<code>sources/curated/data/</code>); <strong>ingested</strong> answers come from a
          scheduled official source (treaty status pages); <strong>analyst</strong> answers were set or reviewed by a person. A
          scheduled source never overwrites an analyst's answer: a disagreement goes to the review queue.
        </p>
      </section>

      <section aria-labelledby="indicators">
        <h2 id="indicators">Indicators</h2>
        {topics.map((t) => (
          <section key={t.id} aria-labelledby={`topic-${t.id}`}>
            <h3 id={`topic-${t.id}`}>{t.name}</h3>
            <p>{t.description}</p>
            <dl>
              {indicators
                .filter((i) => i.topic_id === t.id)
                .map((i) => (
                  <div key={i.id} id={`indicator-${i.id}`} className="entry">
                    <dt>
                      <code>{i.id}</code> {i.question} {i.is_offence ? <span className="muted">(offence)</span> : null}
                    </dt>
                    <dd>
                      <p>{i.definition}</p>
                      <ul className="scale">
                        {Object.entries(i.answer_scale).map(([value, meaning]) => (
                          <li key={value}><strong>{value}</strong>: {meaning}</li>
                        ))}
                      </ul>
                      {i.example_laws.length ? <p className="muted">Examples: {i.example_laws.join("; ")}</p> : null}
                    </dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
      </section>

      <section aria-labelledby="recommendations">
        <h2 id="recommendations">Recommendations</h2>
        <p>
          Recommendations are quoted verbatim from the documents Harmonia follows. The catalogue is versioned (current:{" "}
          {recommendations[0]?.current_version ?? "none"}): a later version replaces the wording and keeps the earlier one,
          and follow-up data stays attached to the recommendation's id.
        </p>
        {recommendations.map((r) => (
          <article key={r.id} id={`recommendation-${r.id}`} className="entry">
            <h3>{r.title} <span className="muted">({r.id})</span></h3>
            <blockquote>{r.quote}</blockquote>
            <p>
              <DocumentCitation source={r.source} locator={r.locator} referenceUrl={r.reference_url} /> Addressed to:{" "}
              {r.addressee.replace(/_/g, " ")}.
            </p>
            <p>
              {r.indicators.length ? (
                <>Measured by {r.indicators.map((i) => <a key={i} href={`#indicator-${i}`}><code>{i}</code></a>).reduce<ReactNode[]>((acc, el, n) => (n ? [...acc, ", ", el] : [el]), [])}, combined by the rule <strong>{r.combine_rule}</strong>.</>
              ) : (
                <>Not measured by indicators: {r.measurement_note}</>
              )}
            </p>
          </article>
        ))}
      </section>

      <section aria-labelledby="scoring">
        <h2 id="scoring">Scoring</h2>
        <p>A jurisdiction's alignment with a recommendation combines its answers to the recommendation's indicators:</p>
        <dl>
          {Object.entries(RULE_EXPLANATION).map(([rule, text]) => (
            <div key={rule}><dt><strong>{rule}</strong></dt><dd>{text}</dd></div>
          ))}
        </dl>
        <p>
          <strong>No colour without evidence.</strong> An alignment is decided only when enough indicators are known to decide
          it under its rule; otherwise it is <strong>insufficient evidence</strong> (some known, too few to decide) or{" "}
          <strong>not yet researched</strong> (none known), and every score shows "k of n known". {AVERAGE_RULE} Headlines and
          rankings count only decided alignments.
        </p>
      </section>

      <section aria-labelledby="legal-time">
        <h2 id="legal-time">Legal time and recorded time</h2>
        <p>
          Every answer carries two times. <strong>In effect from</strong> (valid time) is the day the legal position took effect:
          for a law, the day the provision that produces the answer came into force (for an amendment, the day the amendment
          did); for a bill pending, the day it was introduced; for a treaty, the day the treaty entered into force for the State
          — computed from the deposit of its ratification or accession by the treaty's own article (Palermo Protocol art. 17(2)
          and UNTOC art. 38(2): the thirtieth day after; OPSC art. 14(2): one month after; Council of Europe conventions: the
          first day of the month after three months), and both dates are shown; a signature holds from the day it was made.
          Where that day cannot be established from the cited source, the answer says <strong>in force, date not
          established</strong> and why; no date is invented. <strong>Verified on</strong> (recorded time) is the day the
          provision or status page was read; Harmonia also keeps when it recorded each change.
        </p>
        <p>
          <strong>"As of D"</strong> means the law in force on D: each answer counts from its effective date (an undated answer
          only from the day it was verified). <strong>recorded_by=D</strong> (on the assessments API) answers what Harmonia had
          recorded by the end of D. A later answer with a later effective date is a <em>change in the law</em> and keeps the
          earlier position before that date; any other change is a <em>correction of the record</em> and replaces it. Progress
          since the brief's launch (1 November 2024) counts answers by effective date; answers with no established date are a
          band of their own on every date, never a move. A pending answer last verified more than {RECHECK_AFTER_DAYS} days ago
          is marked <strong>needs re-check</strong>.
        </p>
      </section>

      <section aria-labelledby="provenance">
        <h2 id="provenance">Provenance of every dataset</h2>
        <ul>
          <li>
            <strong>Jurisdictions</strong>: ISO 3166-1 countries with English names from the maintained <code>i18n-iso-countries</code>{" "}
            library; ISO 3166-2 sub-national units (US states and DC, Australian states and territories, Canadian provinces and
            territories, the UK nations) from <code>country-state-city</code>; plus the EU.
          </li>
          <li>
            <strong>Groups</strong> (curated), each member list cited:
            <ul>
              {groups.map((g) => (
                <li key={g.id}>
                  {g.name} ({g.members} members): <OfficialLink href={g.citation_url}>{g.citation_title}</OfficialLink>, as of {g.as_of}
                  {g.note ? `. ${g.note}` : ""}
                </li>
              ))}
            </ul>
          </li>
          <li>
            <strong>Indicators, recommendations and the baseline</strong> (curated): reviewable YAML and CSV files in{" "}
            <code>sources/curated/data/</code>, validated by a schema and loaded through the same ingestion path as every source.
          </li>
          <li>
            <strong>Scheduled sources</strong>:
            <table>
              <thead>
                <tr><th scope="col">Source</th><th scope="col">Id</th><th scope="col">Endpoints</th><th scope="col">Every</th><th scope="col">API key</th></tr>
              </thead>
              <tbody>
                {sources.map((s) => (
                  <tr key={s.id}>
                    <td>{s.homepage.startsWith("http") ? <OfficialLink href={s.homepage}>{s.name}</OfficialLink> : s.name}</td>
                    <td><code>{s.id}</code></td>
                    <td className="num">{s.endpoints}</td>
                    <td>{hours(s.everyMs)}</td>
                    <td>{s.apiKeyEnv ? <code>{s.apiKeyEnv}</code> : "none"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        </ul>
      </section>

      <section aria-labelledby="dictionary">
        <h2 id="dictionary">Data dictionary</h2>
        <p>
          Every export has these columns, in this order. CSV: UTF-8, a header row, ISO 8601 dates, lists joined with{" "}
          <code>|</code>, and text cells starting with <code>= + - @</code>, tab or CR prefixed with an apostrophe so
          spreadsheets do not run them. JSON: the same keys, lists as arrays. Add <code>.csv</code> to an API path for CSV.
        </p>
        {dictionary.map((d) => (
          <section key={d.name} aria-labelledby={`dict-${d.name.replace(/\W+/g, "-")}`}>
            <h3 id={`dict-${d.name.replace(/\W+/g, "-")}`}>{d.name.startsWith("/") ? <code>{d.name}</code> : d.name}</h3>
            <p>{d.description}</p>
            {Object.keys(d.parameters).length ? (
              <p>
                Parameters:{" "}
                {Object.entries(d.parameters).map(([p, help], n) => (
                  <span key={p}>{n ? "; " : ""}<code>{p}</code> — {help}</span>
                ))}
              </p>
            ) : null}
            <table>
              <thead><tr><th scope="col">Column</th><th scope="col">Meaning</th></tr></thead>
              <tbody>
                {d.columns.map((c) => (
                  <tr key={c.name}><td><code>{c.name}</code></td><td>{c.description}</td></tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </section>
    </>
  );
}
