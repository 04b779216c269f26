/**
 * The anonymous learner's cookie: its name, its shape and its attributes.
 * No database here, so proxy.ts can hand the cookie out with the first page
 * (see there) and learner.ts can refresh it on every API call.
 */
export const LEARNER_COOKIE = "quai_learner";
/** 128 random bits, hex: also a valid sandbox owner for the runner. */
export const LEARNER_ID = /^[a-f0-9]{32}$/;
// Browsers cap cookie lifetimes at 400 days.
const MAX_AGE_S = 400 * 24 * 3600;

export function newLearnerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function learnerCookieOptions(https: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: MAX_AGE_S, secure: https };
}
