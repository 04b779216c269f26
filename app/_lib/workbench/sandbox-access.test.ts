import { beforeEach, describe, expect, it } from "vitest";
import { RunnerError } from "../runner-client";
import type { WorkbenchRunnerClient } from "../runner-client";
import { forgetOwners, requireOwnedSandbox, sessionOf } from "./sandbox-access";

const ALICE = "a".repeat(32);
const BOB = "b".repeat(32);
let lookups = 0;

// Only `get` is used; the ownership decision is the point.
const runner = {
  async get(id: string) {
    lookups++;
    if (id === "000000000000") throw new RunnerError("not_found", 404, "Ce bac à sable n'existe plus.", `sandbox ${id} not found`);
    return { id, owner: ALICE, createdAt: 0, expiresAt: 1, terminals: [] };
  },
} as unknown as WorkbenchRunnerClient;

beforeEach(() => {
  forgetOwners();
  lookups = 0;
});

describe("requireOwnedSandbox", () => {
  it("lets the owner through, asking the runner once per sandbox", async () => {
    await requireOwnedSandbox(runner, ALICE, "0123456789ab");
    await requireOwnedSandbox(runner, ALICE, "0123456789ab");
    expect(lookups).toBe(1);
  });

  it("refuses another learner with 403, a gone sandbox with the runner's 404, a malformed id with 400", async () => {
    await expect(requireOwnedSandbox(runner, BOB, "0123456789ab")).rejects.toMatchObject({ status: 403, messageFr: "Ce bac à sable n'est pas le vôtre." });
    await expect(requireOwnedSandbox(runner, ALICE, "000000000000")).rejects.toMatchObject({ status: 404, messageFr: "Ce bac à sable n'existe plus." });
    await expect(requireOwnedSandbox(runner, ALICE, "../../v1")).rejects.toMatchObject({ status: 400 });
  });

  it("trusts the owner of a sandbox it just handed out", async () => {
    const s = sessionOf({ sandbox: { id: "fedcba987654", owner: BOB, createdAt: 0, expiresAt: 1_893_456_000_000, terminals: ["t-1"] }, token: "tok", tokenExpiresAt: 5 });
    expect(s).toEqual({ sandboxId: "fedcba987654", token: "tok", tokenExpiresAt: 5, expiresAt: 1_893_456_000_000, terminals: ["t-1"] });
    await requireOwnedSandbox(runner, BOB, "fedcba987654");
    expect(lookups).toBe(0);
  });
});
