import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { AppUser, Database, Role } from "../schema";
import { recordAudit } from "./audit";

type Db = Kysely<Database> | Transaction<Database>;

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

/** OWASP's scrypt minimum (N=2^17, r=8, p=1); the parameters are stored with the hash so they can grow. */
const PARAMS = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
export const MIN_PASSWORD_LENGTH = 12;

export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserInputError";
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password.normalize("NFKC"), salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password.normalize("NFKC"), Buffer.from(salt, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** A throw-away hash with the same cost: verifying against it keeps "no such user" as slow as "wrong password". */
let decoyHash: Promise<string> | null = null;
export const decoyPasswordHash = () => (decoyHash ??= hashPassword(randomBytes(16).toString("hex")));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(db: Db, input: { email: string; password: string; role: Role }, actor: string): Promise<AppUser> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new UserInputError(`"${input.email}" is not an email address`);
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new UserInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const existing = await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) throw new UserInputError(`An account for ${email} exists already`);
  const user = await db
    .insertInto("app_user")
    .values({ email, password_hash: await hashPassword(input.password), role: input.role })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, { actor, action: "user.create", target: `user:${email}`, detail: { role: input.role } });
  return user;
}

export function findActiveUserByEmail(db: Db, email: string) {
  return db.selectFrom("app_user").selectAll().where("email", "=", email.trim().toLowerCase()).where("disabled_at", "is", null).executeTakeFirst();
}

export function findActiveUser(db: Db, id: number) {
  return db.selectFrom("app_user").selectAll().where("id", "=", id).where("disabled_at", "is", null).executeTakeFirst();
}

export function listUsers(db: Db) {
  return db.selectFrom("app_user").select(["id", "email", "role", "created_at", "disabled_at"]).orderBy("email").execute();
}
