import type { Services } from "../../workers/runtime/services";
import { currentUser, getSession } from "./session.server";

/** What the page header shows: nothing for visitors; email, role and the CSRF token for sign-out when signed in. */
export async function accountSummary(services: Services, request: Request) {
  const user = await currentUser(services, request);
  if (!user) return null;
  const csrf = (await getSession(services, request)).get("csrf") ?? "";
  return { email: user.email, role: user.role, csrf };
}
