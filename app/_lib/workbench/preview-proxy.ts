import "server-only";
import { PREVIEW_CSP } from "./preview-page";
import { previewLocation } from "./preview-policy";
import type { PreviewTarget } from "./preview-policy";

/**
 * The pieces of the preview proxy that do not need Next: which headers
 * cross, and where a Location points (what is refused outright is
 * preview-policy.ts).
 */

/** Request headers that stay here: per-hop ones, and the learner's cookie, which a container must never see. */
const REQUEST_DROP = new Set(["connection", "keep-alive", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "cookie", "host", "authorization", "accept-encoding", "content-length"]);
/**
 * The only response headers a container's page keeps: they describe the body
 * and its caching. Anything else would act on the site's own origin, where
 * the page is served (`Set-Cookie`, `Clear-Site-Data`, HSTS, `Refresh`,
 * `Link` preloads, an authentication prompt…). Encoding and length are not
 * kept either: Node's fetch has already decoded the body.
 */
const RESPONSE_KEEP = new Set(["content-type", "content-language", "content-disposition", "cache-control", "expires", "etag", "last-modified", "vary", "accept-ranges", "content-range", "age", "retry-after", "allow", "location"]);

export function forwardRequestHeaders(incoming: Headers): Headers {
  const out = new Headers();
  incoming.forEach((value, key) => {
    if (!REQUEST_DROP.has(key.toLowerCase())) out.set(key, value);
  });
  // Ask for an uncompressed answer: it streams through as is.
  out.set("accept-encoding", "identity");
  return out;
}

/** The container's headers that may reach the browser; a Location is rewritten into the preview, or dropped. */
export function forwardResponseHeaders(upstream: Headers, target: PreviewTarget): Headers {
  const out = new Headers();
  upstream.forEach((value, key) => {
    const name = key.toLowerCase();
    if (!RESPONSE_KEEP.has(name)) return;
    const kept = name === "location" ? previewLocation(value, target) : value;
    if (kept !== null) out.append(key, kept);
  });
  out.set("content-security-policy", PREVIEW_CSP);
  out.set("cache-control", out.get("cache-control") ?? "no-store");
  out.set("x-content-type-options", "nosniff");
  return out;
}
