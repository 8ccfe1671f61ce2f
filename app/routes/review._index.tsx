import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { VALUES, VALUE_LABEL } from "../components/JurisdictionValue";
import { CONFIDENCE_CHOICES, FieldError, ReviewItemCard, type FormFailure } from "../components/Review";
import { badRequest } from "../lib/http.server";
import { BadQueryError } from "../lib/overview.server";
import { reviewAction, reviewPage } from "../lib/review.server";
import jurisdictionStyles from "../styles/jurisdiction.css";
import styles from "../styles/review.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: jurisdictionStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction = () => [{ title: "Review queue — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    return json(await reviewPage(context.services, request));
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

export const action = ({ request, context }: ActionFunctionArgs) => reviewAction(context.services, request);

const STATUS_LABEL = { open: "Open", accepted: "Accepted", dismissed: "Dismissed", all: "All" } as const;
const KIND_LABEL = { all: "All kinds", new_instrument: "New instruments", conflict: "Conflicts" } as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function openSummary(instruments: number, conflicts: number): string {
  const total = instruments + conflicts;
  if (total === 0) return "Nothing is waiting for a decision.";
  return `${plural(total, "item is", "items are")} open (${plural(instruments, "new instrument", "new instruments")}, ${plural(conflicts, "conflict", "conflicts")}).`;
}

