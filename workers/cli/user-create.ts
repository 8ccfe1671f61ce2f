/**
 * npm run user:create -- --role admin|analyst --email someone@example.org
 *
 * Creates an account. The password is read from standard input when it is piped
 * (`printf '%s' "$PW" | npm run -s user:create -- …`); otherwise a strong random one is generated and
 * printed once. There is never a default password. The creation is written to the audit log.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createUser, UserInputError } from "../../db/repositories/users";
import { loadConfig } from "../runtime/config";
import { createLogger } from "../runtime/logger";
import { exitOnStartupError } from "../runtime/main";
import { openReadyDatabase } from "../runtime/services";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

try {
  const { values } = parseArgs({ options: { role: { type: "string" }, email: { type: "string" } } });
  if (!values.email || (values.role !== "admin" && values.role !== "analyst")) {
    throw new UserInputError("usage: npm run user:create -- --role admin|analyst --email someone@example.org");
  }
  const piped = !process.stdin.isTTY;
  const password = piped ? await readStdin() : randomBytes(18).toString("base64url");
  const config = loadConfig();
  const database = await openReadyDatabase(config, createLogger("warn"));
  try {
    const user = await createUser(database.db, { email: values.email, password, role: values.role }, "cli:user:create");
    process.stdout.write(`Created ${user.role} ${user.email}.\n`);
    if (!piped) process.stdout.write(`Password (shown once, store it now): ${password}\n`);
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof UserInputError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  exitOnStartupError(error);
}
