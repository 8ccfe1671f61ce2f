import type { LoaderFunctionArgs } from "@remix-run/node";
import { jurisdictionExport } from "../lib/jurisdiction.server";

export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  jurisdictionExport(context.services.database.db, params.code ?? "", "history", "json", new URL(request.url));
