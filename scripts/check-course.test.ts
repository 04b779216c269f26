import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCourse } from "../app/_lib/content";
import type { ExecRequest, ExecResult, RunnerClient } from "../app/_lib/runner-client";
import { OWNER_PATTERN, RunnerError } from "../app/_lib/runner-client";
import { formatVerdict, ownerFor, parseArgs, pool, selectTargets, summary, verifyExercise } from "./check-course";
import type { Target } from "./check-course";

const course = loadCourse({ rootDir: fileURLToPath(new URL("../app/_lib/content/__fixtures__/good", import.meta.url)) });
const target: Target = selectTargets(course, [])[0]!;

const exec = (exitCode: number | null, stdout = "", over: Partial<ExecResult> = {}): ExecResult => ({ exitCode, stdout, stderr: "", timedOut: false, truncated: false, durationMs: 100, ...over });

/** A scripted runner (unit test of the verdict logic; the real runner is exercised by running the script). */
function scriptedRunner(results: Array<ExecResult | Error>) {
  const log: string[] = [];
  const runner: RunnerClient = {
    acquire: async (owner) => {
      log.push(`acquire ${owner.replace(/-[0-9a-f]{6}$/, "-*")}`);
      return { sandbox: { id: "sb1", owner, createdAt: "", expiresAt: "", terminals: [] }, token: "", tokenExpiresAt: 0 };
    },
    exec: async (_id, request: ExecRequest) => {
      const kind = request.command === target.exercise.check ? "check" : request.command.includes("docker unpause") ? "unpause" : "solution";
      log.push(`exec ${kind} ${request.timeoutMs}`);
      if (kind === "unpause") return exec(0);
      const next = results.shift()!;
      if (next instanceof Error) throw next;
      return next;
    },
    putFiles: async () => undefined,
    destroy: async (id) => {
      log.push(`destroy ${id}`);
    },
  };
  return { runner, log };
}

describe("parseArgs", () => {
  it("reads --only (repeated or comma-separated) and --concurrency", () => {
    expect(parseArgs([])).toEqual({ only: [], concurrency: 2 });
    expect(parseArgs(["--only", "a,b", "--only=c", "--concurrency", "1"])).toEqual({ only: ["a", "b", "c"], concurrency: 1 });
  });

  it("rejects what it does not know", () => {
    expect(() => parseArgs(["--fast"])).toThrow("unknown argument --fast (known: --only <exercise-id-or-chapter>, --concurrency <n>)");
    expect(() => parseArgs(["--only"])).toThrow("--only needs a value");
    expect(() => parseArgs(["--concurrency", "0"])).toThrow('--concurrency must be an integer from 1 to 16, got "0"');
  });
});

describe("selectTargets", () => {
  it("selects by exercise id or chapter, and refuses unknown names", () => {
    expect(selectTargets(course, ["premier"]).map((t) => t.exercise.id)).toEqual(["premier-hello"]);
    expect(selectTargets(course, ["premier-hello"]).map((t) => t.chapter)).toEqual(["premier"]);
    expect(() => selectTargets(course, ["second", "nope"])).toThrow("--only second, nope: no exercise or chapter with exercises by that name");
  });
});

describe("ownerFor", () => {
  it("makes a unique owner that the runner accepts", () => {
    expect(ownerFor("premiers-pas-hello", "a1b2c3")).toBe("check-premiers-pas-hello-a1b2c3");
    const long = ownerFor("x".repeat(80), "a1b2c3");
    expect(long).toHaveLength(64);
    expect(long).toMatch(OWNER_PATTERN);
  });
});

describe("verifyExercise", () => {
  it("passes when the check fails, the solution works, then the check passes", async () => {
    const { runner, log } = scriptedRunner([exec(1, "Pas encore."), exec(0), exec(0, "Bravo.")]);
    const verdict = await verifyExercise(runner, target);
    expect(verdict).toMatchObject({ ok: true, reason: undefined });
    expect(log).toEqual(["acquire check-premier-hello-*", "exec check 60000", "exec solution 300000", "exec check 60000", "exec unpause 30000", "destroy sb1"]);
    expect(formatVerdict(verdict)).toMatch(/^✓ premier-hello {2}\[premier\] {2}\d+\.\d s$/);
  });

  it.each([
    ["a check that already passes", [exec(0, "Bravo.")], "the check passes on a fresh sandbox (it must fail until the solution has run)"],
    ["a failing solution", [exec(1), exec(125, "", { stderr: "Unable to find image" })], "the solution failed (exit 125)"],
    ["a solution that hangs", [exec(1), exec(null, "", { timedOut: true })], "the solution timed out after 300 s"],
    ["a check that still fails", [exec(1), exec(0), exec(1, "Toujours rien.")], "the check still fails after the solution (exit 1)"],
    ["a runner error", [new RunnerError("exec_failed", 500, "Erreur.", "exec in sandbox sb1: boom")], "runner error: exec in sandbox sb1: boom"],
  ])("fails on %s, and still deletes the sandbox", async (_name, results, reason) => {
    const { runner, log } = scriptedRunner(results as Array<ExecResult | Error>);
    const verdict = await verifyExercise(runner, target);
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(log.at(-1)).toBe("destroy sb1");
  });

  it("prints each step's outputs under a failure", async () => {
    const { runner } = scriptedRunner([exec(1, "Pas encore."), exec(125, "", { stderr: "Unable to find image 'nginx:1.99'\n" })]);
    const text = formatVerdict(await verifyExercise(runner, target));
    expect(text.split("\n").slice(1)).toEqual([
      "    check on a fresh sandbox: exit 1, 0.1 s",
      "      stdout | Pas encore.",
      "    solution: exit 125, 0.1 s",
      "      stderr | Unable to find image 'nginx:1.99'",
    ]);
  });
});

describe("summary and pool", () => {
  it("ends with exactly N passed, N failed", () => {
    const v = (ok: boolean) => ({ target, ok, reason: ok ? undefined : "x", steps: [], durationMs: 0 });
    expect(summary([v(true), v(false), v(true)])).toBe("2 passed, 1 failed");
  });

  it("never runs more than `concurrency` at a time and keeps input order", async () => {
    let running = 0;
    let peak = 0;
    const results = await pool([30, 10, 20, 5], 2, async (ms) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    }, () => undefined);
    expect(peak).toBe(2);
    expect(results).toEqual([60, 20, 40, 10]);
  });
});
