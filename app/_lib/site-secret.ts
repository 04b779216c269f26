import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { ConfigError, getConfig } from "./config";
import { ensurePrivateDir, makePrivateIfPresent } from "./data-files";

export const SITE_SECRET_FILE = "site-secret";
const MIN_CHARS = 32;

const cached = new Map<string, string>();

/**
 * The site's own secret, generated once into the data folder (mode 0600)
 * beside the progress it protects: rotating the runner's secret must not
 * sign every learner out of their progress, and wiping the data folder
 * forgets both together.
 */
export function siteSecret(dataDir = getConfig().dataDir): string {
  const known = cached.get(dataDir);
  if (known) return known;
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, SITE_SECRET_FILE);
  if (!existsSync(file)) createWhole(file);
  makePrivateIfPresent(file);
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < MIN_CHARS) throw new ConfigError(`the site secret ${file} has fewer than ${MIN_CHARS} characters: remove it and Quai makes a new one (every learner then starts afresh)`);
  cached.set(dataDir, secret);
  return secret;
}

/**
 * Writes a new secret so that the file appears whole or not at all: written
 * and flushed to disk under a temporary name, then linked into place (which,
 * unlike a rename, never replaces a secret another process made first). A
 * crash or a power cut mid-way leaves no empty or cut secret, which would
 * stop the site from starting and, once removed, sign every learner out.
 */
function createWhole(file: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, randomBytes(32).toString("hex"));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    syncDirectory(path.dirname(file));
  } catch (error) {
    throw new ConfigError(`create the site secret ${file}: ${(error as Error).message}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The new name itself on disk (a directory entry is only durable once its directory is flushed). */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A key for one use of the secret (`learner-cookie`…), so no two uses ever share a key. */
export function siteKey(purpose: string, dataDir?: string): string {
  return createHmac("sha256", siteSecret(dataDir)).update(`quai-${purpose}-v1`).digest("base64url");
}
