import type { LoaderFunctionArgs } from "@remix-run/node";
import { changesFeed } from "../lib/changes.server";

export const loader = ({ request, context }: LoaderFunctionArgs) => changesFeed(context.services.database.db, new URL(request.url));
