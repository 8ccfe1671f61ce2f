import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { methodologyData } from "../lib/methodology.server";
import { RULE_EXPLANATION } from "../lib/scoring";
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
          <strong>unknown</strong>. Every answer other than unknown names its instrument, provision and official URL, an
          as-of date, a confidence and a one-line rationale; the database refuses an uncited answer. Unknown is an honest
          answer: no cited answer has been recorded yet, and nothing is assumed.
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
              Source: {r.reference_url ? <OfficialLink href={r.reference_url}>{r.document}</OfficialLink> : r.document}, {r.locator}.
              Addressed to: {r.addressee.replace(/_/g, " ")}.
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
          "As of" a date reads the answer history: for each cell, the latest answer whose own as-of date is on or before
          that date.
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
