import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { DataFreshness } from "../components/DataFreshness";
import { AGREEMENT_LABEL, MAX_JURISDICTIONS, MIN_JURISDICTIONS, PAIR_LABEL, ValueBadge, type PairResult } from "../components/JurisdictionValue";
import { compareData, readCompareQuery } from "../lib/compare.server";
import { badRequest } from "../lib/http.server";
import { BadQueryError } from "../lib/overview.server";
import styles from "../styles/jurisdiction.css";
import { OfficialLink } from "../components/OfficialLink";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.jurisdictions.length ? `Compare ${data.jurisdictions.map((j) => j.code).join(", ")} — Harmonia` : "Compare jurisdictions — Harmonia" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const url = new URL(request.url);
  try {
    const query = await readCompareQuery(db, url);
    return json({ ...(await compareData(db, query)), search: url.search });
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

const PAIR_ORDER: PairResult[] = ["gap", "partly", "both", "neither", "unknown"];

export default function Compare() {
  const { query, jurisdictions, picker, rows, summary, dualCriminality, pairs, freshness, search } = useLoaderData<typeof loader>();
  const codes = query.codes;
  const listed = new Set(picker.map((p) => p.code));
  const typed = codes.filter((c) => !listed.has(c));
  const nameOf = Object.fromEntries(jurisdictions.map((j) => [j.code, j.name]));
  const topics = [...new Set(rows.map((r) => r.topic))];
  const gaps = dualCriminality.reduce((n, i) => n + i.counts.gap, 0);
  const names = jurisdictions.map((j) => j.name);
  const nameList = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names.join("");
  return (
    <>
      <h1>Compare jurisdictions</h1>
      <DataFreshness lastUpdated={freshness.lastUpdated} sources={freshness.sources} />
      <Form method="get" className="filters compare-form">
        <label>
          Jurisdictions with answers (choose {MIN_JURISDICTIONS}–{MAX_JURISDICTIONS}; Ctrl or ⌘ for several)
          <br />
          <select name="j" multiple size={8} defaultValue={codes.filter((c) => listed.has(c))}>
            {picker.map((p) => (
              <option key={p.code} value={p.code}>{p.name} ({p.code})</option>
            ))}
          </select>
        </label>
        <label>
          Or type codes, comma-separated
          <br />
          <input type="text" name="j" defaultValue={typed.join(",")} placeholder="e.g. GB,US,AU" aria-describedby="codes-help" />
          <br />
          <span id="codes-help" className="muted">ISO codes: GB, US-CA, EU…</span>
        </label>
        <label>
          As of
          <br />
          <input type="date" name="as_of" defaultValue={query.asOf ?? ""} />
        </label>
        <button type="submit">Compare</button>
      </Form>

      {codes.length === 0 ? (
        <p>
          Choose {MIN_JURISDICTIONS} to {MAX_JURISDICTIONS} jurisdictions to see every indicator side by side, with the citation
          for each answer and where the answers differ. For example: <a href="/compare?j=GB,US,AU">United Kingdom, United States and Australia</a>.
        </p>
      ) : (
        <>
          <p>
            {nameList}{query.asOf ? `, as the law stood on ${query.asOf}` : ""}: of {summary.indicators} indicators, the answers{" "}
            <strong>differ on {summary.differs}</strong>, are the same on {summary.same}, agree where known but include unknown answers on{" "}
            {summary.incomplete}, and are unknown for all on {summary.unknown}. Across {dualCriminality.length} offence indicators and{" "}
            {pairs} pairs, {gaps} pairings have conduct that is a crime in one jurisdiction and not the other (a dual-criminality gap).
          </p>
          <nav aria-label="On this page" className="on-this-page">
            <ul>
              <li><a href="#table">Side by side</a></li>
              <li><a href="#dual-criminality">Dual criminality</a></li>
            </ul>
          </nav>
          <section aria-labelledby="table">
            <h2 id="table">Side by side</h2>
            <p className="exports">
              <a href={`/compare.csv${search}`} download>Download the comparison as CSV</a> · <a href={`/compare.json${search}`}>JSON</a> ·{" "}
              Rows marked <span className="marker">≠ Differs</span> have different cited answers.
            </p>
            <div className="scroll">
              <table className="compare-table">
                <thead>
                  <tr>
                    <th scope="col">Indicator</th>
                    {jurisdictions.map((j) => (
                      <th key={j.code} scope="col">
                        <a href={`/jurisdictions/${encodeURIComponent(j.code)}${query.asOf ? `?as_of=${query.asOf}` : ""}`}>{j.name}</a> <span className="muted">({j.code})</span>
                      </th>
                    ))}
                    <th scope="col">Agreement</th>
                  </tr>
                </thead>
                {topics.map((t) => (
                  <tbody key={t}>
                    <tr>
                      <th scope="colgroup" colSpan={codes.length + 2} className="topic-head">{rows.find((r) => r.topic === t)?.topic_name}</th>
                    </tr>
                    {rows
                      .filter((r) => r.topic === t)
                      .map((r) => (
                        <tr key={r.indicator_id} className={r.agreement === "differs" ? "differs" : undefined} id={`row-${r.indicator_id}`}>
                          <th scope="row">
                            {r.agreement === "differs" ? <span className="marker" aria-hidden="true">≠ </span> : null}
                            {r.question} <a href={`/methodology#indicator-${r.indicator_id}`} className="muted"><code>{r.indicator_id}</code></a>
                            {r.is_offence ? <span className="muted"> (offence)</span> : null}
                          </th>
                          {codes.map((code) => {
                            const c = r.cells[code]!;
                            return (
                              <td key={code}>
                                <ValueBadge value={c.value} />
                                {c.citation ? (
                                  <>
                                    <br />
                                    <OfficialLink href={c.citation.url} title={c.rationale}>
                                      {c.citation.instrumentTitle}, {c.citation.provision}
                                    </OfficialLink>
                                    {c.more_citations ? <span className="muted"> (+{c.more_citations} more)</span> : null}
                                  </>
                                ) : null}
                              </td>
                            );
                          })}
                          <td className="agreement">{r.agreement === "differs" ? "≠ " : ""}{AGREEMENT_LABEL[r.agreement]}</td>
                        </tr>
                      ))}
                  </tbody>
                ))}
              </table>
            </div>
          </section>

          <section aria-labelledby="dual-criminality">
            <h2 id="dual-criminality">Dual criminality</h2>
            <p>
              For each offence indicator and each pair of the chosen jurisdictions: is the conduct a crime in both, in neither, or in
              one only (met against not met; a pending bill is not yet law)? A partial or reserved answer counts as "partly", and
              an unknown answer leaves the pair unknown. Gaps are where cross-border cooperation that requires dual criminality
              can fail.
            </p>
            <div className="scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Offence indicator</th>
                    {PAIR_ORDER.map((p) => <th key={p} scope="col">{PAIR_LABEL[p]}</th>)}
                    <th scope="col">Where it is a crime in one only</th>
                  </tr>
                </thead>
                <tbody>
                  {dualCriminality.map((i) => (
                    <tr key={i.indicator_id}>
                      <th scope="row">{i.question} <span className="muted">(<code>{i.indicator_id}</code>)</span></th>
                      {PAIR_ORDER.map((p) => <td key={p} className="num">{i.counts[p]}</td>)}
                      <td>
                        {i.pairs.filter((p) => p.result === "gap").length === 0 ? (
                          <span className="muted">none</span>
                        ) : (
                          <ul>
                            {i.pairs
                              .filter((p) => p.result === "gap")
                              .map((p) => {
                                const other = p.crime_in === p.a ? p.b : p.a;
                                return (
                                  <li key={`${p.a}-${p.b}`} className="pair-gap">
                                    Crime in {nameOf[p.crime_in] ?? p.crime_in}, not in {nameOf[other] ?? other}
                                  </li>
                                );
                              })}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <details>
              <summary>Every pair, indicator by indicator</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Offence indicator</th>
                    <th scope="col">Pair</th>
                    <th scope="col">Answers</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {dualCriminality.map((i) => (
                    <Fragment key={i.indicator_id}>
                      {i.pairs.map((p) => (
                        <tr key={`${p.a}-${p.b}`}>
                          <th scope="row"><code>{i.indicator_id}</code></th>
                          <td>{p.a} – {p.b}</td>
                          <td>
                            {p.a}: <ValueBadge value={p.value_a} />; {p.b}: <ValueBadge value={p.value_b} />
                          </td>
                          <td className={p.result === "gap" ? "pair-gap" : undefined}>
                            {p.result === "gap" ? `Crime in ${p.crime_in} only` : PAIR_LABEL[p.result]}
                          </td>
                        </tr>
                      ))}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </details>
            <p className="exports">
              <a href={`/compare/dual-criminality.csv${search}`} download>Download the pair table as CSV</a> ·{" "}
              <a href={`/compare/dual-criminality.json${search}`}>JSON</a> · <a href="/methodology#scoring">Methodology</a>
            </p>
          </section>
        </>
      )}
    </>
  );
}
