import "server-only";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";

/**
 * The data folder holds every learner's progress and the site's secrets:
 * only the account that runs Quai may read it (folder 0700, files 0600).
 * Folders and files an older Quai created world-readable are tightened too.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Never tighten a folder others share (QUAI_DATA_DIR=/tmp would lock everyone else out of it).
  if ((statSync(dir).mode & 0o1002) !== 0) throw new Error(`${dir} is a shared folder (world-writable or sticky): give Quai a data folder of its own (QUAI_DATA_DIR)`);
  restrict(dir, 0o700);
}

/** Creates `file` empty and private if it does not exist, and makes it private if it does. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, "a", 0o600));
  restrict(file, 0o600);
}

/** Makes `file` private if it exists (SQLite's -wal and -shm come and go). */
export function makePrivateIfPresent(file: string): void {
  if (existsSync(file)) restrict(file, 0o600);
}

function restrict(entry: string, mode: number): void {
  try {
    chmodSync(entry, mode);
  } catch (error) {
    throw new Error(`make ${entry} private (mode ${mode.toString(8)}): ${(error as Error).message}`, { cause: error });
  }
}
