import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { attemptLogin } from "../lib/login.server";
import { commitSession, csrfToken, currentUser, getSession, verifyCsrf } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in — Harmonia" }];

/**
 * Only paths on this site: `next=https://evil.example`, `//evil.example`, `/\evil.example` or a path with a
 * tab or newline (browsers drop those, turning `/<TAB>/evil` into `//evil`) must not make the login an open redirect.
 */
function safeNext(raw: FormDataEntryValue | string | null): string {
  const next = typeof raw === "string" ? raw : "";
  const base = "http://harmonia.invalid";
  if (!next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/review";
  const resolved = new URL(next, base);
  return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : "/review";
}

/** A throttled sign-in says when to try again, on the page response too (not only on data requests). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("retry-after");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(context.services, request);
  const { token, setCookie } = await csrfToken(context.services, request);
  const next = safeNext(new URL(request.url).searchParams.get("next"));
  return json({ csrf: token, next, signedInAs: user?.email ?? null }, setCookie ? { headers: { "set-cookie": setCookie } } : undefined);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  await verifyCsrf(context.services, request, form);
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  const result = await attemptLogin(context.services, email, password, context.clientAddress);
  if (!result.ok) {
    const headers: Record<string, string> = result.retryAfterSeconds ? { "retry-after": String(result.retryAfterSeconds) } : {};
    return json({ error: result.message, email }, { status: result.status, headers });
  }
  // A fresh session on sign-in (no fixation): new id, new CSRF token.
  const session = await getSession(context.services, request);
  // Set here, once, so parallel loaders of the next page all read the same token.
  session.set("csrf", randomBytes(32).toString("base64url"));
  session.set("userId", result.user.id);
  return redirect(safeNext(form.get("next")), { headers: { "set-cookie": await commitSession(context.services, request, session) } });
}

export default function Login() {
  const { csrf, next, signedInAs } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <h1>Sign in</h1>
      <p>Reading Harmonia needs no account. Analysts and administrators sign in to review, edit and follow up.</p>
      {signedInAs ? <p className="notice">You are signed in as {signedInAs}.</p> : null}
      {failed?.error ? (
        <p className="notice" role="alert">
          {failed.error}
        </p>
      ) : null}
      <Form method="post" className="stacked">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <label>
          Email <input type="email" name="email" autoComplete="username" required defaultValue={failed?.email ?? ""} />
        </label>
        <label>
          Password <input type="password" name="password" autoComplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </Form>
      <p className="muted">Accounts are created by an administrator (<code>npm run user:create</code>).</p>
    </>
  );
}
