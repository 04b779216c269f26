/**
 * `npm run check:course`: proves every exercise of the course in a real,
 * fresh sandbox. For each exercise: the check must FAIL on a fresh sandbox,
 * the solution must succeed, then the check must PASS. One line per
 * exercise, then exactly `N passed, N failed`; exits non-zero on any failure.
 *
 *   npm run check:course                      every exercise, 2 at a time
 *   npm run check:course -- --only premiers-pas --only dockerfile-salut
 *   npm run check:course -- --concurrency 1
 *
 * Needs a running runner: QUAI_RUNNER_URL (default http://127.0.0.1:4000)
 * and QUAI_RUNNER_SECRET, as for the site.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, parseConfig } from "../app/_lib/config";
import { ContentValidationError, exercisesOf, formatIssue, loadCourse } from "../app/_lib/content";
import type { Course, Exercise } from "../app/_lib/content";
import { CHECK_TIMEOUT_MS } from "../app/_lib/exercises/run-check";
import { RunnerError, createRunnerClient } from "../app/_lib/runner-client";
import type { ExecResult, RunnerClient } from "../app/_lib/runner-client";

/** Solutions may build images; the runner caps a single exec at 10 minutes. */
export const SOLUTION_TIMEOUT_MS = 300_000;
/** Two sandboxes at a time: a 2-core machine builds images for both without starving. */
export const DEFAULT_CONCURRENCY = 2;
const OUTPUT_LINES = 30;
const UNPAUSE_ALL = "docker ps -q --filter status=paused | xargs -r docker unpause >/dev/null 2>&1; true";

export interface Target {
  exercise: Exercise;
  chapter: string;
}

export type StepName = "check on a fresh sandbox" | "solution" | "check after the solution";

export interface StepRun {
  step: StepName;
  result: ExecResult;
}

export interface Verdict {
  target: Target;
  ok: boolean;
  reason: string | undefined;
  steps: StepRun[];
  durationMs: number;
}

export interface Options {
  only: string[];
  concurrency: number;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { only: [], concurrency: DEFAULT_CONCURRENCY };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--only") options.only.push(...value().split(",").filter(Boolean));
    else if (arg.startsWith("--only=")) options.only.push(...arg.slice(7).split(",").filter(Boolean));
    else if (arg === "--concurrency") options.concurrency = positiveInt(value(), arg);
    else if (arg.startsWith("--concurrency=")) options.concurrency = positiveInt(arg.slice(14), "--concurrency");
    else throw new Error(`unknown argument ${arg} (known: --only <exercise-id-or-chapter>, --concurrency <n>)`);
  }
  return options;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`${name} must be an integer from 1 to 16, got ${JSON.stringify(text)}`);
  return n;
}

/** The exercises to prove, in course order; `only` matches exercise ids and chapter slugs. */
export function selectTargets(course: Course, only: string[]): Target[] {
  const all = course.chapters.flatMap((chapter) => exercisesOf(chapter).map((b) => ({ exercise: b.exercise, chapter: chapter.slug })));
  if (only.length === 0) return all;
  const unknown = only.filter((o) => !all.some((t) => t.exercise.id === o || t.chapter === o));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(", ")}: no exercise or chapter with exercises by that name`);
  return all.filter((t) => only.includes(t.exercise.id) || only.includes(t.chapter));
}

/** A runner owner unique to this run: `check-<id>` cut to the owner pattern, plus a random suffix. */
export function ownerFor(exerciseId: string, suffix = randomBytes(3).toString("hex")): string {
  const base = `check-${exerciseId}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 64 - suffix.length - 1);
  return `${base}-${suffix}`;
}

