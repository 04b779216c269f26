import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SiteCallError, answerQuiz, askForHelp, checkExercise, editorFiles, joinWorkshop, progress, saveEditorFiles, startSandbox, visitChapter, type LearnerSite } from "../bench/classroom/site-api";
import { SiteTerminal } from "../bench/classroom/terminal";
import { seeded } from "../bench/stats";
import { INSTANCE, RUNNER_PORT, SECRET, SITE_PORT, TRAINER_PASSWORD, removeE2eObjects, startRunner, startSite, waitFor, type Service, type Site } from "./support/servers";

/**
 * Nothing lost on a crash (issue 13, item 4). A workshop on a runner and a
 * site of their own; LEARNERS simulated learners (the classroom bench's
 * calls: bench/classroom/site-api.ts) save editor files, answer quizzes and
 * check exercises in a loop, while a killer sends SIGKILL to the site's or
 * the runner's whole process group at seeded random moments and starts it
 * again. Each learner notes every write the site acknowledged (a 2xx
 * answer). At the end, after one more crash of both, every acknowledged
 * write is there (public API, trainer dashboard, the SQLite file), each
 * learner has the same sandbox (same container, never restarted, the file
 * written into it before the crashes), and nobody has anyone else's data.
 * The trainer's « prolonger » and pre-warm count, given before the crashes,
 * are still the runner's after the last one, before any page is opened.
 * Requests that fail while a process is down are expected: learners try
 * again, as the page does; they are counted and printed.
 *
 * QUAI_CRASH_SEED replays one run's kill moments; the output says which seed ran.
 */
const instance = `${INSTANCE}-crash`;
const ports = { runner: RUNNER_PORT + 11, site: SITE_PORT + 11 };
const SITE = `http://localhost:${ports.site}`;
const RUNNER = `http://127.0.0.1:${ports.runner}`;
const SEED = Number(process.env.QUAI_CRASH_SEED ?? Date.now() % 100_000);
const LEARNERS = 5;
/** Crash rounds while the class works (then one more of both before the verdict). */
const ROUNDS: Array<"site" | "runner" | "both"> = ["site", "runner", "both"];
const CAPACITY = LEARNERS + 1;
const MAX_SANDBOXES = CAPACITY + 2;
/** The whole test, set-up to verdict, on a busy 2-core machine; the learners' loop stops earlier on its own. */
const TEST_TIMEOUT_MS = 420_000;
const LOOP_DEADLINE_MS = 180_000;
const CHAPTERS = ["premiers-pas", "executer", "cycle-de-vie"];
const QUIZZES = [
  { id: "premiers-pas-quiz-1", choices: 4 },
  { id: "premiers-pas-quiz-2", choices: 4 },
  { id: "executer-quiz-1", choices: 4 },
];
const PASSING = "premiers-pas-hello";
const FAILING = "premiers-pas-bonjour";
/** What a learner meets while a process is down or starting: no answer, or the site saying the runner is unreachable. */
const OUTAGE = new Set([0, 502, 503, 504]);
/** Checks a learner may run in a row without the site limiting them (the budgets are not what this test is about). */
const SITE_ENV = { QUAI_CHECKS_PER_LEARNER: "1000", QUAI_CHECKS_PER_ADDRESS: "100000" };

interface Writes {
  /** Numbers of the saves, checks or answers sent, and of those the site acknowledged. */
  sent: number[];
  acked: number[];
}

interface Learner {
  name: string;
  /** In every byte this learner writes, so another learner's data is recognised. */
  tag: string;
  api: LearnerSite;
  sandboxId: string;
  /** The sandbox's container, as Docker knows it before the crashes. */
  container: { id: string; startedAt: string };
  marker: string;
  saves: Map<string, Writes>;
  quizzes: Map<string, Writes>;
  checks: Map<string, Writes>;
  /** « J'ai besoin d'aide » messages, on the trainer's roster. */
  help: Writes;
  sent: number;
}

let runner: Service | undefined;
let site: Site | undefined;
let dataDir: string;
let trainerCookie = "";
let workshop: { id: string; joinCode: string };
const learners: Learner[] = [];
const failures = new Map<string, number>();
const unexpected: string[] = [];
const kills: string[] = [];
const t0 = Date.now();
const clock = () => ((Date.now() - t0) / 1000).toFixed(1);

