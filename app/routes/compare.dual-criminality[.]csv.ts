import type { LoaderFunctionArgs } from "@remix-run/node";
import { compareExport } from "../lib/compare.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => compareExport(context.services.database.db, "dual-criminality", "csv", new URL(request.url));
