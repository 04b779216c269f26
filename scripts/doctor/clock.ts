import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fail, ok, warn, type Verdict } from "./verdict";

/**
 * The clock signs and expires terminal tokens and cookies, and dates every
 * result: it must be right. Facts: the time now, the date of this version
 * of Quai (a clock before it is surely wrong), the Docker engine's clock and
 * whether NTP synchronises the system clock (null: unknown).
 */
export interface ClockFacts {
  now: Date;
  releasedAt: Date | null;
  engineTime: Date | null;
  ntpSynchronized: boolean | null;
}

const DAY = 24 * 3600_000;
// Terminal tokens live QUAI_TOKEN_TTL_S (600 s by default); a minute apart is harmless.
const MAX_SKEW_MS = 60_000;

export function judgeClock(f: ClockFacts): Verdict {
  const setNtp = "Réglez l'heure et gardez-la juste : sudo timedatectl set-ntp true (ou installez chrony : sudo apt-get install chrony).";
  if (f.releasedAt && f.now.getTime() < f.releasedAt.getTime() - DAY)
    return fail(`L'horloge indique ${f.now.toISOString()}, avant même la date de cette version de Quai (${f.releasedAt.toISOString().slice(0, 10)}) : elle est fausse, et les jetons des terminaux expireront de travers.`, setNtp);
  if (f.engineTime && Math.abs(f.engineTime.getTime() - f.now.getTime()) > MAX_SKEW_MS)
    return warn(`L'horloge du moteur Docker (${f.engineTime.toISOString()}) et celle de cette machine (${f.now.toISOString()}) diffèrent de plus d'une minute.`, setNtp);
  if (f.ntpSynchronized === false) return warn("L'horloge n'est pas synchronisée par NTP : elle dérivera.", setNtp);
  return ok(`${f.now.toISOString()}${f.ntpSynchronized ? ", synchronisée par NTP" : " (synchronisation NTP non vérifiable ici)"}.`);
}

/** timedatectl's NTPSynchronized, else systemd-timesyncd's flag file; null when neither can tell. */
export function probeNtp(): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile("timedatectl", ["show", "-p", "NTPSynchronized", "--value"], { timeout: 5000 }, (error, stdout) => {
      if (!error && /^(yes|no)$/.test(stdout.trim())) resolve(stdout.trim() === "yes");
      else resolve(existsSync("/run/systemd/timesync/synchronized") ? true : null);
    });
  });
}

/** The date of the newest commit of this clone, if it is one. */
export function probeReleaseDate(root: string): Promise<Date | null> {
  return new Promise((resolve) => {
    execFile("git", ["-C", root, "log", "-1", "--format=%cI"], { timeout: 5000 }, (error, stdout) => {
      const date = new Date(stdout.trim());
      resolve(error || Number.isNaN(date.getTime()) ? null : date);
    });
  });
}
