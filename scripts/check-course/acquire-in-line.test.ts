import { describe, expect, it } from "vitest";
import { RunnerError } from "../../app/_lib/runner-client";
import type { RunnerClient, SandboxLease } from "../../app/_lib/runner-client";
import { acquireInLine } from "./acquire-in-line";

const lease = { sandbox: { id: "abc" } } as unknown as SandboxLease;
const full = (position: number) => new RunnerError("capacity", 503, "Quai est complet", "runner answered 503 capacity", { position, waiting: position });

function runnerAnswering(answers: Array<SandboxLease | Error>): { runner: RunnerClient; asked: () => number } {
  let asked = 0;
  const runner = {
    acquire: async () => {
      const answer = answers[Math.min(asked++, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as RunnerClient;
  return { runner, asked: () => asked };
}

describe("acquireInLine", () => {
  it("asks again while it has a place in line, and gets the sandbox", async () => {
    const { runner, asked } = runnerAnswering([full(2), full(1), lease]);
    await expect(acquireInLine(runner, "check-a", { everyMs: 1 })).resolves.toBe(lease);
    expect(asked()).toBe(3);
  });

  it("gives up on any other refusal at once", async () => {
    const { runner, asked } = runnerAnswering([new RunnerError("unreachable", 503, "injoignable", "cannot reach the runner")]);
    await expect(acquireInLine(runner, "check-a", { everyMs: 1 })).rejects.toThrow("cannot reach the runner");
    expect(asked()).toBe(1);
  });

  it("stops waiting when its time is up, with the runner's last answer", async () => {
    const { runner } = runnerAnswering([full(1)]);
    await expect(acquireInLine(runner, "check-a", { everyMs: 5, withinMs: 20 })).rejects.toThrow("runner answered 503 capacity");
  });
});
