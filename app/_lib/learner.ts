import "server-only";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { LEARNER_COOKIE, learnerCookieKey, learnerCookieOptions, learnerOfCookie } from "./learner-cookie";
import { getProgressStore } from "./progress";
import { Refusal } from "./refusal";
import { requestIsHttps } from "./request-origin";

export { LEARNER_COOKIE } from "./learner-cookie";

export const UNKNOWN_LEARNER_FR = "Le site ne vous reconnaît pas (cookie absent ou invalide). Rechargez la page pour continuer.";

/**
 * The learner behind an API request: the id their signed cookie proves.
 * Only a page hands the cookie out (proxy.ts); an API call without one is
 * refused with a 401 and creates nothing, so no script can mint learners
 * (and sandboxes) by calling the API.
 */
export async function currentLearner(request: NextRequest): Promise<string> {
  const jar = await cookies();
  const value = jar.get(LEARNER_COOKIE)?.value;
  const id = learnerOfCookie(value, learnerCookieKey());
  if (!id) throw new Refusal(401, "unknown_learner", UNKNOWN_LEARNER_FR, value ? "learner cookie with a bad signature" : "no learner cookie");
  // Refreshed on every call so an active learner never loses the cookie.
  jar.set(LEARNER_COOKIE, value!, learnerCookieOptions(requestIsHttps(request)));
  await getProgressStore().ensureLearner(id);
  return id;
}
