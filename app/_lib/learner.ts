import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { LEARNER_COOKIE, LEARNER_ID, learnerCookieOptions, newLearnerId } from "./learner-cookie";
import { getProgressStore } from "./progress";

export { LEARNER_COOKIE } from "./learner-cookie";

/**
 * The anonymous learner behind a request: read from the httpOnly cookie, or
 * created (and the cookie set on the response) on first contact.
 */
export async function currentLearner(request: NextRequest): Promise<string> {
  const jar = await cookies();
  let id = jar.get(LEARNER_COOKIE)?.value;
  if (!id || !LEARNER_ID.test(id)) {
    id = newLearnerId();
  }
  // Refresh on every visit so an active learner never loses the cookie.
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  jar.set(LEARNER_COOKIE, id, learnerCookieOptions(https));
  getProgressStore().ensureLearner(id);
  return id;
}
