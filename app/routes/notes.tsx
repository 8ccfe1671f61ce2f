import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { FollowUpNotes, type NoteFailure } from "../components/FollowUpNotes";
import { badRequest } from "../lib/http.server";
import { noteAction, notesPage } from "../lib/notes.server";
import { BadQueryError } from "../lib/overview.server";
import styles from "../styles/review.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Follow-up notes — Harmonia" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    return json(await notesPage(context.services, request));
  } catch (error) {
    if (error instanceof BadQueryError) throw badRequest(error.parameter, error.message);
    throw error;
  }
}

/** POST /notes: the add-a-note form of every page that shows <FollowUpNotes> posts here. */
export const action = ({ request, context }: ActionFunctionArgs) => noteAction(context.services, request);

export default function Notes() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as NoteFailure | undefined;
  const scope = [d.recommendation ? `recommendation “${d.recommendation.title}”` : null, d.jurisdiction ? `${d.jurisdiction.name} (${d.jurisdiction.code})` : null]
    .filter(Boolean)
    .join(" in ");
  return (
    <>
      <h1>Follow-up notes</h1>
      <DataFreshness lastUpdated={d.lastUpdated} sources={[]} />
      <p>
        Dated remarks by analysts on how a jurisdiction follows up a recommendation (for example progress reported at a meeting),
        {scope ? ` for ${scope}` : " for every recommendation and jurisdiction"}. They are also shown on the recommendation and
        jurisdiction pages.
      </p>
      {failed ? (
        <p className="notice" role="alert">
          The note was not added: see the marked fields below.
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label="Filter notes">
        <label>
          Recommendation id <input name="recommendation" defaultValue={d.query.recommendation ?? ""} />
        </label>
        <label>
          Jurisdiction code <input name="jurisdiction" defaultValue={d.query.jurisdiction ?? ""} size={6} />
        </label>
        <button type="submit">Show</button>
        {d.search ? <a href="/notes">All notes</a> : null}
      </Form>
      <FollowUpNotes data={d.panel} redirectTo={failed?.values.redirectTo || `/notes${d.search}`} failure={failed ?? null} heading="Notes" />
    </>
  );
}
