import type { LoaderFunctionArgs } from "@remix-run/node";
import { instrumentsExport } from "../lib/instruments.server";

/** Every instrument the /instruments filters select (all pages), streamed by keyset pagination. */
export const loader = ({ request, context }: LoaderFunctionArgs) => instrumentsExport(context.services.database.db, "json", new URL(request.url));
