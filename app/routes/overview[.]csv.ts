import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "../lib/csv.server";
import { OVERVIEW_CSV_COLUMNS, overviewData } from "../lib/overview.server";

/** Exactly the table under the overview chart. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { byTopic } = await overviewData(context.services.database.db);
  return csvResponse("harmonia-instruments-by-topic.csv", [...OVERVIEW_CSV_COLUMNS], byTopic as unknown as Record<string, unknown>[]);
}
