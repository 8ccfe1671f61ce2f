import type { LoaderFunctionArgs } from "@remix-run/node";
import { indicatorExport } from "../lib/indicator.server";

/** The indicator catalogue with answer counts, for the same group and date as /indicators. */
export const loader = ({ request, context }: LoaderFunctionArgs) => indicatorExport(context.services.database.db, "json", new URL(request.url), null);
