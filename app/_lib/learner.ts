import { randomBytes } from "node:crypto";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { getProgressStore } from "./progress";

export const LEARNER_COOKIE = "quai_learner";
/** 128 random bits, hex: also a valid sandbox owner for the runner. */
const LEARNER_ID = /^[a-f0-9]{32}$/;
// Browsers cap cookie lifetimes at 400 days.
const MAX_AGE_S = 400 * 24 * 3600;

/**
 * The anonymous learner behind a request: read from the httpOnly cookie, or
 * created (and the cookie set on the response) on first contact.
 */
export async function currentLearner(request: NextRequest): Promise<string> {
  const jar = await cookies();
  let id = jar.get(LEARNER_COOKIE)?.value;
  if (!id || !LEARNER_ID.test(id)) {
    id = randomBytes(16).toString("hex");
  }
  // Refresh on every visit so an active learner never loses the cookie.
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  jar.set(LEARNER_COOKIE, id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: MAX_AGE_S, secure: https });
  getProgressStore().ensureLearner(id);
  return id;
}
