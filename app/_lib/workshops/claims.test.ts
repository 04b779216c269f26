import { describe, expect, it } from "vitest";
import { CLAIM_TTL_MS, WorkshopClaims, sameName } from "./claims";

describe("sameName", () => {
  it("ignores case, spaces and how an accent is encoded", () => {
    expect(sameName("  Éloïse   M. ", "éloïse m.")).toBe(true);
    expect(sameName("E\u0301loi\u0308se", "Éloïse")).toBe(true);
    expect(sameName("Ada", "Adam")).toBe(false);
  });
});

describe("WorkshopClaims", () => {
  it("lists a workshop's pending requests, and the trainer's answer reaches the claimant once", () => {
    const claims = new WorkshopClaims();
    const c = claims.open("w-a", "new-browser", "old-learner", "Ada");
    claims.open("w-b", "elsewhere", "someone", "Bruno");
    expect(claims.pending("w-a").map((x) => x.name)).toEqual(["Ada"]);
    expect(claims.ofClaimant("new-browser")?.status).toBe("pending");
    // Another workshop's trainer cannot answer it.
    expect(claims.decide("w-b", c.id, true)).toBeNull();
    expect(claims.decide("w-a", c.id, true)?.member).toBe("old-learner");
    expect(claims.pending("w-a")).toEqual([]);
    expect(claims.decide("w-a", c.id, false)).toBeNull();
    expect(claims.ofClaimant("new-browser")).toMatchObject({ status: "accepted", member: "old-learner" });
    expect(claims.ofClaimant("new-browser")).toBeNull();
  });

  it("keeps one request per claimant, and forgets them after a while", () => {
    let now = 1_000;
    const claims = new WorkshopClaims(() => now);
    claims.open("w-a", "x", "m1", "Ada");
    claims.open("w-a", "x", "m2", "Ada B.");
    expect(claims.pending("w-a").map((c) => c.member)).toEqual(["m2"]);
    now += CLAIM_TTL_MS + 1;
    expect(claims.pending("w-a")).toEqual([]);
    expect(claims.ofClaimant("x")).toBeNull();
  });
});
