import { createHmac, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
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
  try {
    writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new ConfigError(`create the site secret ${file}: ${(error as Error).message}`);
  }
  makePrivateIfPresent(file);
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < MIN_CHARS) throw new ConfigError(`the site secret ${file} has fewer than ${MIN_CHARS} characters: remove it and Quai makes a new one (every learner then starts afresh)`);
  cached.set(dataDir, secret);
  return secret;
}

/** A key for one use of the secret (`learner-cookie`…), so no two uses ever share a key. */
export function siteKey(purpose: string, dataDir?: string): string {
  return createHmac("sha256", siteSecret(dataDir)).update(`quai-${purpose}-v1`).digest("base64url");
}
