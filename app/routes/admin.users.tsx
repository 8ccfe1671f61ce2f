import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { usersAction, usersPageData } from "../lib/admin.server";

export const meta: MetaFunction = () => [{ title: "Accounts — Harmonia" }];

/** Account data and one-time passwords are never cached, by the browser or any proxy. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await usersPageData(context.services, request), { headers: { "cache-control": "no-store" } });
}

export const action = ({ request, context }: ActionFunctionArgs) => usersAction(context.services, request);

const when = (iso: string | null) => (iso ? <time dateTime={iso}>{iso.replace("T", " ").slice(0, 16)} UTC</time> : <span className="muted">never</span>);

export default function Accounts() {
  const { users, me, csrf, minPasswordLength } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const created = result && result.ok && result.intent === "create" ? result.created : null;
  const active = users.filter((u) => !u.disabledAt).length;
  return (
    <>
      <h1>Accounts</h1>
      <p>
        {users.length} account{users.length === 1 ? "" : "s"}, {active} active. Analysts review detected instruments, edit assessments and write
        follow-up notes; administrators also manage accounts and sources. Reading Harmonia needs no account.
      </p>
      {result?.ok ? (
        <div className="success" role="status">
          <p>{result.message}</p>
          {created?.password ? (
            <p>
              Password for {created.email}, shown this once — copy it now and hand it over in person or through a password manager:{" "}
              <code className="secret" data-testid="generated-password">{created.password}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      {failed ? (
        <p className="notice" role="alert">
          {failed.error}
        </p>
      ) : null}

      <section aria-labelledby="accounts">
        <h2 id="accounts">All accounts</h2>
        <table className="accounts">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Status</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} id={`user-${u.id}`} className={u.disabledAt ? "disabled" : undefined}>
                <th scope="row">{u.email}{u.id === me ? <span className="muted"> (you)</span> : null}</th>
                <td>{u.role}</td>
                <td>{when(u.createdAt)}</td>
                <td>{when(u.lastLoginAt)}</td>
                <td>{u.disabledAt ? <>disabled since {when(u.disabledAt)}</> : "active"}</td>
                <td>
                  {u.id === me ? (
                    <span className="muted">You cannot disable your own account.</span>
                  ) : (
                    <Form method="post" className="inline">
                      <input type="hidden" name="csrf" value={csrf} />
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="intent" value={u.disabledAt ? "enable" : "disable"} />
                      <button type="submit">
                        {u.disabledAt ? "Enable" : "Disable"}
                        <span className="visually-hidden"> {u.email}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="create">
        <h2 id="create">Create an account</h2>
        <Form method="post" className="stacked" key={created ? created.email : "new"}>
          <input type="hidden" name="csrf" value={csrf} />
          <input type="hidden" name="intent" value="create" />
          <fieldset className="create">
            <legend>New account</legend>
            <label>
              Email
              <input type="email" name="email" required autoComplete="off" defaultValue={failed?.fields?.email ?? ""} />
            </label>
            <label>
              Role
              <select name="role" defaultValue={failed?.fields?.role || "analyst"}>
                <option value="analyst">analyst — review, edit assessments, notes</option>
                <option value="admin">admin — also accounts, sources, audit log</option>
              </select>
            </label>
            <p className="choice">
              <input type="radio" id="pw-generate" name="passwordMode" value="generate" defaultChecked={failed?.fields?.passwordMode !== "typed"} />
              <label htmlFor="pw-generate">Generate a strong password and show it once</label>
            </p>
            <p className="choice">
              <input type="radio" id="pw-typed" name="passwordMode" value="typed" defaultChecked={failed?.fields?.passwordMode === "typed"} />
              <label htmlFor="pw-typed">Use the password typed below</label>
            </p>
            <label>
              Password (only with “typed”; at least {minPasswordLength} characters)
              <input type="password" name="password" autoComplete="new-password" minLength={minPasswordLength} />
            </label>
            <button type="submit">Create account</button>
          </fieldset>
        </Form>
      </section>
    </>
  );
}
