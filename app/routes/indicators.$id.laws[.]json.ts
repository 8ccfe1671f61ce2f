import type { LoaderFunctionArgs } from "@remix-run/node";
import { indicatorExport } from "../lib/indicator.server";

export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  indicatorExport(context.services.database.db, "json", new URL(request.url), { id: params.id ?? "", dataset: "laws" });
