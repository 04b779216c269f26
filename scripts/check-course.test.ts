import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCourse } from "../app/_lib/content";
import type { ExecRequest, ExecResult, RunnerClient } from "../app/_lib/runner-client";
import { OWNER_PATTERN, RunnerError } from "../app/_lib/runner-client";
import { parseArgs, prerequisites, selectTargets } from "./check-course";
import { ownerFor, verifyExercise } from "./check-course/exercise-proof";
import type { Target } from "./check-course/exercise-proof";
import { formatVerdict, pool, summary } from "./check-course/report";

const course = loadCourse({ rootDir: fileURLToPath(new URL("../app/_lib/content/__fixtures__/good", import.meta.url)) });
const target: Target = selectTargets(course, [])[0]!;
const wrongAttempt = target.exercise.wrong![0]!;

const exec = (exitCode: number | null, stdout = "", over: Partial<ExecResult> = {}): ExecResult => ({ exitCode, stdout, stderr: "", timedOut: false, truncated: false, durationMs: 100, ...over });

/** A scripted runner (unit test of the verdict logic; the real runner is exercised by running the script). */
function scriptedRunner(results: Array<ExecResult | Error>) {
  const log: string[] = [];
  const runner: RunnerClient = {
    acquire: async (owner) => {
      log.push(`acquire ${owner.replace(/-[0-9a-f]{6}$/, "-*")}`);
      return { sandbox: { id: "sb1", owner, createdAt: 0, expiresAt: 0, terminals: [] }, token: "", tokenExpiresAt: 0 };
    },
    exec: async (_id, request: ExecRequest) => {
      const kind =
        request.command === target.exercise.check ? "check" : request.command === wrongAttempt.attempt ? "wrong" : request.command.includes("docker unpause") ? "unpause" : "solution";
      log.push(`exec ${kind} ${request.timeoutMs}`);
      if (kind === "unpause") return exec(0);
      const next = results.shift()!;
      if (next instanceof Error) throw next;
      return next;
    },
    putFiles: async (_id, dir, files) => {
      log.push(`files ${dir} ${files.map((f) => f.path).join(",")}`);
    },
    destroy: async (id) => {
      log.push(`destroy ${id}`);
    },
  };
  return { runner, log };
}

