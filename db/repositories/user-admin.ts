import { sql, type Kysely } from "kysely";
import type { AppUser, Database, Role } from "../schema";
import { recordAudit } from "./audit";
import { createUser, UserInputError } from "./users";

/**
 * What /admin/users does to accounts. Every change and its audit entry are written in one transaction:
 * either both are stored or neither is.
 */

export interface Actor {
  id: number;
  email: string;
}

/** Accounts with when each last signed in (from the audit log). */
export async function listAccounts(db: Kysely<Database>) {
  const users = await db.selectFrom("app_user").select(["id", "email", "role", "created_at", "disabled_at"]).orderBy("email").execute();
  const logins = await db
    .selectFrom("audit_log")
    .select(["actor", sql<Date>`max(at)`.as("at")])
    .where("action", "=", "login.success")
    .groupBy("actor")
    .execute();
  const last = new Map(logins.map((l) => [l.actor, l.at] as const));
  return users.map((u) => ({ ...u, last_login_at: last.get(u.email) ?? null }));
}

export function createAccount(db: Kysely<Database>, input: { email: string; password: string; role: Role }, actor: Actor): Promise<AppUser> {
  return db.transaction().execute((trx) => createUser(trx, input, actor.email));
}

async function setDisabled(db: Kysely<Database>, userId: number, actor: Actor, disable: boolean) {
  if (disable && userId === actor.id) throw new UserInputError("You cannot disable your own account: ask another administrator.");
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("app_user").select(["id", "email", "role", "disabled_at"]).where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!user) throw new UserInputError(`There is no account with id ${userId}.`);
    if (disable === (user.disabled_at !== null)) {
      throw new UserInputError(`${user.email} is ${disable ? "disabled" : "active"} already.`);
    }
    const updated = await trx
      .updateTable("app_user")
      .set({ disabled_at: disable ? sql<Date>`now()` : null })
      .where("id", "=", userId)
      .returning(["id", "email", "role", "disabled_at"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: actor.email, action: disable ? "user.disable" : "user.enable", target: `user:${user.email}`, detail: { role: user.role } });
    return updated;
  });
}

/** Disables an account: its sessions stop working at once (the user is re-read on every request). */
export function disableUser(db: Kysely<Database>, userId: number, actor: Actor) {
  return setDisabled(db, userId, actor, true);
}

export function enableUser(db: Kysely<Database>, userId: number, actor: Actor) {
  return setDisabled(db, userId, actor, false);
}
