import { randomBytes } from "node:crypto";
import { acquireInLine } from "./acquire-in-line";
import type { Exercise } from "../../app/_lib/content";
import { CHECK_TIMEOUT_MS } from "../../app/_lib/exercises/run-check";
import { RunnerError } from "../../app/_lib/runner-client";
import type { ExecResult, RunnerClient } from "../../app/_lib/runner-client";
import type { StepRun, Verdict } from "./report";

/** Solutions may build images; the runner caps a single exec at 10 minutes. */
export const SOLUTION_TIMEOUT_MS = 300_000;
const UNPAUSE_ALL = "docker ps -q --filter status=paused | xargs -r docker unpause >/dev/null 2>&1; true";

export interface Target {
  exercise: Exercise;
  chapter: string;
  /** The chapter's file blocks: the editor has put them in /root/<chapter>/ for the learner. */
  files: Array<{ path: string; content: string }>;
  /** The exercises this one continues (`after`), first first: their solutions run before its proof. */
  before?: Exercise[];
}

/** A runner owner unique to this run: `check-<id>` cut to the owner pattern, plus a random suffix. */
export function ownerFor(name: string, suffix = randomBytes(3).toString("hex")): string {
  const base = `check-${name}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64 - suffix.length - 1);
  return `${base}-${suffix}`;
}

/** Output as the learner reads it: stdout then stderr, whitespace squeezed. */
export function shownText(result: ExecResult): string {
  return `${result.stdout}\n${result.stderr}`.replace(/\s+/g, " ").trim();
}

/**
 * Proves one exercise in a sandbox of its own, always deleted afterwards.
 * The sandbox is fresh except for the chapter's files, which the editor
 * writes into /root/<chapter>/ when the learner opens them, and the work of
 * the exercises it continues (their solutions, run first). Then: the check
 * fails (and says why); after each wrong attempt
 * it still fails and says what that attempt's `says` expects; the solution
 * succeeds; then the check passes.
 */
export async function verifyExercise(runner: RunnerClient, target: Target, live: Set<string> = new Set()): Promise<Verdict> {
  const started = Date.now();
  const steps: StepRun[] = [];
  const name = target.exercise.id;
  const done = (reason: string | undefined): Verdict => ({ name, chapter: target.chapter, ok: reason === undefined, reason, steps, durationMs: Date.now() - started });
  let sandboxId: string | undefined;
  try {
    sandboxId = (await acquireInLine(runner, ownerFor(name))).sandbox.id;
    live.add(sandboxId);
    const run = async (step: string, command: string, timeoutMs: number) => {
      const result = await runner.exec(sandboxId!, { command, timeoutMs, workdir: "/root" });
      steps.push({ step, result });
      return result;
    };
    const { check, solution, wrong } = target.exercise;
    if (target.files.length > 0) await runner.putFiles(sandboxId, `/root/${target.chapter}`, target.files);
    for (const earlier of target.before ?? []) {
      const ran = await run(`solution of ${earlier.id}, which this exercise continues`, earlier.solution, SOLUTION_TIMEOUT_MS);
      if (ran.timedOut || ran.exitCode !== 0) return done(`the solution of ${earlier.id}, which this exercise continues, failed (exit ${ran.exitCode ?? "timeout"})`);
    }

    const before = await run("check on a fresh sandbox", check, CHECK_TIMEOUT_MS);
    if (before.timedOut) return done("the check timed out on a fresh sandbox");
    if (before.exitCode === 0) return done("the check passes on a fresh sandbox (it must fail until the solution has run)");
    if (shownText(before) === "") return done("the check fails on a fresh sandbox without saying why (it must tell the learner what is missing)");

    for (const [i, attempt] of wrong.entries()) {
      const n = i + 1;
      const tried = await run(`wrong attempt ${n}`, attempt.attempt, SOLUTION_TIMEOUT_MS);
      if (tried.timedOut) return done(`wrong attempt ${n} timed out after ${SOLUTION_TIMEOUT_MS / 1000} s`);
      const after = await run(`check after wrong attempt ${n}`, check, CHECK_TIMEOUT_MS);
      if (after.timedOut) return done(`the check timed out after wrong attempt ${n}`);
      if (after.exitCode === 0) return done(`the check accepts wrong attempt ${n} (it must fail and say "${attempt.says}")`);
      const said = shownText(after);
      if (!said.includes(attempt.says.replace(/\s+/g, " ").trim())) return done(`after wrong attempt ${n}, the check fails without saying "${attempt.says}"`);
    }

    const result = await run("solution", solution, SOLUTION_TIMEOUT_MS);
    if (result.timedOut) return done(`the solution timed out after ${SOLUTION_TIMEOUT_MS / 1000} s`);
    if (result.exitCode !== 0) return done(`the solution failed (exit ${result.exitCode ?? "unknown"})`);

    const after = await run("check after the solution", check, CHECK_TIMEOUT_MS);
    if (after.timedOut) return done("the check timed out after the solution");
    if (after.exitCode !== 0) return done(`the check still fails after the solution (exit ${after.exitCode ?? "unknown"})`);
    return done(undefined);
  } catch (error) {
    return done(`runner error: ${error instanceof RunnerError ? error.message : String(error)}`);
  } finally {
    if (sandboxId !== undefined) await release(runner, sandboxId, live);
  }
}

/** Deletes a proof's sandbox; a container left paused is thawed first. */
export async function release(runner: RunnerClient, sandboxId: string, live: Set<string>): Promise<void> {
  live.delete(sandboxId);
  // A container left paused inside the sandbox (the docker pause exercise) makes the
  // sandbox itself unkillable on cgroup v1 hosts: the runner's DELETE then fails and
  // leaks it. Unpausing first keeps CI clean until the runner handles it.
  await runner.exec(sandboxId, { command: UNPAUSE_ALL, timeoutMs: 30_000 }).catch(() => undefined);
  await runner.destroy(sandboxId).catch((error: unknown) => {
    console.error(`  (could not delete sandbox ${sandboxId}: ${(error as Error).message})`);
  });
}
