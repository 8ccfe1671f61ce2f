import type { LoaderFunctionArgs } from "@remix-run/node";
import { recommendationExport } from "../lib/recommendation.server";

/** Every recommendation with its alignment counts, for the same group and date as /recommendations. */
export const loader = ({ request, context }: LoaderFunctionArgs) => recommendationExport(context.services.database.db, "csv", new URL(request.url), null);
