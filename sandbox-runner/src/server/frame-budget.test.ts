import { describe, expect, it } from "vitest";
import { FrameBudget, ReadGate } from "./frame-budget.js";

describe("FrameBudget", () => {
  it("lets a burst through, then asks the reader to wait in proportion to the debt", () => {
    let now = 0;
    const budget = new FrameBudget(100, 10, () => now);
    for (let i = 0; i < 10; i++) expect(budget.take()).toBe(0);
    expect(budget.take()).toBe(10); // one frame of debt at 100/s
    expect(budget.take()).toBe(20);
    now += 20; // the debt is paid back
    expect(budget.take()).toBe(10);
  });

  it("refills at its rate, never above its burst", () => {
    let now = 0;
    const budget = new FrameBudget(1000, 5, () => now);
    for (let i = 0; i < 5; i++) budget.take();
    now += 60_000;
    for (let i = 0; i < 5; i++) expect(budget.take()).toBe(0);
    expect(budget.take()).toBeGreaterThan(0);
  });
});

describe("ReadGate", () => {
  it("pauses on the first hold and resumes after the last one settles", async () => {
    const calls: string[] = [];
    const gate = new ReadGate(
      () => calls.push("pause"),
      () => calls.push("resume"),
    );
    let releaseA!: () => void;
    let releaseB!: () => void;
    gate.hold(new Promise<void>((r) => (releaseA = r)));
    gate.hold(new Promise<void>((r) => (releaseB = r)));
    expect(gate.paused).toBe(true);
    releaseA();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(["pause"]);
    releaseB();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(["pause", "resume"]);
    expect(gate.paused).toBe(false);
  });
});
