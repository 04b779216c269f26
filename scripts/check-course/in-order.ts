import type { Course, Exercise } from "../../app/_lib/content";
import { CHECK_TIMEOUT_MS } from "../../app/_lib/exercises/run-check";
import { RunnerError } from "../../app/_lib/runner-client";
import type { ExecResult, RunnerClient } from "../../app/_lib/runner-client";
import { TTY_TIMEOUT_S, plainBlockScript, ttyBlockScript } from "./block-scripts";
import { acquireInLine } from "./acquire-in-line";
import { SOLUTION_TIMEOUT_MS, ownerFor, release } from "./exercise-proof";
import type { StepRun, Verdict } from "./report";

/**
 * The in-order proof: ONE sandbox carries a learner through the whole course,
 * as the learner would go: every file block saved where the editor saves it,
 * every runnable `sh` block run as the terminal runs it (a `tty` block in a
 * pseudo-terminal with what the learner types), every exercise's solution then
 * its check, chapter after chapter. A block must succeed unless the course
 * marks it `fails`; each check must pass right after its solution. At the end
 * every check runs again: what a later chapter does must not undo an earlier
 * exercise.
 */

export type InOrderStep =
  | { kind: "file"; line: number; path: string; content: string }
  | { kind: "block"; line: number; code: string; expect: "success" | "failure"; tty: { keys: string[]; typed: string[] } | undefined }
  | { kind: "exercise"; line: number; exercise: Exercise };

export interface ChapterPlan {
  slug: string;
  file: string;
  steps: InOrderStep[];
}

/** Block timeout: image builds included. */
const BLOCK_TIMEOUT_MS = 300_000;

