import type { LoaderFunctionArgs } from "@remix-run/node";
import { datasetResponse } from "../lib/api.server";

/** `/api/v1/<dataset>` (JSON) and `/api/v1/<dataset>.csv`; see /methodology for the data dictionary. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return datasetResponse(context.services.database.db, params.dataset ?? "", new URL(request.url));
}
