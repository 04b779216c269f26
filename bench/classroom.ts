/**
 * `npm run bench:classroom`: a workshop on this machine. BENCH_LEARNERS
 * simulated learners (default 30) arrive over BENCH_ARRIVAL_S seconds
 * (default 60) through the site's public HTTP API and terminal sockets, as
 * browsers do, each running a scripted lesson with human pauses (lesson in
 * classroom/learner.ts): typing at 5 keys/s, `docker run hello-world`, nginx
 * with -p and curl, a small Dockerfile built and run, the exercise check,
 * typing again. The real runner (production defaults: warm pool of 2,
 * 40 sandboxes at most, 2 cold starts at once, admission by load) and the
 * built site run on their own ports and
 * Docker instance. Prints one JSON line; writes the echo-over-time plot as
 * SVG (BENCH_PLOT). Bounded: BENCH_TIMEOUT_S (default 900) ends everything,
 * counted as errors.
 *
 * It loads the whole machine: develop with BENCH_LEARNERS=3.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, SECRET, ensureBuilt, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "../e2e/support/servers";
import { loadConfig } from "../sandbox-runner/src/config";
import { runLesson, type LessonResult } from "./classroom/learner";
import { watchHost } from "./classroom/host";
import { echoPlot } from "./classroom/plot";
import { percentile, round, seeded, spread, watchLoad } from "./stats";

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 30);
const ARRIVAL_S = Number(process.env.BENCH_ARRIVAL_S ?? 60);
const TYPING_S = Number(process.env.BENCH_TYPING_S ?? 40);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const WARM_POOL = Number(process.env.BENCH_WARM_POOL ?? 2);
/** The runner's own defaults (cold starts at once, admission by load), unless a run says otherwise. */
const RUNNER_DEFAULTS = loadConfig({ QUAI_RUNNER_SECRET: SECRET });
const MAX_SANDBOXES = Number(process.env.BENCH_MAX_SANDBOXES ?? Math.max(RUNNER_DEFAULTS.QUAI_SANDBOX_MAX, LEARNERS + WARM_POOL + 1));
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? RUNNER_DEFAULTS.QUAI_COLD_STARTS_MAX);
const MAX_LOAD = Number(process.env.BENCH_MAX_LOAD ?? RUNNER_DEFAULTS.QUAI_ADMIT_MAX_LOAD);
const PORTS = { runner: Number(process.env.BENCH_RUNNER_PORT ?? 4350), site: Number(process.env.BENCH_SITE_PORT ?? 3350) };
const INSTANCE = process.env.BENCH_INSTANCE ?? "quai-bench-classroom";
const SITE = `http://localhost:${PORTS.site}`;
const RUNNER = `http://127.0.0.1:${PORTS.runner}`;
const PLOT = path.resolve(ROOT, process.env.BENCH_PLOT ?? ".data/bench/classroom-echo.svg");
const CHAPTER = "premiers-pas";
const EXERCISE = "premiers-pas-hello";
const TARGETS = { errors: 0, echoP95Ms: 50, promptP95Ms: 3000, checkP95Ms: 5000 };

/** The runner's own counters (its /metrics): where sandboxes came from, how many sleep, how many were refused. */
async function runnerMetrics(): Promise<Record<string, number>> {
  const text = await (await fetch(`${RUNNER}/metrics`, { headers: { authorization: `Bearer ${SECRET}` } })).text();
  const value = (key: string) => Number(text.split("\n").find((l) => l.startsWith(`${key} `))?.split(" ")[1] ?? NaN);
  return {
    cold: value('quai_sandbox_start_seconds_count{source="cold"}'),
    warm: value('quai_sandbox_start_seconds_count{source="warm"}'),
    woken: value('quai_sandbox_start_seconds_count{source="woken"}'),
    // Labelled by reason (full, busy): the sum.
    refused: text.split("\n").filter((l) => l.startsWith("quai_admissions_refused_total{")).reduce((n, l) => n + Number(l.split(" ")[1]), 0),
    asleep: value('quai_sandboxes{state="asleep"}'),
    leased: value('quai_sandboxes{state="leased"}'),
  };
}

const ms = (values: Array<number | undefined>) => values.filter((v): v is number => v !== undefined);

