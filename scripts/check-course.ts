/**
 * `npm run check:course`: proves the course in real sandboxes, two ways at once.
 *
 *  - Each exercise in a fresh sandbox of its own: the check fails (and says
 *    why); after each of its `wrong:` attempts it still fails and says what
 *    the attempt's `says` expects; the solution succeeds; the check passes.
 *  - The whole course in order in ONE sandbox, as a learner goes through it
 *    (scripts/check-course/in-order.ts): every runnable sh block, every file
 *    saved by the editor, every exercise's solution then its check; then every
 *    check again at the end.
 *
 * One line per exercise and per chapter of the walk, then exactly
 * `N passed, N failed`; exits 1 on any failure, 2 on bad arguments.
 *
 *   npm run check:course                       both proofs
 *   npm run check:course -- --only premiers-pas --only dockerfile-carte-postale
 *   npm run check:course -- --in-order --until volumes
 *   npm run check:course -- --each --concurrency 1
 *   npm run check:course -- --in-order --save-outputs .data/outputs   (what each sh block printed, to refresh the course's outputs)
 *
 * With QUAI_RUNNER_URL (and QUAI_RUNNER_SECRET) set, the given runner is used;
 * otherwise a runner of its own is built, started and stopped.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, parseConfig } from "../app/_lib/config";
import { ContentValidationError, exercisesOf, formatIssue, loadCourse } from "../app/_lib/content";
import type { Course, Exercise } from "../app/_lib/content";
import { createRunnerClient } from "../app/_lib/runner-client";
import { verifyExercise } from "./check-course/exercise-proof";
import type { Target } from "./check-course/exercise-proof";
import { planInOrder, runInOrder } from "./check-course/in-order";
import { startOwnRunner } from "./check-course/own-runner";
import type { OwnRunner } from "./check-course/own-runner";
import { formatVerdict, pool, summary } from "./check-course/report";
import type { Verdict } from "./check-course/report";

/** Sandboxes at a time for the per-exercise proofs (the in-order walk takes one more). */
export const DEFAULT_CONCURRENCY = 2;

export interface Options {
  only: string[];
  concurrency: number;
  /** Which proofs: per exercise, in order, or both. */
  each: boolean;
  inOrder: boolean;
  until: string | undefined;
  /** --save-outputs DIR: the in-order walk writes what each sh block printed to DIR/<chapter>/<line>.txt. */
  saveOutputs: string | undefined;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { only: [], concurrency: DEFAULT_CONCURRENCY, each: true, inOrder: true, until: undefined, saveOutputs: undefined };
  let onlyEach = false;
  let onlyInOrder = false;
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
    else if (arg === "--until") options.until = value();
    else if (arg.startsWith("--until=")) options.until = arg.slice(8);
    else if (arg === "--save-outputs") options.saveOutputs = value();
    else if (arg === "--each") onlyEach = true;
    else if (arg === "--in-order") onlyInOrder = true;
    else throw new Error(`unknown argument ${arg} (known: --only <exercise-id-or-chapter>, --concurrency <n>, --each, --in-order, --until <chapter>, --save-outputs <dir>)`);
  }
  if (onlyEach && onlyInOrder) throw new Error("--each and --in-order exclude each other (give neither for both proofs)");
  if (onlyInOrder && options.only.length > 0) throw new Error("--only selects exercises for --each; the in-order proof walks the course from its start (use --until to stop early)");
  if (onlyEach && options.until !== undefined) throw new Error("--until applies to the in-order proof, not to --each");
  if (onlyEach && options.saveOutputs !== undefined) throw new Error("--save-outputs applies to the in-order proof, not to --each");
  options.each = !onlyInOrder;
  // --only or --until narrows the run to the proof it applies to.
  options.inOrder = !onlyEach && options.only.length === 0;
  if (options.until !== undefined) options.each = onlyEach;
  return options;
}

function positiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error(`${name} must be an integer from 1 to 16, got ${JSON.stringify(text)}`);
  return n;
}

/**
 * The exercises `exercise` continues (its `after`, then that one's…), first
 * first: their solutions run before its proof. Each must come earlier in the
 * same chapter.
 */
export function prerequisites(exercise: Exercise, chapterExercises: Exercise[], chapter: string): Exercise[] {
  const chain: Exercise[] = [];
  let current = exercise;
  while (current.after !== undefined) {
    const at = chapterExercises.findIndex((e) => e.id === current.after);
    if (at < 0 || at >= chapterExercises.indexOf(current)) throw new Error(`exercise ${current.id} (${chapter}): after: ${current.after} is not an earlier exercise of the chapter`);
    current = chapterExercises[at]!;
    chain.unshift(current);
  }
  return chain;
}

