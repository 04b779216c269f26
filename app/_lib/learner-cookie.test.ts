import { describe, expect, it } from "vitest";
import { LEARNER_ID, learnerOfCookie, newLearnerId, signLearnerId, unsignedLearnerId } from "./learner-cookie";

const KEY = "test-key-0123456789abcdef0123456789";
const ID = "0123456789abcdef0123456789abcdef";

describe("learner cookie", () => {
  it("proves the learner it was signed for", () => {
    const id = newLearnerId();
    expect(id).toMatch(LEARNER_ID);
    expect(learnerOfCookie(signLearnerId(id, KEY), KEY)).toBe(id);
  });

  it("proves nothing unsigned, forged, signed with another key, or for an id of the wrong shape", () => {
    const signed = signLearnerId(ID, KEY);
    expect(learnerOfCookie(undefined, KEY)).toBeNull();
    expect(learnerOfCookie(ID, KEY)).toBeNull();
    expect(learnerOfCookie(`${ID}.AAAA`, KEY)).toBeNull();
    expect(learnerOfCookie(`fedcba9876543210fedcba9876543210${signed.slice(32)}`, KEY)).toBeNull();
    expect(learnerOfCookie(signed, "another-key-0123456789abcdef01234")).toBeNull();
    expect(learnerOfCookie(signLearnerId("../../etc", KEY), KEY)).toBeNull();
  });

  it("recognises a cookie from before signing, and nothing else, as one", () => {
    expect(unsignedLearnerId(ID)).toBe(ID);
    expect(unsignedLearnerId(signLearnerId(ID, KEY))).toBeNull();
    expect(unsignedLearnerId("pas-un-id")).toBeNull();
    expect(unsignedLearnerId(undefined)).toBeNull();
  });
});
