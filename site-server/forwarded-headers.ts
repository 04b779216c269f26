import type { IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "../app/_lib/request-origin";

/** Headers a reverse proxy sets about the client; anyone can send them too. */
const FORWARDED = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip"];

/**
 * Settles what the site believes about where a request comes from, before
 * Next sees it. Without QUAI_TRUST_PROXY the forwarded headers are the
 * client's own words and are removed (Next would otherwise keep them:
 * it only fills the ones missing); with it, the proxy's pass as they are.
 * Either way the client's address goes in CLIENT_ADDRESS_HEADER, which no
 * client can set: the socket's peer, or the last X-Forwarded-For entry
 * (the one our proxy added; earlier ones are the client's claims).
 */
export function settleForwardedHeaders(req: IncomingMessage, trustProxy: boolean): void {
  const forwardedFor = trustProxy ? lastForwardedFor(req.headers["x-forwarded-for"]) : undefined;
  if (!trustProxy) for (const name of FORWARDED) delete req.headers[name];
  req.headers[CLIENT_ADDRESS_HEADER] = forwardedFor ?? req.socket.remoteAddress ?? "unknown";
}

function lastForwardedFor(header: string | string[] | undefined): string | undefined {
  const values = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((v) => v.trim()).filter(Boolean);
  return values.at(-1);
}
