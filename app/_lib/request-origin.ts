import "server-only";
import type { NextRequest } from "next/server";
import { getConfig } from "./config";

/**
 * What the site believes about where a request comes from. Forwarded
 * headers are anyone's to write: they count only when QUAI_TRUST_PROXY says
 * a reverse proxy of ours sets them (the site server also drops them
 * otherwise, site-server/forwarded-headers.ts).
 */

/** Set by the site server to the client's address (the socket's, or the trusted proxy's X-Forwarded-For). */
export const CLIENT_ADDRESS_HEADER = "x-quai-client-address";

type Headed = Pick<NextRequest, "headers">;

const first = (value: string | null) => value?.split(",")[0]?.trim() || null;

/** The host the browser addressed (to compare with Origin). */
export function requestHost(request: Headed, trustProxy = getConfig().trustProxy): string | null {
  return (trustProxy ? first(request.headers.get("x-forwarded-host")) : null) ?? request.headers.get("host");
}

/** Whether the browser used HTTPS: only a proxy in front can know (the site itself speaks HTTP). */
export function requestIsHttps(request: Headed, trustProxy = getConfig().trustProxy): boolean {
  return trustProxy && first(request.headers.get("x-forwarded-proto")) === "https";
}

/** The client's address, for per-address limits; "unknown" when the site server did not say (plain `next start`). */
export function clientAddress(request: Headed): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
