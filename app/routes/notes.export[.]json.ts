import type { LoaderFunctionArgs } from "@remix-run/node";
import { notesExport } from "../lib/notes.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => notesExport(context.services.database.db, "json", new URL(request.url));
