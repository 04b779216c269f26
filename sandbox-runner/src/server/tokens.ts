import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Short-lived capability tokens for opening terminal sockets. The web app gets
 * one from the runner (server to server) and hands it to the browser, which
 * can then reach exactly one sandbox, as its owner or as a read-only viewer,
 * until `exp`. Format: v1.<base64url JSON>.<base64url HMAC-SHA256>.
 */
const claimsSchema = z.object({
  sid: z.string(),
  sub: z.string(),
  role: z.enum(["owner", "viewer"]),
  exp: z.number().int(),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenError";
  }
}

function sign(secret: string, body: string): string {
  return createHmac("sha256", secret).update(`v1.${body}`).digest("base64url");
}

export function issueToken(secret: string, claims: Omit<TokenClaims, "exp">, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: number } {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const body = Buffer.from(JSON.stringify({ ...claims, exp })).toString("base64url");
  return { token: `v1.${body}.${sign(secret, body)}`, expiresAt: exp * 1000 };
}

export function verifyToken(secret: string, token: string, now = Date.now()): TokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "v1") throw new TokenError("malformed token");
  const [, body, mac] = parts as [string, string, string];
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new TokenError("bad signature");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw new TokenError("unreadable claims");
  }
  const claims = claimsSchema.safeParse(parsed);
  if (!claims.success) throw new TokenError("invalid claims");
  if (claims.data.exp * 1000 <= now) throw new TokenError("expired");
  return claims.data;
}
