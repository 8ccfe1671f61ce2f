import type { LoaderFunctionArgs } from "@remix-run/node";
import { recommendationExport } from "../lib/recommendation.server";

export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  recommendationExport(context.services.database.db, "json", new URL(request.url), { id: params.id ?? "", dataset: "progress" });