/** Runs one exercise's three steps in a sandbox of its own, and always deletes it. */
export async function verifyExercise(runner: RunnerClient, target: Target, live: Set<string> = new Set()): Promise<Verdict> {
  const started = Date.now();
  const steps: StepRun[] = [];
  const done = (reason: string | undefined): Verdict => ({ target, ok: reason === undefined, reason, steps, durationMs: Date.now() - started });
  let sandboxId: string | undefined;
  try {
    sandboxId = (await runner.acquire(ownerFor(target.exercise.id))).sandbox.id;
    live.add(sandboxId);
    const run = async (step: StepName, command: string, timeoutMs: number) => {
      const result = await runner.exec(sandboxId!, { command, timeoutMs, workdir: "/root" });
      steps.push({ step, result });
      return result;
    };

    const before = await run("check on a fresh sandbox", target.exercise.check, CHECK_TIMEOUT_MS);
    if (before.timedOut) return done("the check timed out on a fresh sandbox");
    if (before.exitCode === 0) return done("the check passes on a fresh sandbox (it must fail until the solution has run)");

    const solution = await run("solution", target.exercise.solution, SOLUTION_TIMEOUT_MS);
    if (solution.timedOut) return done(`the solution timed out after ${SOLUTION_TIMEOUT_MS / 1000} s`);
    if (solution.exitCode !== 0) return done(`the solution failed (exit ${solution.exitCode ?? "unknown"})`);

    const after = await run("check after the solution", target.exercise.check, CHECK_TIMEOUT_MS);
    if (after.timedOut) return done("the check timed out after the solution");
    if (after.exitCode !== 0) return done(`the check still fails after the solution (exit ${after.exitCode ?? "unknown"})`);
    return done(undefined);
  } catch (error) {
    return done(`runner error: ${error instanceof RunnerError ? error.message : String(error)}`);
  } finally {
    if (sandboxId !== undefined) {
      live.delete(sandboxId);
      // A container left paused inside the sandbox (the docker pause exercise) makes the
      // sandbox itself unkillable on cgroup v1 hosts: the runner's DELETE then fails and
      // leaks it. Unpausing first keeps CI clean until the runner handles it.
      await runner.exec(sandboxId, { command: UNPAUSE_ALL, timeoutMs: 30_000 }).catch(() => undefined);
      await runner.destroy(sandboxId).catch((error: unknown) => {
        console.error(`  (could not delete sandbox ${sandboxId}: ${(error as Error).message})`);
      });
    }
  }
}

export function formatVerdict(verdict: Verdict): string {
  const { target, ok, reason, steps, durationMs } = verdict;
  const head = `${ok ? "✓" : "✗"} ${target.exercise.id}  [${target.chapter}]  ${(durationMs / 1000).toFixed(1)} s`;
  if (ok) return head;
  const lines = [`${head}  ${reason}`];
  for (const { step, result } of steps) {
    lines.push(`    ${step}: exit ${result.exitCode ?? "none"}${result.timedOut ? " (timed out)" : ""}${result.truncated ? " (output truncated)" : ""}, ${(result.durationMs / 1000).toFixed(1)} s`);
    for (const [name, text] of [["stdout", result.stdout], ["stderr", result.stderr]] as const) {
      const outLines = text.trimEnd().split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
      if (outLines.length === 0 || (outLines.length === 1 && outLines[0] === "")) continue;
      const shown = outLines.length > OUTPUT_LINES ? [...outLines.slice(0, OUTPUT_LINES), `… ${outLines.length - OUTPUT_LINES} more lines`] : outLines;
      for (const line of shown) lines.push(`      ${name} | ${line}`);
    }
  }
  return lines.join("\n");
}

export function summary(verdicts: Verdict[]): string {
  const passed = verdicts.filter((v) => v.ok).length;
  return `${passed} passed, ${verdicts.length - passed} failed`;
}

/** Runs `work` over `items`, `concurrency` at a time; `onResult` sees results as they finish. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>, onResult: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
      onResult(results[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

async function runnerAnswers(baseUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
    if (response.ok) return undefined;
    return `the runner at ${baseUrl} answered /healthz with HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return `cannot reach the runner at ${baseUrl} (${cause}); start it (npm start, or npx tsx sandbox-runner/src/main.ts) and set QUAI_RUNNER_URL`;
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`check:course: ${(error as Error).message}`);
    return 2;
  }

  let course: Course;
  try {
    course = loadCourse();
  } catch (error) {
    if (error instanceof ContentValidationError) {
      console.error(`check:course: fix the content first:\n${error.issues.map(formatIssue).join("\n")}`);
      return 1;
    }
    throw error;
  }

  let targets: Target[];
  try {
    targets = selectTargets(course, options.only);
  } catch (error) {
    console.error(`check:course: ${(error as Error).message}`);
    return 2;
  }

  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`check:course: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (!config.runnerSecret) {
    console.error("check:course: QUAI_RUNNER_SECRET is not set (the runner's shared secret, as for the site)");
    return 2;
  }
  const unreachable = await runnerAnswers(config.runnerUrl);
  if (unreachable) {
    console.error(`check:course: ${unreachable}`);
    return 2;
  }

  const runner = createRunnerClient({ baseUrl: config.runnerUrl, secret: config.runnerSecret });
  const live = new Set<string>();
  process.once("SIGINT", () => {
    console.error(`\ninterrupted: deleting ${live.size} sandbox(es)…`);
    void Promise.allSettled([...live].map((id) => runner.destroy(id))).then(() => process.exit(130));
  });

  console.log(`Proving ${targets.length} exercise(s) against ${config.runnerUrl}, ${options.concurrency} at a time…`);
  const verdicts = await pool(targets, options.concurrency, (t) => verifyExercise(runner, t, live), (v) => console.log(formatVerdict(v)));
  console.log(summary(verdicts));
  return verdicts.every((v) => v.ok) ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error("check:course:", error);
      process.exit(1);
    },
  );
}
