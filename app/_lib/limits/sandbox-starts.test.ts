import { beforeEach, describe, expect, it } from "vitest";
import { Refusal } from "../refusal";
import { RunnerError } from "../runner-client";
import type { SandboxLease } from "../runner-client";
import { Budget } from "./budget";
import { acquireSandbox, countedStart, forgetHandedSandboxes } from "./sandbox-starts";

const lease = (id: string, owner: string): SandboxLease => ({ sandbox: { id, owner, createdAt: 0, expiresAt: 0, terminals: [] }, token: "t", tokenExpiresAt: 0 });
const refusal = (retryAfterS: number) => new Refusal(429, "too_many", "Réessayez.", "too many", retryAfterS);
/** A start budget of `n` per learner and per address. */
const startsOf = (n: number) => new Budget({ points: n, windowS: 600, refusal }, { points: n, windowS: 600, refusal });

/** The runner's get-or-create, as far as the site can tell: one sandbox per owner until `expire`. */
function fakeRunner() {
  const sandboxes = new Map<string, string>();
  let next = 0;
  return {
    created: () => next,
    expire: (owner: string) => sandboxes.delete(owner),
    acquire: async (owner: string) => {
      if (!sandboxes.has(owner)) sandboxes.set(owner, `sandbox${String(next++).padStart(5, "0")}`);
      return lease(sandboxes.get(owner)!, owner);
    },
  };
}

beforeEach(() => forgetHandedSandboxes());

describe("acquireSandbox", () => {
  it("counts a start, not every page that asks for the learner's sandbox", async () => {
    const runner = fakeRunner();
    const starts = startsOf(1);
    for (let page = 0; page < 10; page++) await acquireSandbox(runner, "a", "192.0.2.1", starts);
    expect(runner.created()).toBe(1);
  });

  it("refuses a learner without room before the runner is asked", async () => {
    const runner = fakeRunner();
    const starts = startsOf(1);
    await acquireSandbox(runner, "a", "192.0.2.1", starts);
    await expect(acquireSandbox(runner, "b", "192.0.2.1", starts)).rejects.toBeInstanceOf(Refusal);
    expect(runner.created()).toBe(1);
  });

  it("counts the new sandbox of a learner whose sandbox expired", async () => {
    const runner = fakeRunner();
    const starts = startsOf(2);
    await acquireSandbox(runner, "a", "192.0.2.1", starts);
    runner.expire("a");
    await acquireSandbox(runner, "a", "192.0.2.1", starts);
    expect(runner.created()).toBe(2);
    forgetHandedSandboxes();
    await expect(acquireSandbox(runner, "a", "192.0.2.1", starts)).rejects.toBeInstanceOf(Refusal);
  });

  it("gives the start back when nothing was started", async () => {
    const starts = startsOf(1);
    const full = { acquire: async (): Promise<SandboxLease> => Promise.reject(new RunnerError("capacity", 503, "Tous les bacs à sable sont occupés.", "full")) };
    await expect(acquireSandbox(full, "a", "192.0.2.1", starts)).rejects.toBeInstanceOf(RunnerError);
    await acquireSandbox(fakeRunner(), "a", "192.0.2.1", starts);
  });
});

describe("countedStart", () => {
  it("counts every reset", async () => {
    const starts = startsOf(2);
    await countedStart("a", "192.0.2.1", async () => lease("sandbox00001", "a"), starts);
    await countedStart("a", "192.0.2.1", async () => lease("sandbox00002", "a"), starts);
    await expect(countedStart("a", "192.0.2.1", async () => lease("sandbox00003", "a"), starts)).rejects.toMatchObject({ status: 429 });
  });
});
