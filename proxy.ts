import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { getConfig } from "./app/_lib/config";
import { LEARNER_COOKIE, LEARNER_ID, learnerCookieOptions, newLearnerId } from "./app/_lib/learner-cookie";

/**
 * Runs before routing, for three things only (see `config.matcher`):
 *
 * - Terminal sockets. The browser talks to the site's origin only;
 *   `/ws/sandboxes/:id/terminals/:tid?token=…` is rewritten to the runner,
 *   and `next start` proxies the WebSocket upgrade (Origin header and query
 *   kept; the runner checks both). A rewrite in next.config.js would freeze
 *   QUAI_RUNNER_URL at build time (routes-manifest.json); here it is read
 *   when the site starts.
 * - The learner cookie, handed out with the first page (GET only). Without it, the
 *   page's first API calls (progress, sandbox, editor files), sent at once,
 *   would each mint a different anonymous learner, and the sandbox would
 *   belong to one of them while the browser keeps another's cookie.
 * - Trailing slashes. next.config.js sets `skipTrailingSlashRedirect` so
 *   that preview addresses keep theirs (a previewed page's relative links
 *   need it); every other path gets Next's usual redirect, done here.
 */
const TERMINAL = /^\/ws\/sandboxes\/([a-f0-9]{12})\/terminals\/([a-z0-9-]{1,36})$/;

export function proxy(request: NextRequest) {
  // The raw URL: NextURL normalises trailing slashes away.
  const url = new URL(request.url);
  const { pathname, search } = url;
  if (pathname.startsWith("/ws/")) {
    const match = TERMINAL.exec(pathname);
    if (!match) return new NextResponse(null, { status: 404 });
    const runnerUrl = getConfig().runnerUrl;
    return NextResponse.rewrite(new URL(`${runnerUrl}/v1/sandboxes/${match[1]}/terminals/${match[2]}${search}`));
  }
  if (pathname.length > 1 && pathname.endsWith("/") && !pathname.startsWith("/apercu/")) {
    url.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(url, 308);
  }
  const response = NextResponse.next();
  // Only a page the learner opens hands out a cookie: a cross-site POST arrives
  // without the (SameSite=Lax) cookie and must not replace it, and a preview
  // answers for the container, not for the site.
  const readsPage = request.method === "GET" || request.method === "HEAD";
  if (readsPage && !pathname.startsWith("/apercu/") && !LEARNER_ID.test(request.cookies.get(LEARNER_COOKIE)?.value ?? "")) {
    const https = url.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
    response.cookies.set(LEARNER_COOKIE, newLearnerId(), learnerCookieOptions(https));
  }
  return response;
}

export const config = {
  // Socket paths, pages (for the cookie), and any path that ends with a slash (the root excepted).
  matcher: ["/ws/:path*", "/", "/cours/:path*", "/((?!_next/).+)/"],
};
