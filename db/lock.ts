import fs from "node:fs";
import path from "node:path";

/**
 * PGlite corrupts a data directory opened by two processes at once and has no lock of its own,
 * so Harmonia keeps a pid lock file beside it. A lock whose process is gone is stale and is taken over.
 */
export interface LockInfo {
  pid: number;
  startedAt: string;
  /** The embedded process's Redis, so that command-line tools can hand it work instead of opening the database. */
  redisUrl?: string;
  /** The redis-server the process started, so a successor can stop it if the process died without doing so. */
  redisPid?: number;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Harmonia process (pid ${holder.pid}, started ${holder.startedAt}). ` +
        `PGlite can be opened by one process only. Stop that process, point HARMONIA_DATA_DIR at another directory, ` +
        `or set DATABASE_URL to a PostgreSQL database to run several processes.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, "harmonia.lock");
}

/** The live holder of the lock, or null when the directory is free. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockFilePath(dataDir), "utf8")) as LockInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  /** The lock left behind by a process that died without releasing it, if any. */
  stale: LockInfo | null;
  update(extra: Partial<Omit<LockInfo, "pid" | "startedAt">>): void;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  let info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  let stale: LockInfo | null = null;
  for (;;) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) throw new DataDirLockedError(dataDir, holder);
      try {
        stale = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
      } catch {
        stale = null;
      }
      fs.rmSync(file, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const current = readLock(dataDir);
    if (current?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.once("exit", release);
  return {
    stale,
    update(extra) {
      info = { ...info, ...extra };
      fs.writeFileSync(file, JSON.stringify(info));
    },
    release,
  };
}
