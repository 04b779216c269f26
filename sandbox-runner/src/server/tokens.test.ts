import { describe, expect, it } from "vitest";
import { issueToken, verifyToken } from "./tokens.js";

const secret = "s3cret-s3cret-s3cret";

describe("tokens", () => {
  it("round-trips claims until expiry", () => {
    const { token, expiresAt } = issueToken(secret, { sid: "abc", sub: "learner1", role: "owner" }, 60, 1_000_000);
    expect(expiresAt).toBe(1_060_000);
    expect(verifyToken(secret, token, 1_000_000)).toMatchObject({ sid: "abc", sub: "learner1", role: "owner" });
    expect(() => verifyToken(secret, token, 1_060_000)).toThrow("expired");
  });

  it("rejects a token signed with another secret or with altered claims", () => {
    const { token } = issueToken(secret, { sid: "abc", sub: "l", role: "viewer" }, 60);
    expect(() => verifyToken("another-secret-value", token)).toThrow("bad signature");
    const [v, , mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sid: "abc", sub: "l", role: "owner", exp: 9e9 })).toString("base64url");
    expect(() => verifyToken(secret, `${v}.${forged}.${mac}`)).toThrow("bad signature");
    expect(() => verifyToken(secret, "garbage")).toThrow("malformed token");
  });
});
