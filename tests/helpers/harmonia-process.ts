import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import getPort from "get-port";
import { testRedisUrl } from "./env";

export interface RunningHarmonia {
  url: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** `npm start`'s entry point (embedded mode, PGlite) in a child process, as a user runs it. */
export async function startHarmonia(extraEnv: Record<string, string> = {}): Promise<RunningHarmonia> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "harmonia-e2e-"));
  const port = await getPort({ host: "127.0.0.1" });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    HARMONIA_DATA_DIR: dataDir,
    REDIS_URL: testRedisUrl(),
    HARMONIA_QUEUE_PREFIX: `e2e-${randomBytes(4).toString("hex")}`,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  // node itself (not an npx wrapper), so that SIGINT reaches Harmonia as Ctrl-C would.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "app/server/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Generous: a loaded two-core machine compiles the TypeScript entry point and loads the knowledge base slowly.
  const deadline = Date.now() + 180_000;
  while (!output.includes("Harmonia is running at")) {
    if (child.exitCode !== null) throw new Error(`Harmonia exited during start-up:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Harmonia did not start within 180 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    env,
    dataDir,
    output: () => output,
    stop: async () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}
