import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ValueBadge, VALUES, VALUE_LABEL } from "./JurisdictionValue";
import type { Value } from "../../domain/alignment";
import { OfficialLink } from "./OfficialLink";

/**
 * Client-safe pieces of the analyst workflow (issue 6): the assessment form fields with their errors beside
 * them, and one review item with its evidence and decision forms. All text is rendered as text.
 */

export const CONFIDENCE_CHOICES = ["high", "medium", "low"] as const;

export interface CitationView {
  instrumentTitle: string;
  provision: string;
  url: string;
  quote?: string | null;
}

export interface AnswerView {
  value: Value;
  origin: string;
  effective_from: string | null;
  effective_basis: string;
  verified_on: string;
  rationale: string;
  citations: CitationView[];
  confidence: string | null;
  reviewed_by: string | null;
}

/** The form's fields, keyed by the same names as the repository's validation errors. */
export interface AssessmentValues {
  jurisdictionCode: string;
  indicatorId: string;
  value: string;
  rationale: string;
  instrumentTitle: string;
  provision: string;
  url: string;
  quote: string;
  effectiveFrom: string;
  effectiveBasis: string;
  verifiedOn: string;
  confidence: string;
  reason: string;
}

export type Errors = Partial<Record<string, string>>;

export interface IndicatorChoice {
  id: string;
  question: string;
  topic_id: string;
  topic_name: string;
}

export interface ReviewItemView {
  id: number;
  kind: "new_instrument" | "conflict";
  status: "open" | "accepted" | "dismissed";
  reason: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  source: { id: string; name: string; homepage: string };
  jurisdiction: { code: string; name: string } | null;
  indicator: { id: string; question: string } | null;
  instrument: {
    id: number;
    title: string;
    kind: string;
    stage: string;
    official_url: string;
    introduced_on: string | null;
    enacted_on: string | null;
    in_force_on: string | null;
    summary: string | null;
    identifiers: Record<string, string>;
    first_seen_at: string;
  } | null;
  topics: { topic_id: string; topic_name: string; reason: string }[];
  snapshot: { id: number; url: string; sha256: string; http_status: number | null; first_fetched_at: string; last_fetched_at: string } | null;
  current: AnswerView | null;
  prefill: AssessmentValues;
}

/** What an action hands back when a form was refused: the errors per field and what was typed. */
export interface FormFailure {
  intent: string;
  itemId: number | null;
  errors: Errors;
  values: Record<string, string>;
}

const when = (iso: string | null) => (iso ? <time dateTime={iso}>{iso.length > 10 ? `${iso.slice(0, 16).replace("T", " ")} UTC` : iso}</time> : <span className="muted">—</span>);

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  );
}

/** Props that tie an input to its error message for assistive technology. */
const described = (id: string, message: string | undefined) => (message ? { "aria-invalid": true as const, "aria-describedby": id } : {});

export function CitationList({ citations }: { citations: CitationView[] }) {
  if (citations.length === 0) return <span className="muted">No citation</span>;
  return (
    <ul className="citations">
      {citations.map((c, n) => (
        <li key={n}>
          {c.instrumentTitle}, {c.provision}.{" "}
          <OfficialLink href={c.url}>
            Official text<span className="visually-hidden"> of {c.instrumentTitle}</span>
          </OfficialLink>
          {c.quote ? <blockquote>{c.quote}</blockquote> : null}
        </li>
      ))}
    </ul>
  );
}

export function AnswerSummary({ answer }: { answer: AnswerView | null }) {
  if (!answer) return <p><ValueBadge value="unknown" /> No stored answer: the cell is unknown.</p>;
  return (
    <dl className="answer">
      <dt>Value</dt>
      <dd><ValueBadge value={answer.value} /> <span className="muted">({answer.origin}{answer.reviewed_by ? `, reviewed by ${answer.reviewed_by}` : ""})</span></dd>
      <dt>Rationale</dt>
      <dd>{answer.rationale || <span className="muted">—</span>}</dd>
      <dt>Citation</dt>
      <dd><CitationList citations={answer.citations} /></dd>
      <dt>In effect from</dt>
      <dd>{answer.effective_from ? when(answer.effective_from) : "Date not established"}{answer.effective_basis ? <span className="muted"> — {answer.effective_basis}</span> : null}</dd>
      <dt>Verified on</dt>
      <dd>{when(answer.verified_on)}</dd>
      <dt>Confidence</dt>
      <dd>{answer.confidence ?? <span className="muted">—</span>}</dd>
    </dl>
  );
}