export default function ReviewQueue() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as FormFailure | undefined;
  const back = `/review${d.search}`;
  const bulkFailed = failed && failed.intent.startsWith("bulk-") ? failed : null;
  const bulkErrors = bulkFailed?.errors ?? {};
  const openItems = d.items.filter((i) => i.status === "open");
  const first = d.total === 0 ? 0 : (d.page - 1) * d.pageSize + 1;
  const last = Math.min(d.page * d.pageSize, d.total);
  return (
    <>
      <h1>Review queue</h1>
      <DataFreshness lastUpdated={d.freshness.lastUpdated} sources={d.freshness.sources} />
      <p>
        What the sources detected that a person must decide: new laws and bills on a tracked topic, and ingested answers that
        contradict a reviewed one. Accepting writes your answer with its citation (history and audit log record who, when and
        why); dismissing keeps the reason. {openSummary(d.open.new_instrument, d.open.conflict)} You are signed in as {d.user.email} ({d.user.role}).
      </p>
      {d.done ? (
        <p className="notice done" role="status">
          {d.done}
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filter the review queue">
        <label>
          Status{" "}
          <select name="status" defaultValue={d.query.status}>
            {(["open", "accepted", "dismissed", "all"] as const).map((s) => (
              <option key={s} value={s}>{STATUS_LABEL[s]}</option>
            ))}
          </select>
        </label>
        <label>
          Kind{" "}
          <select name="kind" defaultValue={d.query.kind}>
            {(["all", "new_instrument", "conflict"] as const).map((k) => (
              <option key={k} value={k}>{KIND_LABEL[k]}</option>
            ))}
          </select>
        </label>
        <label>
          Source{" "}
          <select name="source" defaultValue={d.query.source ?? ""}>
            <option value="">Any source</option>
            {d.sources.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
      </Form>
      <p>
        {d.total === 0
          ? "No item matches these filters."
          : `${d.total} ${STATUS_LABEL[d.query.status].toLowerCase()} item${d.total === 1 ? "" : "s"}${d.query.kind !== "all" ? ` (${KIND_LABEL[d.query.kind].toLowerCase()})` : ""}; showing ${first}–${last}.`}
      </p>

      {openItems.length > 0 ? (
        <section aria-labelledby="bulk-heading" className="bulk">
          <h2 id="bulk-heading">Decide several at once</h2>
          <p className="muted">Tick the items below (“Select item #…”), then dismiss them with one reason, or accept new instruments with one answer each in its own jurisdiction.</p>
          {bulkFailed ? (
            <div className="notice" role="alert">
              <p>Nothing was changed:</p>
              <ul>
                {Object.entries(bulkErrors).map(([k, m]) => (
                  <li key={k}>{m}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" id="bulk" className="stacked">
            <input type="hidden" name="csrf" value={d.csrf} />
            <input type="hidden" name="back" value={back} />
            <label htmlFor="bulk-reason">
              Reason for the selected items
              <input id="bulk-reason" name="reason" defaultValue={bulkFailed?.values.reason ?? ""} />
              <FieldError id="bulk-reason-error" message={bulkErrors.reason} />
            </label>
            <button type="submit" name="intent" value="bulk-dismiss">Dismiss selected</button>
            <details open={bulkFailed?.intent === "bulk-accept"}>
              <summary>Accept the selected new instruments with one answer…</summary>
              <div className="stacked">
                <label htmlFor="bulk-indicator">
                  Indicator
                  <select id="bulk-indicator" name="indicatorId" defaultValue={bulkFailed?.values.indicatorId ?? ""}>
                    <option value="">Choose an indicator…</option>
                    {d.indicators.map((i) => (
                      <option key={i.id} value={i.id}>{i.id} — {i.question}</option>
                    ))}
                  </select>
                  <FieldError id="bulk-indicator-error" message={bulkErrors.indicatorId} />
                </label>
                <label htmlFor="bulk-value">
                  Value
                  <select id="bulk-value" name="value" defaultValue={bulkFailed?.values.value ?? ""}>
                    <option value="">Choose a value…</option>
                    {VALUES.map((v) => (
                      <option key={v} value={v}>{VALUE_LABEL[v]}</option>
                    ))}
                  </select>
                  <FieldError id="bulk-value-error" message={bulkErrors.value} />
                </label>
                <label htmlFor="bulk-rationale">
                  Rationale
                  <input id="bulk-rationale" name="rationale" defaultValue={bulkFailed?.values.rationale ?? ""} />
                  <FieldError id="bulk-rationale-error" message={bulkErrors.rationale} />
                </label>
                <label htmlFor="bulk-provision">
                  Provision cited in each instrument
                  <input id="bulk-provision" name="provision" defaultValue={bulkFailed?.values.provision ?? ""} />
                  <FieldError id="bulk-provision-error" message={bulkErrors.provision} />
                </label>
                <label htmlFor="bulk-effective-from">
                  In effect from (empty: not established)
                  <input id="bulk-effective-from" name="effectiveFrom" type="date" defaultValue={bulkFailed?.values.effectiveFrom ?? ""} />
                  <FieldError id="bulk-effective-from-error" message={bulkErrors.effectiveFrom} />
                </label>
                <label htmlFor="bulk-effective-basis">
                  How the date is known (or why it is not)
                  <input id="bulk-effective-basis" name="effectiveBasis" defaultValue={bulkFailed?.values.effectiveBasis ?? ""} />
                  <FieldError id="bulk-effective-basis-error" message={bulkErrors.effectiveBasis} />
                </label>
                <label htmlFor="bulk-verified-on">
                  Verified on
                  <input id="bulk-verified-on" name="verifiedOn" type="date" defaultValue={bulkFailed?.values.verifiedOn ?? ""} />
                  <FieldError id="bulk-verified-on-error" message={bulkErrors.verifiedOn} />
                </label>
                <label htmlFor="bulk-confidence">
                  Confidence
                  <select id="bulk-confidence" name="confidence" defaultValue={bulkFailed?.values.confidence ?? "medium"}>
                    <option value="">None (only for unknown)</option>
                    {CONFIDENCE_CHOICES.map((c) => (
                      <option key={c} value={c}>{c}</option>
                    ))}
                  </select>
                  <FieldError id="bulk-confidence-error" message={bulkErrors.confidence} />
                </label>
                <button type="submit" name="intent" value="bulk-accept">Accept selected</button>
              </div>
            </details>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">Items</h2>
        {d.items.map((item) => (
          <ReviewItemCard
            key={item.id}
            item={item}
            csrf={d.csrf}
            back={back}
            indicators={d.indicators}
            failure={failed && failed.itemId === item.id ? failed : null}
            headingLevel={3}
            bulkFormId="bulk"
          />
        ))}
      </section>
      {d.pages > 1 ? (
        <nav aria-label="Pages" className="pages">
          {d.pageLinks.previous !== null ? <a href={`/review${d.pageLinks.previous}`}>Previous page</a> : null} Page {d.page} of {d.pages}{" "}
          {d.pageLinks.next !== null ? <a href={`/review${d.pageLinks.next}`}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}
