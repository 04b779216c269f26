import "server-only";
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AppConfig } from "../config";
import { ConfigError } from "../config";
import { ensurePrivateDir, makePrivateIfPresent } from "../data-files";

/** The file `npm start` (or the first sign-in page) writes the admin's password into, when none is configured. */
export const TRAINER_PASSWORD_FILE = "trainer-password";
export const ADMIN = "admin";

export interface Trainer {
  name: string;
  /** Sees and runs every workshop. */
  admin: boolean;
}

interface Account extends Trainer {
  salt: Buffer;
  hash: Buffer;
}

// scrypt's defaults (N=16384, r=8): ~50 ms a try, which, with the sign-in
// limit, makes guessing by the web hopeless while keeping sign-in instant.
const KEY_BYTES = 32;
const hash = (password: string, salt: Buffer) => scryptSync(password.normalize("NFC"), salt, KEY_BYTES);

/** The admin's password: configured, or generated once into the data folder (0600). */
export function adminPassword(config: Pick<AppConfig, "trainerPassword" | "dataDir">): string {
  if (config.trainerPassword) return config.trainerPassword;
  ensurePrivateDir(config.dataDir);
  const file = path.join(config.dataDir, TRAINER_PASSWORD_FILE);
  try {
    writeFileSync(file, `${randomBytes(12).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new ConfigError(`create the trainer password ${file}: ${(error as Error).message}`);
  }
  makePrivateIfPresent(file);
  const password = readFileSync(file, "utf8").trim();
  if (password.length < 10) throw new ConfigError(`the trainer password in ${file} has fewer than 10 characters: write a longer one, or remove the file and Quai makes one`);
  return password;
}

/**
 * The trainers who may sign in: « admin » and those of QUAI_TRAINERS. Only
 * their scrypt hashes are kept in memory.
 */
export class TrainerAccounts {
  private readonly accounts = new Map<string, Account>();
  /** Compared against when the name is unknown, so a wrong name costs the same time as a wrong password. */
  private readonly decoy: Account;

  constructor(entries: Array<{ name: string; password: string; admin: boolean }>) {
    for (const e of entries) {
      const salt = randomBytes(16);
      this.accounts.set(e.name, { name: e.name, admin: e.admin, salt, hash: hash(e.password, salt) });
    }
    const salt = randomBytes(16);
    this.decoy = { name: "", admin: false, salt, hash: hash(randomBytes(16).toString("hex"), salt) };
  }

  static fromConfig(config: Pick<AppConfig, "trainerPassword" | "dataDir" | "trainers">): TrainerAccounts {
    const others = config.trainers.filter((t) => t.name !== ADMIN).map((t) => ({ ...t, admin: false }));
    return new TrainerAccounts([{ name: ADMIN, password: adminPassword(config), admin: true }, ...others]);
  }

  /** The trainer these credentials prove, or null. */
  verify(name: string, password: string): Trainer | null {
    const account = this.accounts.get(name.trim().toLowerCase());
    const against = account ?? this.decoy;
    const ok = timingSafeEqual(hash(password, against.salt), against.hash);
    return ok && account ? { name: account.name, admin: account.admin } : null;
  }

  /** Whether the account still exists (a session of a trainer since removed from the configuration is refused). */
  get(name: string): Trainer | null {
    const a = this.accounts.get(name);
    return a ? { name: a.name, admin: a.admin } : null;
  }
}
