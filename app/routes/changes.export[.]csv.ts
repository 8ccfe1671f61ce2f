import type { LoaderFunctionArgs } from "@remix-run/node";
import { changesExport } from "../lib/changes.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => changesExport(context.services.database.db, "csv", new URL(request.url));
