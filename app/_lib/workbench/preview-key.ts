import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { SANDBOX_ID } from "./sandbox-access";

/**
 * Preview addresses carry their own proof of ownership: `<sandboxId>-<mac>`.
 *
 * Preview answers are served with `Content-Security-Policy: sandbox …`, which
 * gives the page an opaque origin so a container's page cannot act on the
 * site. The price is that the browser treats its subresource requests as
 * cross-site and withholds the SameSite learner cookie, so the cookie cannot
 * be what authorises them. The key is handed out only to the sandbox's owner
 * (by the cookie-checked ports API) and dies with the sandbox (a reset makes
 * a new id).
 */
const MAC_CHARS = 22; // 132 bits of HMAC-SHA256, base64url

function macOf(secret: string, sandboxId: string): string {
  return createHmac("sha256", secret).update(`quai-preview-v1:${sandboxId}`).digest("base64url").slice(0, MAC_CHARS);
}

export function previewKey(secret: string, sandboxId: string): string {
  return `${sandboxId}-${macOf(secret, sandboxId)}`;
}

/** The sandbox id a key grants access to, or null for a forged or malformed key. */
export function sandboxOfPreviewKey(secret: string, key: string): string | null {
  const dash = key.indexOf("-");
  if (dash < 0) return null;
  const sandboxId = key.slice(0, dash);
  const given = Buffer.from(key.slice(dash + 1));
  if (!SANDBOX_ID.test(sandboxId)) return null;
  const expected = Buffer.from(macOf(secret, sandboxId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? sandboxId : null;
}

export function previewPath(secret: string, sandboxId: string, port: number): string {
  return `/apercu/${previewKey(secret, sandboxId)}/${port}/`;
}
