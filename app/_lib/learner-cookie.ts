import "server-only";
import { LEARNER_ID } from "./workshops/contract";
import { sign, unsign } from "cookie-signature";
import { siteKey } from "./site-secret";

/**
 * The anonymous learner's cookie: its name, its shape and its attributes.
 * Its value is `<id>.<HMAC-SHA256 of the id>` with a key only the site
 * holds (site-secret.ts), so a learner exists only if a page of the site
 * made them: proxy.ts hands the cookie out with pages, and the API accepts
 * nothing else (learner.ts).
 */
export const LEARNER_COOKIE = "quai_learner";
/** 128 random bits, hex: also a valid sandbox owner for the runner. */
export { LEARNER_ID };
// Browsers cap cookie lifetimes at 400 days.
const MAX_AGE_S = 400 * 24 * 3600;

export function newLearnerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function learnerCookieOptions(https: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: MAX_AGE_S, secure: https };
}

/** The key learner cookies are signed with. */
export function learnerCookieKey(): string {
  return siteKey("learner-cookie");
}

export function signLearnerId(id: string, key: string): string {
  return sign(id, key);
}

/** The learner a cookie value proves, or null: missing, unsigned, forged or malformed. */
export function learnerOfCookie(value: string | undefined, key: string): string | null {
  if (!value) return null;
  const id = unsign(value, key);
  return id !== false && LEARNER_ID.test(id) ? id : null;
}

/** A cookie from before cookies were signed: the bare id (proxy.ts decides whether it is honoured). */
export function unsignedLearnerId(value: string | undefined): string | null {
  return value !== undefined && LEARNER_ID.test(value) ? value : null;
}
