import { describe, expect, it } from "vitest";
import { SANDBOX_EXPIRED } from "../api-types";
import { RunnerError } from "../runner-client";
import type { ExecRequest, ExecResult, WorkbenchRunnerClient } from "../runner-client";
import { CHECK_TIMEOUT_MS, FEEDBACK_MAX_CHARS, SANDBOX_EXPIRED_FR, outcomeOf, runExerciseCheck } from "./run-check";

const result = (over: Partial<ExecResult>): ExecResult => ({ exitCode: 0, stdout: "", stderr: "", timedOut: false, truncated: false, durationMs: 5, ...over });

describe("outcomeOf", () => {
  it("passes on exit 0 and shows what the script said", () => {
    expect(outcomeOf(result({ stdout: "Bravo : le conteneur tourne.\n" }))).toEqual({ passed: true, feedback: "Bravo : le conteneur tourne." });
  });

  it("fails on any other exit, with stdout then stderr", () => {
    expect(outcomeOf(result({ exitCode: 1, stdout: "Pas de conteneur.\n", stderr: "grep: erreur\n" }))).toEqual({ passed: false, feedback: "Pas de conteneur.\ngrep: erreur" });
  });

  it("explains a silent failure and a silent success", () => {
    expect(outcomeOf(result({ exitCode: 2 })).feedback).toBe("Pas encore : la vérification a échoué (code de sortie 2) sans donner de détail.");
    expect(outcomeOf(result({})).feedback).toBe("Réussi !");
  });

  it("never passes a check that timed out", () => {
    expect(outcomeOf(result({ exitCode: 0, timedOut: true, stdout: "partiel" }))).toEqual({
      passed: false,
      feedback: `La vérification a dépassé le délai de ${CHECK_TIMEOUT_MS / 1000} secondes et a été interrompue.\npartiel`,
    });
  });

  it("strips terminal colours and caps long output", () => {
    expect(outcomeOf(result({ stdout: "\u001b[32mvert\u001b[0m" })).feedback).toBe("vert");
    const long = outcomeOf(result({ exitCode: 1, stdout: "x".repeat(10_000) })).feedback;
    expect(long).toHaveLength(FEEDBACK_MAX_CHARS);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("runExerciseCheck", () => {
  const sandbox = { id: "sb-42", owner: "abc123", createdAt: 0, expiresAt: 0, terminals: [] };

  it("runs the check with bash in /root of the learner's own sandbox", async () => {
    const calls: unknown[] = [];
    const runner: Pick<WorkbenchRunnerClient, "sandboxOf" | "exec"> = {
      sandboxOf: async (owner) => {
        calls.push(["sandboxOf", owner]);
        return sandbox;
      },
      exec: async (id: string, request: ExecRequest) => {
        calls.push(["exec", id, request]);
        return result({ exitCode: 1, stdout: "Pas encore." });
      },
    };
    const outcome = await runExerciseCheck(runner, "abc123", { check: "test -f /root/x" });
    expect(outcome).toEqual({ passed: false, feedback: "Pas encore." });
    expect(calls).toEqual([
      ["sandboxOf", "abc123"],
      ["exec", "sb-42", { command: "test -f /root/x", timeoutMs: 60_000, workdir: "/root", kind: "check" }],
    ]);
  });

  it("never runs anything when the learner has no sandbox, and says it expired", async () => {
    let executed = false;
    const runner: Pick<WorkbenchRunnerClient, "sandboxOf" | "exec"> = {
      sandboxOf: async () => null,
      exec: async () => {
        executed = true;
        return result({});
      },
    };
    const error = await runExerciseCheck(runner, "abc123", { check: "true" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnerError);
    expect(error).toMatchObject({ code: SANDBOX_EXPIRED, status: 409, messageFr: SANDBOX_EXPIRED_FR });
    expect(executed).toBe(false);
  });

  it("says the same when the sandbox ends between finding it and running the check", async () => {
    const runner: Pick<WorkbenchRunnerClient, "sandboxOf" | "exec"> = {
      sandboxOf: async () => sandbox,
      exec: async () => {
        throw new RunnerError("not_found", 404, "Ce bac à sable n'existe plus.", "sandbox sb-42 not found");
      },
    };
    await expect(runExerciseCheck(runner, "abc123", { check: "true" })).rejects.toMatchObject({ code: SANDBOX_EXPIRED, status: 409 });
  });
});