/** The exercises to prove, in course order; `only` matches exercise ids and chapter slugs. */
export function selectTargets(course: Course, only: string[]): Target[] {
  const all = course.chapters.flatMap((chapter) => {
    const files = chapter.blocks.flatMap((b) => (b.kind === "file" ? [{ path: b.path, content: b.code }] : []));
    // The last block for a path wins, as in the editor (a later block updates the file).
    const unique = [...new Map(files.map((f) => [f.path, f])).values()];
    const exercises = exercisesOf(chapter).map((b) => b.exercise);
    return exercises.map((exercise) => ({ exercise, chapter: chapter.slug, files: unique, before: prerequisites(exercise, exercises, chapter.slug) }));
  });
  if (only.length === 0) return all;
  const unknown = only.filter((o) => !all.some((t) => t.exercise.id === o || t.chapter === o));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(", ")}: no exercise or chapter with exercises by that name`);
  return all.filter((t) => only.includes(t.exercise.id) || only.includes(t.chapter));
}

async function runnerAnswers(baseUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
    if (response.ok) return undefined;
    return `the runner at ${baseUrl} answered /healthz with HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return `cannot reach the runner at ${baseUrl} (${cause}); start it, or unset QUAI_RUNNER_URL and check:course starts its own`;
  }
}

/** Writes each sh block's output (ANSI sequences removed) to dir/<chapter>/<line>.txt. */
function outputSaver(dir: string) {
  return (chapter: string, line: number, result: { stdout: string; stderr: string; exitCode: number | null; durationMs: number }) => {
    const folder = path.join(dir, chapter);
    mkdirSync(folder, { recursive: true });
    const text = `${result.stdout}${result.stderr ? `\n--- stderr ---\n${result.stderr}` : ""}\n--- exit ${result.exitCode ?? "none"}, ${(result.durationMs / 1000).toFixed(1)} s ---\n`;
    writeFileSync(path.join(folder, `${String(line).padStart(4, "0")}.txt`), stripAnsi(text));
  };
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\r(?!\n)/g, "");
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

  let targets: Target[] = [];
  let plans: ReturnType<typeof planInOrder> = [];
  try {
    if (options.each) targets = selectTargets(course, options.only);
    if (options.inOrder) plans = planInOrder(course, options.until);
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

  let own: OwnRunner | undefined;
  let url = config.runnerUrl;
  let secret = config.runnerSecret;
  if (process.env.QUAI_RUNNER_URL === undefined || process.env.QUAI_RUNNER_URL === "") {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    try {
      own = await startOwnRunner({ root, dataDir: config.dataDir });
    } catch (error) {
      console.error(`check:course: ${(error as Error).message}`);
      return 2;
    }
    ({ url, secret } = own);
    console.log(`Started a sandbox runner of its own on ${url} (log: ${own.logFile}).`);
  } else {
    if (!secret) {
      console.error("check:course: QUAI_RUNNER_SECRET is not set (the runner's shared secret, as for the site); or unset QUAI_RUNNER_URL and check:course starts its own runner");
      return 2;
    }
    const unreachable = await runnerAnswers(url);
    if (unreachable) {
      console.error(`check:course: ${unreachable}`);
      return 2;
    }
  }

  const runner = createRunnerClient({ baseUrl: url, secret: secret! });
  const live = new Set<string>();
  process.once("SIGINT", () => {
    console.error(`\ninterrupted: deleting ${live.size} sandbox(es)…`);
    void Promise.allSettled([...live].map((id) => runner.destroy(id)))
      .then(() => own?.stop())
      .then(() => process.exit(130));
  });

  const started = Date.now();
  const parts = [
    options.each ? `${targets.length} exercise(s), ${options.concurrency} at a time` : undefined,
    options.inOrder ? `the course in order in one sandbox (${plans.length} chapter(s))` : undefined,
  ].filter(Boolean);
  console.log(`Proving ${parts.join(", and ")} against ${url}…`);
  const print = (v: Verdict) => console.log(formatVerdict(v));
  try {
    const [each, inOrder] = await Promise.all([
      options.each ? pool(targets, options.concurrency, (t) => verifyExercise(runner, t, live), print) : Promise.resolve([]),
      options.inOrder ? runInOrder(runner, plans, print, live, options.saveOutputs ? outputSaver(options.saveOutputs) : undefined) : Promise.resolve([]),
    ]);
    const verdicts = [...each, ...inOrder];
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
    console.log(summary(verdicts));
    return verdicts.every((v) => v.ok) ? 0 : 1;
  } finally {
    await own?.stop();
  }
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
