import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { LEARNER_COOKIE, learnerCookieKey, learnerCookieOptions, learnerOfCookie, newLearnerId, signLearnerId, unsignedLearnerId } from "./app/_lib/learner-cookie";
import { getProgressStore } from "./app/_lib/progress";
import { requestIsHttps } from "./app/_lib/request-origin";

/**
 * Runs before routing, for two things only (see `config.matcher`):
 *
 * - The learner cookie, handed out with pages (GET only), signed
 *   (learner-cookie.ts): the API knows no other way to become a learner.
 *   Handing it with the first page also means the page's first API calls
 *   (progress, sandbox, editor files), sent at once, share one learner.
 * - Trailing slashes. next.config.js sets `skipTrailingSlashRedirect` so
 *   that preview addresses keep theirs (a previewed page's relative links
 *   need it); every other path gets Next's usual redirect, done here.
 *
 * Terminal sockets do not come here: the site server (site-server/) answers
 * every WebSocket upgrade itself.
 */
export function proxy(request: NextRequest) {
  // The raw URL: NextURL normalises trailing slashes away.
  const url = new URL(request.url);
  const { pathname } = url;
  if (pathname.length > 1 && pathname.endsWith("/") && !pathname.startsWith("/apercu/")) {
    url.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(url, 308);
  }
  const response = NextResponse.next();
  // Only a page the learner opens hands out a cookie: a cross-site POST arrives
  // without the (SameSite=Lax) cookie and must not replace it, and a preview
  // answers for the container, not for the site.
  const readsPage = request.method === "GET" || request.method === "HEAD";
  if (readsPage && !pathname.startsWith("/apercu/")) {
    const issued = learnerCookieFor(request);
    if (issued !== null) {
      response.cookies.set(LEARNER_COOKIE, issued, learnerCookieOptions(requestIsHttps(request)));
      // A cookie in a cached page would be handed to everyone the cache serves.
      response.headers.set("cache-control", "private, no-store");
    }
  }
  return response;
}

/**
 * The cookie to set, or null when the request's is valid. A cookie from
 * before signing (a bare id) keeps its learner when the database knows them,
 * so nobody loses their progress; an id it does not know is not adopted.
 */
function learnerCookieFor(request: NextRequest): string | null {
  try {
    const key = learnerCookieKey();
    const value = request.cookies.get(LEARNER_COOKIE)?.value;
    if (learnerOfCookie(value, key)) return null;
    const unsigned = unsignedLearnerId(value);
    const id = unsigned !== null && getProgressStore().hasLearner(unsigned) ? unsigned : newLearnerId();
    return signLearnerId(id, key);
  } catch (error) {
    // No secret or no database: the page still reads, the next one tries
    // again, and the API says what is wrong.
    console.error(`learner cookie: ${(error as Error).message}`);
    return null;
  }
}

export const config = {
  // Pages (for the cookie), and any path that ends with a slash (the root excepted).
  matcher: ["/", "/cours/:path*", "/((?!_next/).+)/"],
};