describe("parseArgs", () => {
  it("runs both proofs by default; --only and --each narrow to the per-exercise proofs, --until and --in-order to the walk", () => {
    expect(parseArgs([])).toEqual({ only: [], concurrency: 2, each: true, inOrder: true, until: undefined, saveOutputs: undefined });
    expect(parseArgs(["--in-order", "--save-outputs", "out"])).toMatchObject({ each: false, inOrder: true, saveOutputs: "out" });
    expect(parseArgs(["--only", "a,b", "--only=c", "--concurrency", "1"])).toMatchObject({ only: ["a", "b", "c"], concurrency: 1, each: true, inOrder: false });
    expect(parseArgs(["--each"])).toMatchObject({ each: true, inOrder: false });
    expect(parseArgs(["--in-order"])).toMatchObject({ each: false, inOrder: true });
    expect(parseArgs(["--until", "volumes"])).toMatchObject({ each: false, inOrder: true, until: "volumes" });
  });

  it("rejects what it does not know, and contradictions", () => {
    expect(() => parseArgs(["--fast"])).toThrow("unknown argument --fast (known: --only <exercise-id-or-chapter>, --concurrency <n>, --each, --in-order, --until <chapter>, --save-outputs <dir>)");
    expect(() => parseArgs(["--only"])).toThrow("--only needs a value");
    expect(() => parseArgs(["--concurrency", "0"])).toThrow('--concurrency must be an integer from 1 to 16, got "0"');
    expect(() => parseArgs(["--each", "--in-order"])).toThrow("--each and --in-order exclude each other (give neither for both proofs)");
    expect(() => parseArgs(["--in-order", "--only", "a"])).toThrow("--only selects exercises for --each; the in-order proof walks the course from its start (use --until to stop early)");
    expect(() => parseArgs(["--each", "--until", "a"])).toThrow("--until applies to the in-order proof, not to --each");
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
  const says = `Pas encore de conteneur hello-world.`;

  it("passes when the check fails fresh, rejects each wrong attempt saying what it must, then passes after the solution", async () => {
    const { runner, log } = scriptedRunner([exec(1, "Pas encore."), exec(0), exec(1, says), exec(0), exec(0, "Bravo.")]);
    const verdict = await verifyExercise(runner, target);
    expect(verdict).toMatchObject({ ok: true, reason: undefined });
    expect(log).toEqual([
      "acquire check-premier-hello-*",
      "files /root/premier site/Dockerfile",
      "exec check 60000",
      "exec wrong 300000",
      "exec check 60000",
      "exec solution 300000",
      "exec check 60000",
      "exec unpause 30000",
      "destroy sb1",
    ]);
    expect(formatVerdict(verdict)).toMatch(/^✓ premier-hello {2}\[premier\] {2}\d+\.\d s$/);
  });

  it.each([
    ["a check that already passes", [exec(0, "Bravo.")], "the check passes on a fresh sandbox (it must fail until the solution has run)"],
    ["a check that fails in silence", [exec(1, "  \n")], "the check fails on a fresh sandbox without saying why (it must tell the learner what is missing)"],
    ["a check that accepts a wrong attempt", [exec(1, "Non."), exec(0), exec(0, "Bravo.")], 'the check accepts wrong attempt 1 (it must fail and say "Pas encore de conteneur")'],
    ["a check that rejects a wrong attempt without saying why", [exec(1, "Non."), exec(0), exec(1, "Erreur.")], 'after wrong attempt 1, the check fails without saying "Pas encore de conteneur"'],
    ["a wrong attempt that hangs", [exec(1, "Non."), exec(null, "", { timedOut: true })], "wrong attempt 1 timed out after 300 s"],
    ["a failing solution", [exec(1, "Non."), exec(0), exec(1, says), exec(125, "", { stderr: "Unable to find image" })], "the solution failed (exit 125)"],
    ["a solution that hangs", [exec(1, "Non."), exec(0), exec(1, says), exec(null, "", { timedOut: true })], "the solution timed out after 300 s"],
    ["a check that still fails", [exec(1, "Non."), exec(0), exec(1, says), exec(0), exec(1, "Toujours rien.")], "the check still fails after the solution (exit 1)"],
    ["a runner error", [new RunnerError("exec_failed", 500, "Erreur.", "exec in sandbox sb1: boom")], "runner error: exec in sandbox sb1: boom"],
  ])("fails on %s, and still deletes the sandbox", async (_name, results, reason) => {
    const { runner, log } = scriptedRunner(results as Array<ExecResult | Error>);
    const verdict = await verifyExercise(runner, target);
    expect(verdict).toMatchObject({ ok: false, reason });
    expect(log.at(-1)).toBe("destroy sb1");
  });

  it("finds what the check must say with its spaces squeezed, in stdout or stderr", async () => {
    const { runner } = scriptedRunner([exec(1, "Non."), exec(0), exec(1, "", { stderr: "Pas   encore\nde conteneur." }), exec(0), exec(0)]);
    expect(await verifyExercise(runner, target)).toMatchObject({ ok: true });
  });

  it("prints each step's outputs under a failure", async () => {
    const { runner } = scriptedRunner([exec(1, "Pas encore."), exec(0), exec(1, says), exec(125, "", { stderr: "Unable to find image 'nginx:1.99'\n" })]);
    const text = formatVerdict(await verifyExercise(runner, target));
    expect(text.split("\n").slice(1)).toEqual([
      "    check on a fresh sandbox: exit 1, 0.1 s",
      "      stdout | Pas encore.",
      "    wrong attempt 1: exit 0, 0.1 s",
      "    check after wrong attempt 1: exit 1, 0.1 s",
      `      stdout | ${says}`,
      "    solution: exit 125, 0.1 s",
      "      stderr | Unable to find image 'nginx:1.99'",
    ]);
  });
});

describe("summary and pool", () => {
  it("ends with exactly N passed, N failed", () => {
    const v = (ok: boolean) => ({ name: "x", chapter: "c", ok, reason: ok ? undefined : "x", steps: [], durationMs: 0 });
    expect(summary([v(true), v(false), v(true)])).toBe("2 passed, 1 failed");
  });

  it("never runs more than `concurrency` at a time and keeps input order", async () => {
    let running = 0;
    let peak = 0;
    const results = await pool(
      [30, 10, 20, 5],
      2,
      async (ms: number) => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, ms));
        running--;
        return ms * 2;
      },
      () => undefined,
    );
    expect(peak).toBe(2);
    expect(results).toEqual([60, 20, 40, 10]);
  });
});

describe("prerequisites", () => {
  const ex = (id: string, after?: string) => ({ id, after }) as unknown as Parameters<typeof prerequisites>[0];
  it("follows `after` up the chain, first first, and refuses a later or unknown exercise", () => {
    const [a, b, c] = [ex("a"), ex("b", "a"), ex("c", "b")];
    expect(prerequisites(c, [a, b, c], "ch").map((e) => e.id)).toEqual(["a", "b"]);
    expect(prerequisites(a, [a, b, c], "ch")).toEqual([]);
    const early = ex("early", "c");
    expect(() => prerequisites(early, [early, c], "ch")).toThrow("after: c is not an earlier exercise of the chapter");
    expect(() => prerequisites(ex("x", "nope"), [ex("x", "nope")], "ch")).toThrow("after: nope");
  });
});
