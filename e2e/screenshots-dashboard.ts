/**
 * `QUAI_E2E_INSTANCE=quai-shots-dash npx tsx e2e/screenshots-dashboard.ts`: the trainer's
 * dashboard with a full class, for review and for docs/formateur.md
 * (docs/images/formateur-*.png). Uses the e2e services on their own ports;
 * nothing is asserted.
 *
 * What is real: the site, the runner, the trainer's session and workshop,
 * 28 learners who each visited a chapter (their own cookie) and joined with
 * the code, the pages of 22 of them open (the learner's event stream: shown
 * as connected, on their chapter), help requests sent through the learner's
 * API, a few real sandboxes (their time left) and a trainer watching one
 * terminal. What is seeded: the exercise attempts, written into the site's
 * database with the workshop store (the same call a check makes) and a
 * clock set back, so that a morning of work shows without running 28 × 15
 * checks.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { openDatabase } from "../app/_lib/progress/db";
import { WorkshopStore } from "../app/_lib/workshops/store";
import { askForHelp, joinWorkshop, startSandbox, visitChapter } from "../bench/classroom/site-api";
import type { LearnerSite } from "../bench/classroom/site-api";
import { launchBrowser } from "./support/browser";
import { ROOT, TRAINER_PASSWORD, ensureBuilt, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "./support/servers";

const PORTS = { runner: Number(process.env.QUAI_E2E_RUNNER_PORT ?? 4334), site: Number(process.env.QUAI_E2E_SITE_PORT ?? 3334) };
const SITE = `http://localhost:${PORTS.site}`;
const RUNNER = `http://127.0.0.1:${PORTS.runner}`;
const OUT = path.join(ROOT, "docs/images");
const CHAPTERS = ["premiers-pas", "executer", "cycle-de-vie", "lister-et-nettoyer"];
const NAMES = [
  "Amélie", "Bastien", "Chloé", "Dylan", "Élodie", "Fatou", "Gaëtan", "Hélène", "Idriss", "Jeanne", "Karim", "Léa", "Mathis", "Nadia",
  "Océane", "Pierre", "Quentin", "Rose", "Samir", "Thaïs", "Ugo", "Valérie", "William", "Xavier", "Yasmine", "Zoé", "Anaïs", "Baptiste",
];
const HELP: Record<string, string> = {
  Karim: "Mon conteneur s'arrête tout de suite",
  Océane: "docker ps ne montre rien",
  Ugo: "",
};

/** A deterministic spread of progress: most learners are on chapter 2 or 3, some ahead, a few stuck. */
function seedFor(i: number, exercises: string[]): { reached: number; failuresOn: number; stuck: boolean } {
  const reached = [2, 3, 4, 5, 3, 6, 2, 4, 7, 3, 1, 5, 4, 8, 2, 3, 5, 6, 4, 3, 1, 5, 4, 6, 3, 2, 5, 4][i % 28]!;
  return { reached: Math.min(reached, exercises.length), failuresOn: (i * 7) % 3, stuck: [10, 14, 20].includes(i) };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  ensureBuilt();
  removeE2eObjects();
  const runner = startRunner(PORTS, 3, { maxSandboxes: 8 });
  const site = startSite(PORTS);
  const streams: AbortController[] = [];
  const browser = await launchBrowser();
  try {
    await waitFor(`${RUNNER}/healthz`, runner, "runner", 60_000);
    await waitFor(`${SITE}/`, site, "site", 60_000);
    await warmPoolReady(180_000, RUNNER, 3);

    // The trainer, in a browser: signs in and creates the workshop as a person does (API, same contract).
    const trainerContext = await browser.newContext({ baseURL: SITE, viewport: { width: 1440, height: 1000 }, locale: "fr-FR" });
    const signIn = await trainerContext.request.post("/api/formateur/session", { data: { name: "admin", password: TRAINER_PASSWORD }, headers: { origin: SITE } });
    if (!signIn.ok()) throw new Error(`sign-in: ${signIn.status()}`);
    const now = Date.now();
    const created = await trainerContext.request.post("/api/formateur/ateliers", {
      headers: { origin: SITE },
      data: { title: "Docker, premiers pas — IUT de Lannion, groupe B", chapters: CHAPTERS, startsAt: new Date(now - 2 * 3600_000).toISOString(), endsAt: new Date(now + 2 * 3600_000).toISOString(), capacity: 30, sandboxMinutes: 240 },
    });
    if (!created.ok()) throw new Error(`create: ${created.status()} ${await created.text()}`);
    const { workshop } = (await created.json()) as { workshop: { id: string; joinCode: string } };

    // 28 learners join with the code, each from their own first visit.
    const learners: Array<{ name: string; site: LearnerSite }> = [];
    for (const name of NAMES) {
      const l = await visitChapter(SITE, CHAPTERS[learners.length % 2]!);
      await joinWorkshop(l, workshop.joinCode, name);
      learners.push({ name, site: l });
    }

    // Their progress, seeded through the store on the site's database (see the header).
    const dashboard = (await (await trainerContext.request.get(`/api/formateur/ateliers/${workshop.id}`)).json()) as { exercises: Array<{ id: string }>; roster: Array<{ learnerId: string; name: string }> };
    const exercises = dashboard.exercises.map((e) => e.id);
    const idOf = new Map(dashboard.roster.map((r) => [r.name, r.learnerId]));
    const db = await openDatabase({ sqlite: path.join(site.dataDir, "quai.sqlite") });
    for (const [i, l] of learners.entries()) {
      const { reached, failuresOn, stuck } = seedFor(i, exercises);
      let clock = now - 100 * 60_000 + i * 40_000;
      const store = new WorkshopStore(db, () => new Date(clock));
      for (let e = 0; e < reached; e++) {
        for (let f = 0; f < (e === reached - 1 ? failuresOn : 0); f++) {
          await store.recordAttempt(workshop.id, idOf.get(l.name)!, exercises[e]!, false);
          clock += 90_000;
        }
        await store.recordAttempt(workshop.id, idOf.get(l.name)!, exercises[e]!, true);
        clock += 9 * 60_000;
      }
      if (stuck && reached < exercises.length) {
        clock = now - (14 + i) * 60_000;
        for (let f = 0; f < 3 + (i % 3); f++) {
          await store.recordAttempt(workshop.id, idOf.get(l.name)!, exercises[reached]!, false);
          clock += 60_000;
        }
      }
    }
    await db.close();

    // 22 pages open (connected, on a chapter), three help requests, four real sandboxes.
    for (const [i, l] of learners.entries()) {
      if (i % 5 === 4 && i > 10) continue;
      const controller = new AbortController();
      streams.push(controller);
      const chapter = CHAPTERS[Math.min(3, Math.floor(seedFor(i, exercises).reached / 2))]!;
      void fetch(`${SITE}/api/atelier/flux?chapitre=${chapter}`, { headers: { cookie: l.site.cookie }, signal: controller.signal })
        .then((r) => r.body?.pipeTo(new WritableStream()))
        .catch(() => undefined);
    }
    for (const [name, message] of Object.entries(HELP)) await askForHelp(learners.find((l) => l.name === name)!.site, message);
    for (const l of learners.slice(0, 4)) await startSandbox(l.site);

    const page = await trainerContext.newPage();
    await page.goto(`/formateur/ateliers/${workshop.id}`);
    await page.getByTestId("link-state").getByText("En direct").waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await shoot(page, "formateur-tableau");

    await page.getByRole("button", { name: "Projeter en grand" }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUT, "formateur-projecteur.png") });
    console.log(path.join(OUT, "formateur-projecteur.png"));
  } finally {
    for (const c of streams) c.abort();
    await browser.close();
    await Promise.all([site.stop(), runner.stop()]);
    removeE2eObjects();
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
    if (dark !== (theme === "dark")) await page.getByRole("button", { name: "Basculer entre thème clair et thème sombre" }).click();
    await page.waitForTimeout(300);
    const file = path.join(OUT, `${name}-${theme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
