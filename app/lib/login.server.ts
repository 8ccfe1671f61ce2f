import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { recordAudit } from "../../db/repositories/audit";
import { decoyPasswordHash, findActiveUserByEmail, verifyPassword } from "../../db/repositories/users";
import type { AppUser } from "../../db/schema";
import type { Services } from "../../workers/runtime/services";

/**
 * Login throttling in Redis (shared by every web instance): 5 failures per account and address in 15
 * minutes, 30 failures per address in an hour; then the login is refused until the window passes. A
 * success clears the account counter.
 */
interface Limiters {
  perAccount: RateLimiterRedis;
  perAddress: RateLimiterRedis;
}

const limiters = new WeakMap<Services, Limiters>();

async function limitersFor(services: Services): Promise<Limiters> {
  let found = limiters.get(services);
  if (!found) {
    const redis = services.kv;
    const keyPrefix = `${services.config.HARMONIA_QUEUE_PREFIX}:login`;
    found = {
      perAccount: new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:account`, points: 5, duration: 15 * 60, blockDuration: 15 * 60 }),
      perAddress: new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:address`, points: 30, duration: 60 * 60, blockDuration: 60 * 60 }),
    };
    limiters.set(services, found);
  }
  return found;
}

export type LoginResult =
  | { ok: true; user: AppUser }
  | { ok: false; status: 401 | 429 | 503; message: string; retryAfterSeconds?: number };

const WRONG = "Wrong email or password.";

export async function attemptLogin(services: Services, email: string, password: string, address: string): Promise<LoginResult> {
  const accountKey = `${email.trim().toLowerCase()}|${address}`;
  let perAccount: RateLimiterRedis;
  let perAddress: RateLimiterRedis;
  try {
    ({ perAccount, perAddress } = await limitersFor(services));
    const [account, ip] = await Promise.all([perAccount.get(accountKey), perAddress.get(address)]);
    const blocked = [account, ip].find((r) => r !== null && r.remainingPoints <= 0 && r.msBeforeNext > 0);
    if (blocked) {
      const retryAfterSeconds = Math.ceil(blocked.msBeforeNext / 1000);
      return { ok: false, status: 429, message: `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, retryAfterSeconds };
    }
  } catch {
    return { ok: false, status: 503, message: "Signing in is unavailable: the queue store (Redis) cannot be reached. Try again shortly." };
  }

  const db = services.database.db;
  const user = await findActiveUserByEmail(db, email);
  // Same cost whether or not the account exists, so timing does not reveal accounts.
  const valid = await verifyPassword(password, user?.password_hash ?? (await decoyPasswordHash()));
  if (user && valid) {
    await perAccount.delete(accountKey).catch(() => undefined);
    await recordAudit(db, { actor: user.email, action: "login.success", target: `user:${user.email}`, detail: { address } });
    return { ok: true, user };
  }
  await Promise.all([perAccount.consume(accountKey), perAddress.consume(address)]).catch((e: unknown) => {
    if (!(e instanceof RateLimiterRes)) throw e;
  });
  await recordAudit(db, { actor: email.trim().toLowerCase() || "(empty)", action: "login.failure", target: "login", detail: { address } });
  return { ok: false, status: 401, message: WRONG };
}
