import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession, getSession, verifyCsrf } from "../lib/session.server";

/** POST only (with the CSRF token), so a link or an image elsewhere cannot sign anyone out. */
export async function action({ request, context }: ActionFunctionArgs) {
  await verifyCsrf(context.services, request, await request.formData());
  const session = await getSession(context.services, request);
  return redirect("/", { headers: { "set-cookie": await destroySession(context.services, request, session) } });
}

export const loader = () => redirect("/login");
