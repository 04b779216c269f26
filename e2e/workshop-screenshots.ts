/**
 * `npx tsx e2e/workshop-screenshots.ts`: the trainer's dashboard with a full
 * class of 40, for review, into .data/screenshots/formateur-<theme>.png. The
 * site runs alone (port 3331, no runner: sandbox times show « — »); the
 * class is made through the real API (sign-in, creation, 40 joins, help
 * requests, 34 open pages), and the attempts are written into the site's
 * SQLite file, since checking 200 exercises would need 40 sandboxes. Nothing
 * is asserted: the e2e test (workshop.test.ts) does that.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { launchBrowser } from "./support/browser";
import { pageCookie, postJson } from "./support/http";
import { ROOT, TRAINER_PASSWORD, ensureBuilt, startSite, waitFor } from "./support/servers";

const PORTS = { runner: 4331, site: 3331 };
const SITE = `http://localhost:${PORTS.site}`;
const OUT = path.join(ROOT, ".data/screenshots");
const NAMES = "Alice Bruno Chloé David Emma Farid Gaëlle Hugo Inès Jules Karim Léa Mathis Nora Oscar Paula Quentin Rose Samir Théo Ulysse Valérie William Xavier Yasmine Zoé Adam Bérénice Clément Diane Éloïse Fabien Gabriel Hélène Ilyes Jeanne Kevin Lucie Malik Naïma".split(" ");

async function main(): Promise<void> {
  ensureBuilt();
  mkdirSync(OUT, { recursive: true });
  const site = startSite(PORTS, { QUAI_TRUST_PROXY: "true" });
  const streams: AbortController[] = [];
  try {
    await waitFor(`${SITE}/`, site, "the site", 60_000);
    const signIn = await postJson(SITE, "/api/formateur/session", { body: { name: "admin", password: TRAINER_PASSWORD } });
    const trainer = signIn.headers.getSetCookie().find((c) => c.startsWith("quai_trainer="))!.split(";")[0]!;
    const now = Date.now();
    const created = await postJson(SITE, "/api/formateur/ateliers", {
      cookie: trainer,
      body: { title: "Docker, jour 1 — BTS SIO 2", chapters: ["premiers-pas", "executer", "cycle-de-vie", "dockerfile"], startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 3 * 3600_000).toISOString(), capacity: 40, sandboxMinutes: 180 },
    });
    const workshop = created.json.workshop as { id: string; joinCode: string };
    const learners: Array<{ name: string; cookie: string; id: string }> = [];
    for (const [i, name] of NAMES.entries()) {
      const forwarded = { "x-forwarded-for": `192.0.2.${i + 1}` };
      const cookie = await pageCookie(SITE, forwarded);
      await postJson(SITE, "/api/ateliers/rejoindre", { cookie, headers: forwarded, body: { code: workshop.joinCode, name } });
      learners.push({ name, cookie, id: decodeURIComponent(cookie.split("=")[1]!).split(".")[0]! });
    }
    const dashboard = (await (await fetch(`${SITE}/api/formateur/ateliers/${workshop.id}`, { headers: { cookie: trainer } })).json()) as { exercises: Array<{ id: string }> };
    const db = new Database(path.join(site.dataDir, "quai.sqlite"));
    const insert = db.prepare("INSERT INTO workshop_attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const setChapter = db.prepare("UPDATE workshop_members SET current_chapter = ?, last_activity_at = ? WHERE workshop_id = ? AND learner_id = ?");
    const chapters = ["premiers-pas", "executer", "cycle-de-vie", "dockerfile"];
    learners.forEach((l, i) => {
      const reached = Math.max(1, Math.round(dashboard.exercises.length * (0.15 + ((i * 37) % 80) / 100)));
      for (const [k, ex] of dashboard.exercises.slice(0, reached).entries()) {
        const failures = (i * 7 + k * 3) % 5 === 0 ? 3 + (i % 4) : (i + k) % 3;
        const last = k === reached - 1 && i % 3 === 0;
        const first = new Date(now - (reached - k) * 6 * 60_000 - i * 20_000).toISOString();
        insert.run(workshop.id, l.id, ex.id, failures + (last ? 0 : 1), failures, first, first, last ? null : new Date(Date.parse(first) + 4 * 60_000).toISOString());
      }
      setChapter.run(chapters[Math.min(chapters.length - 1, Math.floor(reached / 3))], new Date(now - ((i * 53) % 900) * 1000).toISOString(), workshop.id, l.id);
    });
    db.close();
    const helpers: Array<[number, string | undefined]> = [[3, "docker run me dit « port is already allocated »"], [11, undefined], [26, "mon conteneur s'arrête tout de suite"]];
    for (const [i, message] of helpers) await postJson(SITE, "/api/atelier/aide", { cookie: learners[i]!.cookie, body: { message } });
    for (const l of learners.slice(0, 34)) {
      const ctl = new AbortController();
      streams.push(ctl);
      void fetch(`${SITE}/api/atelier/flux?chapitre=premiers-pas`, { headers: { cookie: l.cookie }, signal: ctl.signal }).then((r) => r.body?.getReader().read()).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 1500));

    const browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, baseURL: SITE });
    await context.addCookies([{ name: "quai_trainer", value: trainer.split("=")[1]!, url: SITE }]);
    const page = await context.newPage();
    await page.goto(`/formateur/ateliers/${workshop.id}`, { timeout: 120_000 });
    await page.getByText("En direct").waitFor({ timeout: 60_000 });
    for (const theme of ["light", "dark"] as const) {
      const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
      if (dark !== (theme === "dark")) await page.getByRole("button", { name: "Basculer entre thème clair et thème sombre" }).click();
      await page.waitForTimeout(300);
      const file = path.join(OUT, `formateur-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.getByRole("button", { name: "Projeter en grand" }).click();
    await page.screenshot({ path: path.join(OUT, "formateur-projection.png") });
    await browser.close();
  } finally {
    for (const s of streams) s.abort();
    await site.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
