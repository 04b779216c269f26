/**
 * The pieces of the preview proxy that do not need Next: which headers cross,
 * where redirects point, and the French page for what cannot be shown.
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

/**
 * A previewed page gets an opaque origin: its scripts run, but cannot read
 * the site's cookies or storage, nor call the site's API as the learner.
 */
export const PREVIEW_CSP = "sandbox allow-scripts allow-forms allow-popups allow-modals allow-downloads";

export function forwardRequestHeaders(incoming: Headers): Headers {
  const out = new Headers();
  incoming.forEach((value, key) => {
    if (!REQUEST_DROP.has(key.toLowerCase())) out.set(key, value);
  });
  // Ask for an uncompressed answer: it streams through as is.
  out.set("accept-encoding", "identity");
  return out;
}

export function forwardResponseHeaders(upstream: Headers, prefix: string, port: number): Headers {
  const out = new Headers();
  upstream.forEach((value, key) => {
    const name = key.toLowerCase();
    if (!RESPONSE_KEEP.has(name)) return;
    out.append(key, name === "location" ? rewriteLocation(value, prefix, port) : value);
  });
  out.set("content-security-policy", PREVIEW_CSP);
  out.set("cache-control", out.get("cache-control") ?? "no-store");
  out.set("x-content-type-options", "nosniff");
  return out;
}

/**
 * Keeps redirects inside the preview: `/login` or `http://localhost:8080/login`
 * (the address the container believes it has) become `<prefix>login`.
 * Addresses elsewhere are left alone.
 */
export function rewriteLocation(location: string, prefix: string, port: number): string {
  if (location.startsWith("/") && !location.startsWith("//")) return `${prefix}${location.slice(1)}`;
  const local = new RegExp(`^https?://(?:localhost|127\\.0\\.0\\.1)(?::${port})?(/.*)?$`).exec(location);
  if (local) return `${prefix}${(local[1] ?? "/").slice(1)}`;
  return location;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small French page for what the preview cannot show (the runner answers its own for a port nothing publishes). */
export function previewErrorPage(status: number, title: string, text: string): Response {
  const html = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>${escape(title)}</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#334155"><h1 style="font-size:1.25rem">${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": PREVIEW_CSP } });
}
