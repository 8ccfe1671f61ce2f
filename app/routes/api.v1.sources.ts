import type { LoaderFunctionArgs } from "@remix-run/node";
import { sourcesExport } from "../lib/sources.server";

export const loader = ({ context }: LoaderFunctionArgs) => sourcesExport(context.services, "json");
