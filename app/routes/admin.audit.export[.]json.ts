import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditExport } from "../lib/admin.server";

/** `/admin/audit/export.json?actor=&action=`: every matching audit entry (administrators only). */
export const loader = ({ request, context }: LoaderFunctionArgs) => auditExport(context.services, request, "json");