async function main(): Promise<void> {
  ensureBuilt();
  removeE2eObjects(INSTANCE);
  const runner = startRunner(PORTS, WARM_POOL, { instance: INSTANCE, maxSandboxes: MAX_SANDBOXES, coldStarts: COLD_STARTS, maxLoad: MAX_LOAD, refillDelayS: RUNNER_DEFAULTS.QUAI_POOL_REFILL_DELAY_S });
  const site = startSite(PORTS);
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(), TIMEOUT_S * 1000);
  try {
    await waitFor(`${RUNNER}/healthz`, runner, "the runner", 180_000);
    await waitFor(`${SITE}/`, site, "the site", 60_000);
    await warmPoolReady(300_000, RUNNER, WARM_POOL);
    // The site renders its first page once before the class (as after any start).
    await (await fetch(`${SITE}/cours/${CHAPTER}`)).arrayBuffer();

    const load = watchLoad();
    const host = watchHost();
    const t0 = performance.now();
    const clock = () => performance.now() - t0;
    const lessons: Array<Promise<LessonResult>> = [];
    for (let i = 0; i < LEARNERS; i++) {
      const arriveAt = LEARNERS > 1 ? (i * ARRIVAL_S * 1000) / (LEARNERS - 1) : 0;
      const wait = Math.max(0, arriveAt - clock());
      lessons.push(
        new Promise((r) => setTimeout(r, wait)).then(() =>
          runLesson(`apprenant-${i + 1}`, { site: SITE, chapter: CHAPTER, exercise: EXERCISE, typingS: TYPING_S, random: seeded(1000 + i), clock, signal: abort.signal }),
        ),
      );
    }
    const results = await Promise.all(lessons);
    const wallS = clock() / 1000;
    const hostFigures = host.stop();
    const loadFigures = load.stop();
    const counts = await runnerMetrics().catch(() => ({}));

    const echo = results.flatMap((r) => r.echo);
    const echoMs = echo.map((e) => e.ms);
    const errors = results.flatMap((r) => r.errors);
    const prompt = ms(results.map((r) => r.promptMs));
    const check = ms(results.map((r) => r.checkMs));
    const build = ms(results.map((r) => r.buildMs));
    const hello = ms(results.map((r) => r.helloMs));
    const nginx = ms(results.map((r) => r.nginxMs));
    const summary = {
      learners: LEARNERS,
      arrivalS: ARRIVAL_S,
      wallS: round(wallS, 0),
      date: new Date().toISOString(),
      promptMs: { ...spread(prompt, 0), max: round(Math.max(...prompt), 0) },
      // The chapter page alone (the site's answer, cookie set), then the slowest first prompt step
      // by step: where a class's worst wait comes from.
      pageMs: spread(ms(results.map((r) => r.promptSteps?.page)), 0),
      slowestPrompt: results.reduce<LessonResult | undefined>((a, r) => ((r.promptMs ?? 0) > (a?.promptMs ?? -1) ? r : a), undefined)?.promptSteps,
      echoMs: { ...spread(echo.map((e) => e.ms)), p99: round(percentile(echoMs, 99)), over50: echoMs.filter((v) => v > 50).length },
      checkMs: spread(check, 0),
      buildMs: spread(build, 0),
      helloWorldMs: spread(hello, 0),
      nginxMs: spread(nginx, 0),
      errors: errors.length,
      queued: { learners: results.filter((r) => r.queued).length, refusals: results.reduce((n, r) => n + (r.queued ?? 0), 0) },
      host: { ...hostFigures, load1mMean: loadFigures.mean1m, cores: loadFigures.cores },
      sandboxes: counts,
      targets: TARGETS,
      met: {
        errors: errors.length === 0,
        echoP95: percentile(echoMs, 95) <= TARGETS.echoP95Ms,
        promptP95: percentile(prompt, 95) <= TARGETS.promptP95Ms,
        checkP95: percentile(check, 95) <= TARGETS.checkP95Ms,
      },
    };
    for (const e of errors.slice(0, 20)) console.error(`error: ${e}`);
    mkdirSync(path.dirname(PLOT), { recursive: true });
    writeFileSync(
      PLOT,
      echoPlot(echo, {
        title: `bench:classroom — ${LEARNERS} learners arriving over ${ARRIVAL_S} s: keystroke → echo through the site (${summary.date.slice(0, 16)}Z)`,
        arrivalsEndS: ARRIVAL_S,
        targetMs: TARGETS.echoP95Ms,
        load: host.samples.map((s) => ({ at: s.at, load1: s.load1 })),
      }),
    );
    console.error(`echo plot: ${PLOT}`);
    console.log(JSON.stringify(summary));
  } finally {
    clearTimeout(deadline);
    await Promise.all([site.stop(), runner.stop()]);
    removeE2eObjects(INSTANCE);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
