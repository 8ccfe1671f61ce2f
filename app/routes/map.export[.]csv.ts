import type { LoaderFunctionArgs } from "@remix-run/node";
import { mapExport } from "../lib/map.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => mapExport(context.services.database.db, "csv", new URL(request.url));
