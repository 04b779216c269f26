import { describe, expect, it } from "vitest";
import { AdmissionQueue } from "./admission.js";

describe("AdmissionQueue", () => {
  it("lets anyone in while nobody waits, and no one when nothing is free", () => {
    const q = new AdmissionQueue();
    expect(q.mayEnter("a", 1)).toBe(true);
    expect(q.mayEnter("a", 0)).toBe(false);
  });

  it("serves the line in arrival order, however often each one asks", () => {
    const q = new AdmissionQueue();
    expect(q.wait("first", 0)).toBe(1);
    expect(q.wait("second", 1)).toBe(2);
    for (let i = 0; i < 5; i++) q.wait("second", 2 + i);
    expect(q.mayEnter("second", 1)).toBe(false);
    expect(q.mayEnter("newcomer", 1)).toBe(false);
    expect(q.mayEnter("newcomer", 2)).toBe(false);
    expect(q.mayEnter("newcomer", 3)).toBe(true);
    expect(q.mayEnter("first", 1)).toBe(true);
    q.leave("first");
    expect(q.position("second")).toBe(1);
    expect(q.mayEnter("second", 1)).toBe(true);
    expect(q.mayEnter("second", 2)).toBe(true);
  });

  it("forgets those who stopped asking", () => {
    const q = new AdmissionQueue(30_000);
    q.wait("gone", 0);
    q.wait("here", 10_000);
    q.wait("here", 35_000);
    q.prune(40_000);
    expect(q.position("gone")).toBe(0);
    expect(q.position("here")).toBe(1);
  });
});
