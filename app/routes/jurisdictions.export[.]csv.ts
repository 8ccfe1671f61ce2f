import type { LoaderFunctionArgs } from "@remix-run/node";
import { indexExport } from "../lib/jurisdiction.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => indexExport(context.services.database.db, "csv", new URL(request.url));