/**
 * The answer fields: indicator (a choice, or fixed), value, rationale, citation (instrument, provision,
 * URL, quote), as-of date and confidence. `prefix` keeps ids unique when a page has many forms.
 */
export function AssessmentFields({
  prefix,
  values,
  errors,
  indicators,
  preferredTopics = [],
  fixedIndicator,
}: {
  prefix: string;
  values: AssessmentValues;
  errors: Errors;
  indicators: IndicatorChoice[];
  preferredTopics?: string[];
  fixedIndicator?: IndicatorChoice | null;
}) {
  const id = (name: string) => `${prefix}-${name}`;
  const err = (name: string) => `${prefix}-${name}-error`;
  const preferred = indicators.filter((i) => preferredTopics.includes(i.topic_id));
  const others = indicators.filter((i) => !preferredTopics.includes(i.topic_id));
  const topics = [...new Set(others.map((i) => i.topic_name))];
  return (
    <>
      {fixedIndicator ? (
        <input type="hidden" name="indicatorId" value={fixedIndicator.id} />
      ) : (
        <label htmlFor={id("indicatorId")}>
          Indicator this answers
          <select id={id("indicatorId")} name="indicatorId" defaultValue={values.indicatorId} required {...described(err("indicatorId"), errors.indicatorId)}>
            <option value="">Choose an indicator…</option>
            {preferred.length > 0 ? (
              <optgroup label={`On the instrument's topics (${[...new Set(preferred.map((p) => p.topic_name))].join(", ")})`}>
                {preferred.map((i) => (
                  <option key={i.id} value={i.id}>{i.id} — {i.question}</option>
                ))}
              </optgroup>
            ) : null}
            {topics.map((t) => (
              <optgroup key={t} label={t}>
                {others.filter((i) => i.topic_name === t).map((i) => (
                  <option key={i.id} value={i.id}>{i.id} — {i.question}</option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldError id={err("indicatorId")} message={errors.indicatorId} />
        </label>
      )}
      <FieldError id={err("jurisdictionCode")} message={errors.jurisdictionCode} />
      <label htmlFor={id("value")}>
        Value
        <select id={id("value")} name="value" defaultValue={values.value} required {...described(err("value"), errors.value)}>
          <option value="">Choose a value…</option>
          {VALUES.map((v) => (
            <option key={v} value={v}>{VALUE_LABEL[v]}</option>
          ))}
        </select>
        <FieldError id={err("value")} message={errors.value} />
      </label>
      <label htmlFor={id("rationale")}>
        Rationale (one line: why the law gives this value)
        <textarea id={id("rationale")} name="rationale" rows={2} defaultValue={values.rationale} {...described(err("rationale"), errors.rationale)} />
        <FieldError id={err("rationale")} message={errors.rationale} />
      </label>
      <fieldset className="citation-fields">
        <legend>Citation (needed for every value but unknown)</legend>
        <label htmlFor={id("instrumentTitle")}>
          Instrument title
          <input id={id("instrumentTitle")} name="instrumentTitle" defaultValue={values.instrumentTitle} {...described(err("instrumentTitle"), errors.instrumentTitle)} />
          <FieldError id={err("instrumentTitle")} message={errors.instrumentTitle} />
        </label>
        <label htmlFor={id("provision")}>
          Provision (article, section…)
          <input id={id("provision")} name="provision" defaultValue={values.provision} {...described(err("provision"), errors.provision)} />
          <FieldError id={err("provision")} message={errors.provision} />
        </label>
        <label htmlFor={id("url")}>
          Official URL (https)
          <input id={id("url")} name="url" type="url" defaultValue={values.url} {...described(err("url"), errors.url)} />
          <FieldError id={err("url")} message={errors.url} />
        </label>
        <label htmlFor={id("quote")}>
          Quote of the provision (optional)
          <textarea id={id("quote")} name="quote" rows={2} defaultValue={values.quote} {...described(err("quote"), errors.quote)} />
          <FieldError id={err("quote")} message={errors.quote} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Legal time and recorded time</legend>
        <label htmlFor={id("effectiveFrom")}>
          In effect from (the day the provision took effect; leave empty if not established)
          <input id={id("effectiveFrom")} name="effectiveFrom" type="date" defaultValue={values.effectiveFrom} {...described(err("effectiveFrom"), errors.effectiveFrom)} />
          <FieldError id={err("effectiveFrom")} message={errors.effectiveFrom} />
        </label>
        <label htmlFor={id("effectiveBasis")}>
          How the date is known (or why it is not)
          <input id={id("effectiveBasis")} name="effectiveBasis" defaultValue={values.effectiveBasis} {...described(err("effectiveBasis"), errors.effectiveBasis)} />
          <FieldError id={err("effectiveBasis")} message={errors.effectiveBasis} />
        </label>
        <label htmlFor={id("verifiedOn")}>
          Verified on (the day you read the provision)
          <input id={id("verifiedOn")} name="verifiedOn" type="date" defaultValue={values.verifiedOn} required {...described(err("verifiedOn"), errors.verifiedOn)} />
          <FieldError id={err("verifiedOn")} message={errors.verifiedOn} />
        </label>
      </fieldset>
      <label htmlFor={id("confidence")}>
        Confidence
        <select id={id("confidence")} name="confidence" defaultValue={values.confidence} {...described(err("confidence"), errors.confidence)}>
          <option value="">None (only for unknown)</option>
          {CONFIDENCE_CHOICES.map((c) => (
            <option key={c} value={c}>{c}</option>
          ))}
        </select>
        <FieldError id={err("confidence")} message={errors.confidence} />
      </label>
    </>
  );
}

export function ReasonField({ prefix, value, error, label }: { prefix: string; value: string; error: string | undefined; label: string }) {
  const id = `${prefix}-reason`;
  return (
    <label htmlFor={id}>
      {label}
      <input id={id} name="reason" defaultValue={value} required {...described(`${id}-error`, error)} />
      <FieldError id={`${id}-error`} message={error} />
    </label>
  );
}

const KIND_TITLE = { new_instrument: "New instrument", conflict: "Conflict" } as const;

export function itemTitle(item: ReviewItemView): string {
  if (item.kind === "new_instrument") return `${KIND_TITLE.new_instrument}: ${item.instrument?.title ?? "(instrument removed)"}`;
  return `${KIND_TITLE.conflict}: ${item.jurisdiction?.code ?? "?"} · ${item.indicator?.id ?? "?"}`;
}

/** The evidence of one item, as a definition list. `full` adds the summary and identifiers. */
export function Evidence({ item, full = false }: { item: ReviewItemView; full?: boolean }) {
  const i = item.instrument;
  return (
    <dl className="evidence">
      <dt>Why it is here</dt>
      <dd>{item.reason}</dd>
      <dt>Source</dt>
      <dd>
        {item.source.name} (<code>{item.source.id}</code>) ·{" "}
        <OfficialLink href={item.source.homepage}>source homepage</OfficialLink> · detected {when(item.created_at)}
      </dd>
      {item.jurisdiction ? (
        <>
          <dt>Jurisdiction</dt>
          <dd><a href={`/jurisdictions/${encodeURIComponent(item.jurisdiction.code)}`}>{item.jurisdiction.name} ({item.jurisdiction.code})</a></dd>
        </>
      ) : null}
      {item.indicator ? (
        <>
          <dt>Indicator</dt>
          <dd><code>{item.indicator.id}</code>: {item.indicator.question}</dd>
        </>
      ) : null}
      {i ? (
        <>
          <dt>Instrument</dt>
          <dd>
            <OfficialLink href={i.official_url}>{i.title}</OfficialLink> — {i.kind}, {i.stage.replace(/_/g, " ")}
            {i.introduced_on ? <>; introduced {when(i.introduced_on)}</> : null}
            {i.enacted_on ? <>; enacted {when(i.enacted_on)}</> : null}
            {i.in_force_on ? <>; in force {when(i.in_force_on)}</> : null}
            <br />
            <span className="muted">Official URL: {i.official_url}</span>
          </dd>
          {full && i.summary ? (
            <>
              <dt>Summary given by the source</dt>
              <dd>{i.summary}</dd>
            </>
          ) : null}
          {full && Object.keys(i.identifiers).length > 0 ? (
            <>
              <dt>Identifiers</dt>
              <dd>{Object.entries(i.identifiers).map(([k, v]) => `${k}: ${v}`).join("; ")}</dd>
            </>
          ) : null}
        </>
      ) : null}
      {item.topics.length > 0 ? (
        <>
          <dt>Classifier reasons</dt>
          <dd>
            <ul>
              {item.topics.map((t) => (
                <li key={t.topic_id}>{t.topic_name} (<code>{t.topic_id}</code>): {t.reason}</li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      <dt>Snapshot</dt>
      <dd>
        {item.snapshot ? (
          <>
            {item.snapshot.url}
            <br />
            fetched {when(item.snapshot.first_fetched_at)}
            {item.snapshot.last_fetched_at !== item.snapshot.first_fetched_at ? <>, last seen {when(item.snapshot.last_fetched_at)}</> : null}
            {item.snapshot.http_status !== null ? <>, HTTP {item.snapshot.http_status}</> : null}
            <br />
            sha256 <code className="hash">{item.snapshot.sha256}</code>
          </>
        ) : (
          <span className="muted">No snapshot recorded</span>
        )}
      </dd>
      {item.kind === "conflict" || item.current ? (
        <>
          <dt>{item.kind === "conflict" ? "Reviewed answer the source contradicts" : "Current answer of this cell"}</dt>
          <dd><AnswerSummary answer={item.current} /></dd>
        </>
      ) : null}
      {item.status !== "open" ? (
        <>
          <dt>Decision</dt>
          <dd>
            {item.status} by {item.decided_by ?? "?"} {when(item.decided_at)}: {item.decision_reason}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * One item: heading, selection checkbox (for the bulk form), evidence, and its accept and dismiss forms.
 * `back` is where the forms return to after a decision.
 */
export function ReviewItemCard({
  item,
  csrf,
  back,
  indicators,
  failure,
  full = false,
  headingLevel = 2,
  bulkFormId,
}: {
  item: ReviewItemView;
  csrf: string;
  back: string;
  indicators: IndicatorChoice[];
  failure: FormFailure | null;
  full?: boolean;
  headingLevel?: 2 | 3;
  bulkFormId?: string;
}) {
  const prefix = `item-${item.id}`;
  const acceptFailed = failure?.intent === "accept" ? failure : null;
  const dismissFailed = failure?.intent === "dismiss" ? failure : null;
  const values: AssessmentValues = acceptFailed ? { ...item.prefill, ...acceptFailed.values } : item.prefill;
  const fixedIndicator = item.kind === "conflict" && item.indicator ? indicators.find((i) => i.id === item.indicator!.id) ?? null : null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const heading: ReactNode = full ? "Evidence and decision" : <a href={`/review/${item.id}`}>{itemTitle(item)}</a>;
  return (
    <article className={`review-item review-${item.kind}`} id={prefix} aria-labelledby={`${prefix}-title`}>
      <Heading id={`${prefix}-title`}>
        {heading} <span className="muted">#{item.id}{item.jurisdiction ? ` · ${item.jurisdiction.code}` : ""} · {item.status}</span>
      </Heading>
      {bulkFormId && item.status === "open" ? (
        <label className="select-item">
          <input type="checkbox" name="item" value={item.id} form={bulkFormId} /> Select item #{item.id} for a bulk action
        </label>
      ) : null}
      <Evidence item={item} full={full} />
      {failure?.errors.form ? (
        <p className="notice" role="alert">{failure.errors.form}</p>
      ) : null}
      {item.status === "open" ? (
        <div className="decisions">
          <details className="decide" open={Boolean(acceptFailed) || full}>
            <summary>Accept into an assessment…</summary>
            <Form method="post" className="stacked accept-form" aria-label={`Accept item ${item.id}`}>
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="back" value={back} />
              <input type="hidden" name="jurisdictionCode" value={values.jurisdictionCode} />
              <p className="muted">
                The answer is for {item.jurisdiction ? `${item.jurisdiction.name} (${item.jurisdiction.code})` : "the item's jurisdiction"}
                {item.instrument ? "; it cites the instrument (its official URL is kept even if you cite another text)" : ""}.
              </p>
              <AssessmentFields
                prefix={`${prefix}-accept`}
                values={values}
                errors={acceptFailed?.errors ?? {}}
                indicators={indicators}
                preferredTopics={item.topics.map((t) => t.topic_id)}
                fixedIndicator={fixedIndicator}
              />
              <ReasonField prefix={`${prefix}-accept`} value={values.reason} error={acceptFailed?.errors.reason} label="Reason for accepting (kept in the history)" />
              <button type="submit">Accept item #{item.id}</button>
            </Form>
          </details>
          <Form method="post" className="dismiss-form" aria-label={`Dismiss item ${item.id}`}>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="intent" value="dismiss" />
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="back" value={back} />
            <ReasonField prefix={`${prefix}-dismiss`} value={dismissFailed?.values.reason ?? ""} error={dismissFailed?.errors.reason} label="Reason for dismissing" />
            <button type="submit">Dismiss item #{item.id}</button>
          </Form>
        </div>
      ) : null}
    </article>
  );
}
