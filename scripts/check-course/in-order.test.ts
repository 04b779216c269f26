import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCourse } from "../../app/_lib/content";
import type { ExecRequest, ExecResult, RunnerClient } from "../../app/_lib/runner-client";
import { planInOrder, runInOrder } from "./in-order";

const course = loadCourse({ rootDir: fileURLToPath(new URL("../../app/_lib/content/__fixtures__/good", import.meta.url)) });
const exercise = course.chapters[0]!.blocks.find((b) => b.kind === "exercise")!.exercise;

const exec = (exitCode: number, over: Partial<ExecResult> = {}): ExecResult => ({ exitCode, stdout: "", stderr: "", timedOut: false, truncated: false, durationMs: 10, ...over });

describe("planInOrder", () => {
  it("lists every step of the chapters with a sandbox, in document order, the inside blocks typed into their tty block", () => {
    const plans = planInOrder(course);
    expect(plans.map((p) => p.slug)).toEqual(["premier"]);
    expect(plans[0]!.steps.map((s) => (s.kind === "block" ? [s.kind, s.code.trim(), s.expect, s.tty] : s.kind === "file" ? [s.kind, s.path] : [s.kind, s.exercise.id]))).toEqual([
      ["block", "docker run hello-world", "success", undefined],
      ["file", "site/Dockerfile"],
      ["block", "docker run -it busybox", "success", { keys: ["exit", "enter"], typed: ["hostname"] }],
      ["block", "docker rm nginx-absent", "failure", undefined],
      ["exercise", "premier-hello"],
    ]);
  });

  it("stops after --until, and refuses an unknown chapter", () => {
    expect(planInOrder(course, "premier").map((p) => p.slug)).toEqual(["premier"]);
    expect(() => planInOrder(course, "absent")).toThrow("--until absent: no chapter by that name");
  });
});

/** A runner that answers each exec by what the script contains. */
function scriptedRunner(answer: (command: string) => ExecResult) {
  const log: string[] = [];
  const runner: RunnerClient = {
    acquire: async (owner) => ({ sandbox: { id: "sb1", owner, createdAt: 0, expiresAt: 0, terminals: [] }, token: "", tokenExpiresAt: 0 }),
    exec: async (_id, request: ExecRequest) => {
      const c = request.command;
      const kind = c === exercise.check ? "check" : c === exercise.solution ? "solution" : c.includes("script -qefc") ? "tty" : c.includes("docker unpause") ? "unpause" : "sh";
      log.push(kind);
      return answer(c);
    },
    putFiles: async (_id, dir, files) => {
      log.push(`files ${dir} ${files.map((f) => f.path).join(",")}`);
    },
    destroy: async () => {
      log.push("destroy");
    },
  };
  return { runner, log };
}

describe("runInOrder", () => {
  const plans = planInOrder(course);

  it("walks the course in one sandbox and checks every exercise again at the end", async () => {
    const { runner, log } = scriptedRunner((c) => exec(c.includes("docker rm nginx-absent") ? 1 : 0));
    const verdicts = await runInOrder(runner, plans, () => undefined);
    expect(verdicts.map((v) => [v.name, v.ok])).toEqual([
      ["in order: premier", true],
      ["in order: every check again at the end", true],
    ]);
    expect(log).toEqual(["sh", "files /root/premier site/Dockerfile", "tty", "sh", "solution", "check", "check", "unpause", "destroy"]);
  });

  it("reports a block that fails, a block marked fails that succeeds, and a check that fails where the learner stands", async () => {
    let checks = 0;
    const { runner } = scriptedRunner((c) => {
      if (c === exercise.check) return exec(++checks === 1 ? 1 : 0, { stdout: "Pas encore de conteneur." });
      if (c === exercise.solution) return exec(0);
      return exec(c.includes("docker run hello-world") ? 125 : 0);
    });
    const [chapter, again] = await runInOrder(runner, plans, () => undefined);
    expect(chapter!.ok).toBe(false);
    expect(chapter!.steps.map((s) => s.step)).toEqual([
      "sh block at content/chapters/01-premier.md:15 failed (exit 125)",
      "sh block at content/chapters/01-premier.md:56 succeeded, but the course marks it fails",
      "check of premier-hello (content/chapters/01-premier.md:66) fails right after its solution",
    ]);
    expect(again!.ok).toBe(true);
  });
});