function startTheRunner(): Service {
  return startRunner(ports, 1, { instance, maxSandboxes: MAX_SANDBOXES });
}

function startTheSite(): Site {
  return startSite(ports, { ...SITE_ENV, QUAI_DATA_DIR: dataDir });
}

async function runnerUp(): Promise<void> {
  await waitFor(`${RUNNER}/healthz`, runner!, "the crash test's runner", 180_000);
}

async function siteUp(): Promise<void> {
  await waitFor(`${SITE}/`, site!, "the crash test's site", 90_000);
}

/** The sandbox's container: `docker inspect` by the runner's labels. */
function containerOf(sandboxId: string): { id: string; running: boolean; startedAt: string } {
  const ids = execFileSync("docker", ["ps", "-aq", "--no-trunc", "--filter", `label=quai.sandbox=${sandboxId}`, "--filter", `label=quai.instance=${instance}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  if (ids.length !== 1) throw new Error(`sandbox ${sandboxId}: ${ids.length} containers`);
  const [running, startedAt] = execFileSync("docker", ["inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", ids[0]!], { encoding: "utf8" }).trim().split(" ");
  return { id: ids[0]!, running: running === "true", startedAt: startedAt! };
}

/** A GET of the runner's own API (the site's secret), to read what the runner alone knows. */
async function runnerGet<T>(pathname: string): Promise<T> {
  const answer = await fetch(`${RUNNER}${pathname}`, { headers: { authorization: `Bearer ${SECRET}` } });
  if (!answer.ok) throw new Error(`runner GET ${pathname}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as T;
}

/** Same-origin JSON as the trainer's pages send it. */
async function trainerCall(method: string, pathname: string, body?: unknown): Promise<Response> {
  return fetch(`${SITE}${pathname}`, {
    method,
    headers: { origin: SITE, cookie: trainerCookie, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A call of the set-up, tried again while a process is still coming up. */
async function patiently<T>(what: string, work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (Date.now() > deadline || (error instanceof SiteCallError && !OUTAGE.has(error.status))) throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** A command typed in the learner's shell through the site, as in the workbench; the output between the two markers. */
async function shell(l: Learner, terminalId: string, command: string, timeoutMs: number): Promise<string> {
  const session = await startSandbox(l.api);
  const terminal = await SiteTerminal.open(SITE, session.sandboxId, terminalId, session.token, l.api.cookie);
  try {
    await terminal.run(`echo debut-; ${command}; echo fin-`, /^fin-$/m, timeoutMs);
    return /^debut-\n([^]*?)^fin-$/m.exec(terminal.plain.replace(/\r/g, ""))?.[1] ?? "";
  } finally {
    await terminal.close();
  }
}

/** A failed request: counted by route and answer; anything but an outage's answer is a finding. */
function note(l: Learner, route: string, what: string, error: unknown): void {
  const status = error instanceof SiteCallError ? error.status : -1;
  const key = `${route} → ${status === 0 ? "no answer" : status}`;
  failures.set(key, (failures.get(key) ?? 0) + 1);
  if (!OUTAGE.has(status)) unexpected.push(`${clock()} s ${l.name}: ${error instanceof SiteCallError ? "" : `${what}: `}${(error as Error).message}`);
}

function writes(map: Map<string, Writes>, key: string): Writes {
  let w = map.get(key);
  if (!w) map.set(key, (w = { sent: [], acked: [] }));
  return w;
}

/** One learner's work until `stop`: saves, quiz answers and checks, with short human pauses. */
async function work(l: Learner, random: () => number, stop: () => boolean): Promise<void> {
  while (!stop()) {
    const n = ++l.sent;
    const roll = random();
    if (roll < 0.08) {
      l.help.sent.push(n);
      try {
        await askForHelp(l.api, `${l.tag} aide ${n}`);
        l.help.acked.push(n);
      } catch (error) {
        note(l, "POST /api/atelier/aide", "POST /api/atelier/aide", error);
      }
    } else if (roll < 0.5) {
      const chapter = CHAPTERS[Math.floor(random() * CHAPTERS.length)]!;
      const w = writes(l.saves, chapter);
      w.sent.push(n);
      try {
        await saveEditorFiles(l.api, chapter, [{ path: "notes.txt", content: `${l.tag} sauvegarde ${n}\n` }], l.sandboxId);
        w.acked.push(n);
      } catch (error) {
        note(l, "PUT /api/editor/:chapter", `PUT /api/editor/${chapter}`, error);
      }
    } else if (roll < 0.8) {
      const quiz = QUIZZES[Math.floor(random() * QUIZZES.length)]!;
      const w = writes(l.quizzes, quiz.id);
      w.sent.push(n);
      try {
        await answerQuiz(l.api, quiz.id, [n % quiz.choices]);
        w.acked.push(n);
      } catch (error) {
        note(l, "POST /api/quizzes/:id/answer", `POST /api/quizzes/${quiz.id}/answer`, error);
      }
    } else {
      const exercise = random() < 0.7 ? PASSING : FAILING;
      const w = writes(l.checks, exercise);
      w.sent.push(n);
      try {
        const answer = await checkExercise(l.api, exercise);
        if (answer.passed !== (exercise === PASSING)) unexpected.push(`${l.name}: check ${exercise} answered passed=${answer.passed}: ${answer.feedback}`);
        w.acked.push(n);
      } catch (error) {
        note(l, "POST /api/exercises/:id/check", `POST /api/exercises/${exercise}/check`, error);
      }
    }
    await new Promise((r) => setTimeout(r, 150 + random() * 450));
  }
}

/** Until each learner has a save, an answer and a check acknowledged, among the writes numbered after `since` (theirs); false if stopped first. */
async function everyKindAcknowledged(since: Map<Learner, number>, stopped: () => boolean): Promise<boolean> {
  const has = (l: Learner, map: Map<string, Writes>) => [...map.values()].some((w) => w.acked.some((n) => n > (since.get(l) ?? 0)));
  while (!learners.every((l) => has(l, l.saves) && has(l, l.quizzes) && has(l, l.checks))) {
    if (stopped()) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

/** SIGKILL to the process group(s) at once, then the same command again on the same data. */
async function crash(which: "site" | "runner" | "both", round: string): Promise<void> {
  const pids = [which !== "runner" ? `site ${site!.child.pid}` : "", which !== "site" ? `runner ${runner!.child.pid}` : ""].filter(Boolean).join(", ");
  kills.push(`${clock()} s round ${round}: kill -9 ${pids}`);
  console.log(`crash test: ${kills.at(-1)}`);
  await Promise.all([which !== "runner" ? site!.kill() : undefined, which !== "site" ? runner!.kill() : undefined]);
  const down = Date.now();
  if (which !== "site") runner = startTheRunner();
  if (which !== "runner") site = startTheSite();
  await Promise.all([which !== "site" ? runnerUp() : undefined, which !== "runner" ? siteUp() : undefined]);
  console.log(`crash test: ${clock()} s round ${round}: ${which} back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
}

beforeAll(async () => {
  removeE2eObjects(instance);
  dataDir = mkdtempSync(path.join(tmpdir(), "quai-e2e-crash-"));
  runner = startTheRunner();
  site = startTheSite();
  await Promise.all([runnerUp(), siteUp()]);
}, 300_000);

afterAll(async () => {
  await Promise.all([site?.stop(), runner?.stop()]);
  removeE2eObjects(instance);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 of the site and the runner under a class", () => {
  it(
    "loses no acknowledged progress, editor file or workshop membership, and every learner keeps their sandbox",
    async () => {
      console.log(`crash test: seed ${SEED} (QUAI_CRASH_SEED=${SEED} replays it), ${LEARNERS} learners, rounds ${ROUNDS.join(", ")}, then both`);
      const random = seeded(SEED);

      // The trainer signs in and opens a workshop on three chapters.
      const signIn = await fetch(`${SITE}/api/formateur/session`, { method: "POST", headers: { origin: SITE, "content-type": "application/json" }, body: JSON.stringify({ name: "admin", password: TRAINER_PASSWORD }) });
      expect(signIn.status).toBe(200);
      trainerCookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const now = Date.now();
      const created = await trainerCall("POST", "/api/formateur/ateliers", {
        title: "Atelier sous les coups",
        chapters: CHAPTERS,
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        capacity: CAPACITY,
        sandboxMinutes: 60,
      });
      expect(created.status).toBe(200);
      workshop = ((await created.json()) as { workshop: { id: string; joinCode: string } }).workshop;

      // The learners arrive a few seconds apart: a page, the join form, their sandbox (« Réessayer »
      // after a start that failed, as on a loaded machine), a file in it and the passing exercise's work.
      await Promise.all(
        Array.from({ length: LEARNERS }, async (_, i) => {
          await new Promise((r) => setTimeout(r, i * 3000));
          const name = `Apprenant ${i + 1}`;
          const tag = `apprenant-${i + 1}-${SEED}`;
          const api = await visitChapter(SITE, "premiers-pas");
          await joinWorkshop(api, workshop.joinCode, name);
          // The join answers once the runner holds the workshop's seats: the sandbox asked for
          // next gets the workshop's lifetime and a seat, not the runner's default.
          const { reservations } = await runnerGet<{ reservations: Array<{ key: string }> }>("/v1/reservations");
          expect(reservations.map((r) => r.key), `the workshop's reservation once ${name} has joined`).toContain(workshop.id);
          const session = await patiently(`${name}'s sandbox`, () => startSandbox(api), 180_000);
          const l: Learner = { name, tag, api, sandboxId: session.sandboxId, container: { id: "", startedAt: "" }, marker: `marque ${tag}`, saves: new Map(), quizzes: new Map(), checks: new Map(), help: { sent: [], acked: [] }, sent: 0 };
          const terminal = await SiteTerminal.open(SITE, session.sandboxId, "premiers-pas-1", session.token, api.cookie);
          try {
            await terminal.run(`echo '${l.marker}' > /root/marque.txt && docker run hello-world >/dev/null && docker ps -aq --filter ancestor=hello-world | wc -l > /root/conteneurs.txt && echo pret-$((6*7))`, /pret-42/, 120_000);
          } finally {
            await terminal.close();
          }
          const c = containerOf(session.sandboxId);
          expect(c.running).toBe(true);
          l.container = { id: c.id, startedAt: c.startedAt };
          learners.push(l);
        }),
      );
      console.log(`crash test: ${clock()} s: ${LEARNERS} learners in the workshop, each with a sandbox`);

      // The trainer gives everyone 30 more minutes and keeps one sandbox warm for the last seat:
      // what the runner alone holds (no container label), kept across its crashes by its saved state.
      for (const action of [{ type: "extend", minutes: 30 }, { type: "prewarm", count: 1 }]) {
        const answer = await trainerCall("POST", `/api/formateur/ateliers/${workshop.id}/actions`, action);
        expect(answer.status, `${action.type}: ${await answer.clone().text()}`).toBe(200);
      }
      const ends = new Map<string, number>();
      for (const l of learners) {
        const { sandbox } = await runnerGet<{ sandbox: { createdAt: number; expiresAt: number } }>(`/v1/sandboxes/${l.sandboxId}`);
        // The workshop's 60 minutes, and the 30 the trainer gave.
        expect(sandbox.expiresAt - sandbox.createdAt, `${l.name}'s sandbox lifetime`).toBe(90 * 60_000);
        ends.set(l.sandboxId, sandbox.expiresAt);
      }

      // The class works while the killer strikes: first until every learner has had each kind of
      // write acknowledged, then a crash every few seconds, then until each kind was acknowledged
      // again by the processes started last. A deadline ends the loop whatever happens.
      let stopping = false;
      let before: boolean | undefined;
      let after: boolean | undefined;
      const deadline = setTimeout(() => (stopping = true), LOOP_DEADLINE_MS);
      const loops = learners.map((l, i) => work(l, seeded(SEED * 31 + i), () => stopping));
      try {
        before = await everyKindAcknowledged(new Map(), () => stopping);
        for (const [i, which] of ROUNDS.entries()) {
          if (i > 0) await new Promise((r) => setTimeout(r, 2000 + random() * 4000));
          if (stopping) break;
          await crash(which, `${i + 1}/${ROUNDS.length}`);
        }
        after = await everyKindAcknowledged(new Map(learners.map((l) => [l, l.sent])), () => stopping);
      } finally {
        stopping = true;
        clearTimeout(deadline);
        await Promise.all(loops);
      }
      expect(kills).toHaveLength(ROUNDS.length);
      // One more crash of both, with nothing in flight, before the verdict.
      await crash("both", "final");
      // Before any page is opened again: the runner started last knows the workshop's seats, its
      // pre-warm count, which sandbox holds which seat, and every extension, from its saved state alone.
      const restored = await runnerGet<{ reservations: Array<{ key: string; seats: number; warm: number; used: number }> }>("/v1/reservations");
      expect(restored.reservations.find((r) => r.key === workshop.id), "the workshop's reservation, before any page").toMatchObject({ seats: CAPACITY, warm: 1, used: LEARNERS });
      for (const l of learners) {
        const { sandbox } = await runnerGet<{ sandbox: { expiresAt: number } }>(`/v1/sandboxes/${l.sandboxId}`);
        expect(sandbox.expiresAt, `${l.name}'s extended end, before any page`).toBe(ends.get(l.sandboxId));
      }

      const acked = (map: Map<string, Writes>) => [...map.values()].reduce((n, w) => n + w.acked.length, 0);
      const sent = learners.reduce((n, l) => n + l.sent, 0);
      const ackedAll = learners.reduce((n, l) => n + acked(l.saves) + acked(l.quizzes) + acked(l.checks) + l.help.acked.length, 0);
      console.log(`crash test: ${sent} writes sent, ${ackedAll} acknowledged; kills:\n  ${kills.join("\n  ")}`);
      console.log(`crash test: requests that failed (learners tried again):\n  ${[...failures].map(([k, n]) => `${n} × ${k}`).join("\n  ") || "none"}`);
      expect(unexpected, "answers other than an outage's").toEqual([]);
      // Every learner had each kind of write acknowledged before the first crash and after the last, so the verdict below is about something.
      expect({ before, after }, `acknowledged writes of each kind before the first and after the last crash, within ${LOOP_DEADLINE_MS / 1000} s`).toEqual({ before: true, after: true });

      // Through the public API, as each learner's page reads it.
      for (const l of learners) {
        for (const [chapter, w] of l.saves) {
          const files = await patiently(`${l.name}'s files of ${chapter}`, () => editorFiles(l.api, chapter));
          const lastAcked = w.acked.at(-1);
          if (lastAcked === undefined && files.files.length === 0) continue;
          // The last acknowledged save, or one sent after it (saved, but its answer lost in a crash).
          const allowed = w.sent.filter((n) => n >= (lastAcked ?? 0)).map((n) => `${l.tag} sauvegarde ${n}\n`);
          expect(files.files, `${l.name}'s editor files of ${chapter}`).toHaveLength(1);
          expect(files.files[0]!.path).toBe("notes.txt");
          expect(allowed, `${l.name}'s ${chapter}/notes.txt (last acknowledged: save ${lastAcked})`).toContain(files.files[0]!.content);
        }
        const p = await patiently(`${l.name}'s progress`, () => progress(l.api));
        expect(Object.keys(p.quizzes).every((id) => l.quizzes.has(id)), `${l.name} has answers only to quizzes they answered`).toBe(true);
        for (const [quiz, w] of l.quizzes) {
          if (w.acked.length === 0) continue;
          const allowed = w.sent.filter((n) => n >= w.acked.at(-1)!).map((n) => n % 4);
          expect(p.quizzes[quiz], `${l.name}'s answer to ${quiz}`).toBeDefined();
          expect(allowed, `${l.name}'s answer to ${quiz}`).toContain(p.quizzes[quiz]!.choices[0]);
        }
        for (const [exercise, w] of l.checks) {
          if (w.acked.length === 0) continue;
          const e = p.exercises[exercise];
          expect(e?.passed ?? false, `${l.name}: ${exercise} passed`).toBe(exercise === PASSING);
          expect(e?.attempts ?? 0, `${l.name}: attempts at ${exercise}`).toBeGreaterThanOrEqual(w.acked.length);
          expect(e?.attempts ?? 0).toBeLessThanOrEqual(w.sent.length);
        }
        expect(Object.keys(p.exercises).every((id) => l.checks.has(id)), `${l.name} has results only for exercises they checked`).toBe(true);
      }

      // The trainer's dashboard: the workshop, every member under their name, their attempts.
      const dashboard = await patiently("the trainer's dashboard", async () => {
        const answer = await trainerCall("GET", `/api/formateur/ateliers/${workshop.id}`);
        if (!answer.ok) throw new SiteCallError("dashboard", answer.status, await answer.text());
        return (await answer.json()) as { roster: Array<{ learnerId: string; name: string; exercises: Record<string, { attempts: number }>; help: { message: string | null } | null }> };
      });
      expect(dashboard.roster.map((r) => r.name).sort()).toEqual(learners.map((l) => l.name).sort());
      const idOf = new Map(dashboard.roster.map((r) => [r.name, r.learnerId]));
      expect(new Set(idOf.values()).size).toBe(LEARNERS);
      for (const l of learners) {
        const row = dashboard.roster.find((r) => r.name === l.name)!;
        for (const [exercise, w] of l.checks) expect(row.exercises[exercise]?.attempts ?? 0, `dashboard: ${l.name}'s attempts at ${exercise}`).toBeGreaterThanOrEqual(w.acked.length);
        const lastHelp = l.help.acked.at(-1);
        if (lastHelp !== undefined) expect(l.help.sent.filter((n) => n >= lastHelp).map((n) => `${l.tag} aide ${n}`), `dashboard: ${l.name}'s request for help`).toContain(row.help?.message);
        else if (row.help) expect(row.help.message, `dashboard: ${l.name}'s unacknowledged request for help`).toMatch(new RegExp(`^${l.tag} aide \\d+$`));
      }

      // Each learner's sandbox: the same one, its container never restarted, the file written before the crashes.
      for (const l of learners) {
        const session = await patiently(`${l.name}'s sandbox`, () => startSandbox(l.api));
        expect(session.sandboxId, `${l.name}'s sandbox after the crashes`).toBe(l.sandboxId);
        const c = containerOf(l.sandboxId);
        expect(c, `${l.name}'s container`).toEqual({ id: l.container.id, running: true, startedAt: l.container.startedAt });
        expect((await shell(l, "premiers-pas-2", "cat /root/marque.txt", 60_000)).trim()).toBe(l.marker);
      }
      expect(new Set(learners.map((l) => l.sandboxId)).size).toBe(LEARNERS);
      // The runner still holds the workshop's seats, and each learner's adopted sandbox, asked for
      // again, holds one of its seats (not one running plus one held).
      const reservations = (await (await fetch(`${RUNNER}/v1/reservations`, { headers: { authorization: `Bearer ${SECRET}` } })).json()) as { reservations: Array<{ key: string; seats: number; used: number }> };
      expect(reservations.reservations.find((r) => r.key === workshop.id), "the workshop's reservation on the restarted runner").toMatchObject({ seats: CAPACITY, used: LEARNERS });

      // The SQLite file itself, read once the site is stopped: sound, and each row with its own learner.
      await site!.stop();
      const db = new Database(path.join(dataDir, "quai.sqlite"), { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        for (const l of learners) {
          const id = idOf.get(l.name)!;
          const rows = db.prepare("SELECT learner_id, content FROM editor_files WHERE content LIKE ?").all(`%${l.tag} %`) as Array<{ learner_id: string }>;
          expect(rows.length, `${l.name}'s saved chapters in the file`).toBeGreaterThanOrEqual([...l.saves.values()].filter((w) => w.acked.length > 0).length);
          expect(rows.every((r) => r.learner_id === id), `${l.name}'s files are theirs only`).toBe(true);
          for (const [quiz, w] of l.quizzes) {
            if (w.acked.length === 0) continue;
            const row = db.prepare("SELECT attempts FROM quiz_answers WHERE learner_id = ? AND quiz_id = ?").get(id, quiz) as { attempts: number } | undefined;
            expect(row?.attempts ?? 0, `${l.name}'s answers to ${quiz}`).toBeGreaterThanOrEqual(w.acked.length);
            expect(row?.attempts ?? 0).toBeLessThanOrEqual(w.sent.length);
          }
        }
      } finally {
        db.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
