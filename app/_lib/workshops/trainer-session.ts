import "server-only";
import { createHash } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import { z } from "zod";
import type { Trainer } from "./trainers";

/**
 * The trainer's session: a cookie sealed with the site's key (JWE, dir +
 * A256GCM, by jose), so the browser can neither read nor forge it. It says
 * who signed in and until when; the accounts are checked again on use.
 */
export const TRAINER_COOKIE = "quai_trainer";
/** A working day and then some: a trainer signs in once per session of class. */
export const SESSION_S = 12 * 3600;

const claimsSchema = z.object({ name: z.string(), admin: z.boolean() });

function keyOf(secret: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(secret).digest());
}

export async function sealTrainerSession(trainer: Trainer, secret: string, nowS = Math.floor(Date.now() / 1000)): Promise<string> {
  return new EncryptJWT({ name: trainer.name, admin: trainer.admin })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + SESSION_S)
    .setAudience("quai-trainer")
    .encrypt(keyOf(secret));
}

/** The trainer a cookie proves, or null: missing, forged, expired or malformed. */
export async function openTrainerSession(value: string | undefined, secret: string, now = new Date()): Promise<Trainer | null> {
  if (!value || value.length > 4096) return null;
  try {
    const { payload } = await jwtDecrypt(value, keyOf(secret), { audience: "quai-trainer", currentDate: now });
    const parsed = claimsSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function trainerCookieOptions(https: boolean) {
  // Strict: a trainer's actions never start from another site.
  return { httpOnly: true, sameSite: "strict" as const, path: "/", maxAge: SESSION_S, secure: https };
}
