import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataFreshness } from "../components/DataFreshness";
import { FollowUpNotes } from "../components/FollowUpNotes";
import { recommendationNotesPage } from "../lib/notes.server";
import styles from "../styles/review.css";

/** /recommendations/:id/notes — `$id_` keeps it out of the recommendation page's layout; the URL is the same. */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Follow-up notes: ${data.recommendation.title} — Harmonia` : "Follow-up notes — Harmonia" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json(await recommendationNotesPage(context.services, request, params.id ?? ""));
}

export default function RecommendationNotes() {
  const d = useLoaderData<typeof loader>();
  const base = `/recommendations/${encodeURIComponent(d.recommendation.id)}`;
  const jurisdictions = new Set(d.panel.notes.map((n) => n.jurisdiction_code));
  return (
    <>
      <p>
        <a href={base}>← {d.recommendation.title}</a>
      </p>
      <h1>Follow-up notes: {d.recommendation.title}</h1>
      <DataFreshness lastUpdated={d.lastUpdated} sources={[]} />
      <p>
        What analysts recorded about how jurisdictions follow up this recommendation ({d.recommendation.id}):{" "}
        {d.panel.notes.length} note{d.panel.notes.length === 1 ? "" : "s"} on {jurisdictions.size} jurisdiction{jurisdictions.size === 1 ? "" : "s"}. The
        recommendation's progress from the answer history is on <a href={base}>its page</a>.
      </p>
      <FollowUpNotes data={d.panel} redirectTo={`${base}/notes`} />
    </>
  );
}
