import type { LoaderFunctionArgs } from "@remix-run/node";
import { gapsExport } from "../lib/overview.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => gapsExport(context.services.database.db, "csv", new URL(request.url));