/** The steps of every chapter with a sandbox, in course order, up to and including `until`. */
export function planInOrder(course: Course, until?: string): ChapterPlan[] {
  if (until !== undefined && !course.chapters.some((c) => c.slug === until)) throw new Error(`--until ${until}: no chapter by that name`);
  const plans: ChapterPlan[] = [];
  for (const chapter of course.chapters) {
    if (chapter.frontmatter.sandbox) {
      const steps: InOrderStep[] = [];
      const blocks = chapter.blocks;
      blocks.forEach((block, i) => {
        if (block.kind === "file") steps.push({ kind: "file", line: block.line, path: block.path, content: block.code });
        if (block.kind === "exercise") steps.push({ kind: "exercise", line: block.line, exercise: block.exercise });
        if (block.kind !== "command" || !block.runnable || block.inside) return;
        let tty: { keys: string[]; typed: string[] } | undefined;
        if (block.tty) {
          const typed: string[] = [];
          for (const next of blocks.slice(i + 1)) {
            if (next.kind !== "command" || !next.runnable) continue;
            if (!next.inside) break;
            typed.push(...next.code.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#")));
          }
          tty = { keys: block.tty.keys, typed };
        }
        steps.push({ kind: "block", line: block.line, code: block.code, expect: block.expect, tty });
      });
      plans.push({ slug: chapter.slug, file: chapter.file, steps });
    }
    if (chapter.slug === until) break;
  }
  return plans;
}

/** Receives what each sh block printed (to refresh the outputs shown in the course). */
export type OutputSink = (chapter: string, line: number, result: ExecResult) => void;

interface Walk {
  runner: RunnerClient;
  sandboxId: string;
  save: OutputSink | undefined;
}

async function exec(walk: Walk, command: string, timeoutMs: number): Promise<ExecResult> {
  return walk.runner.exec(walk.sandboxId, { command, timeoutMs, workdir: "/root" });
}

/** Runs one chapter's steps; returns the steps that went wrong, each with why. */
async function runChapter(walk: Walk, plan: ChapterPlan): Promise<{ failed: Array<StepRun & { why: string }> }> {
  const failed: Array<StepRun & { why: string }> = [];
  const where = (line: number) => `${plan.file}:${line}`;
  for (const step of plan.steps) {
    if (step.kind === "file") {
      await walk.runner.putFiles(walk.sandboxId, `/root/${plan.slug}`, [{ path: step.path, content: step.content }]);
      continue;
    }
    if (step.kind === "block") {
      const script = step.tty ? ttyBlockScript(step.code, step.tty.typed, step.tty.keys) : plainBlockScript(step.code);
      const timeout = step.tty ? (TTY_TIMEOUT_S + 30) * 1000 : BLOCK_TIMEOUT_MS;
      const result = await exec(walk, script, timeout);
      walk.save?.(plan.slug, step.line, result);
      const ok = !result.timedOut && (step.expect === "failure" ? result.exitCode !== 0 : result.exitCode === 0);
      if (!ok) {
        const why = result.timedOut ? "timed out" : step.expect === "failure" ? "succeeded, but the course marks it fails" : `failed (exit ${result.exitCode ?? "none"})`;
        failed.push({ step: `sh block at ${where(step.line)} ${why}`, why, result });
      }
      continue;
    }
    const { exercise } = step;
    const solution = await exec(walk, exercise.solution, SOLUTION_TIMEOUT_MS);
    if (solution.timedOut || solution.exitCode !== 0) {
      failed.push({ step: `solution of ${exercise.id} (${where(step.line)}) failed`, why: "solution failed", result: solution });
      continue;
    }
    const check = await exec(walk, exercise.check, CHECK_TIMEOUT_MS);
    if (check.timedOut || check.exitCode !== 0) failed.push({ step: `check of ${exercise.id} (${where(step.line)}) fails right after its solution`, why: "check failed", result: check });
  }
  return { failed };
}

/** Every check of the walked chapters, again, at the end of the course. */
async function recheckAll(walk: Walk, plans: ChapterPlan[]): Promise<Array<StepRun & { why: string }>> {
  const failed: Array<StepRun & { why: string }> = [];
  for (const plan of plans) {
    for (const step of plan.steps) {
      if (step.kind !== "exercise") continue;
      const check = await exec(walk, step.exercise.check, CHECK_TIMEOUT_MS);
      if (check.timedOut || check.exitCode !== 0) failed.push({ step: `check of ${step.exercise.id} (${plan.slug}) no longer passes at the end of the course`, why: "check failed", result: check });
    }
  }
  return failed;
}

/**
 * Walks the course in one sandbox; one verdict per chapter, then one for the
 * final re-check. The sandbox is always deleted.
 */
export async function runInOrder(
  runner: RunnerClient,
  plans: ChapterPlan[],
  onVerdict: (v: Verdict) => void,
  live: Set<string> = new Set(),
  save?: OutputSink,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const emit = (v: Verdict) => {
    verdicts.push(v);
    onVerdict(v);
  };
  const verdictOf = (name: string, chapter: string, started: number, failed: Array<StepRun & { why: string }>): Verdict => ({
    name,
    chapter,
    ok: failed.length === 0,
    reason: failed.length === 0 ? undefined : `${failed.length} step(s) went wrong: ${failed.map((f) => f.step).join("; ")}`,
    steps: failed.map(({ step, result }) => ({ step, result })),
    durationMs: Date.now() - started,
  });
  let sandboxId: string | undefined;
  try {
    sandboxId = (await acquireInLine(runner, ownerFor("in-order"))).sandbox.id;
    live.add(sandboxId);
    const walk = { runner, sandboxId, save };
    for (const plan of plans) {
      const started = Date.now();
      const { failed } = await runChapter(walk, plan);
      emit(verdictOf(`in order: ${plan.slug}`, plan.slug, started, failed));
    }
    const started = Date.now();
    emit(verdictOf("in order: every check again at the end", "all", started, await recheckAll(walk, plans)));
  } catch (error) {
    emit({ name: "in order", chapter: "all", ok: false, reason: `runner error: ${error instanceof RunnerError ? error.message : String(error)}`, steps: [], durationMs: 0 });
  } finally {
    if (sandboxId !== undefined) await release(runner, sandboxId, live);
  }
  return verdicts;
}
