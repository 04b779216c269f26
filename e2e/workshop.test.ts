import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WebSocket } from "ws";
import { encodeInput } from "../sandbox-runner/src/protocol/frames";
import { PROMPT, holdNextChunks, launchBrowser, terminalText, typeCommand, waitForTerminal, watchPage } from "./support/browser";
import { pageCookie, postJson, runnerCall } from "./support/http";
import { OTHER_TRAINER, TRAINER_PASSWORD } from "./support/servers";

/**
 * A workshop end to end, as item 9 of issue 10 describes it: one trainer and
 * three learners, each in their own browser context, on the real site, the
 * real runner and the real SQLite file. Then the refusals, by script.
 */
const TERM = "premiers-pas-1";
let browser: Browser;
let trainer: Page;
const learners: Record<string, Page> = {};
const contexts: BrowserContext[] = [];
let site: string;
let workshopUrl: string;
let code: string;
let joinUrl: string;
const timings: Record<string, number> = {};

const row = (name: string) => trainer.locator(`[data-testid=roster-row][data-learner="${name}"]`);

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: site, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  watchPage(page);
  return page;
}

async function dashboardJson(page: Page): Promise<{ roster: Array<{ learnerId: string; name: string; passed: number; sandboxExpiresAt: number | null }>; workshop: { endedAt: string | null } }> {
  const answer = await page.request.get(`/api/formateur/ateliers/${workshopUrl.split("/").pop()}`);
  expect(answer.status()).toBe(200);
  return answer.json();
}

async function join(page: Page, name: string, how: "code" | "link"): Promise<void> {
  if (how === "code") {
    await page.goto("/rejoindre");
    await page.getByLabel("Code de l'atelier").click();
    await page.keyboard.type(code.toLowerCase());
  } else {
    await page.goto(joinUrl);
    expect(await page.getByLabel("Code de l'atelier").inputValue()).toBe(code);
  }
  await page.getByLabel("Votre nom").click();
  await page.keyboard.type(name);
  await page.getByRole("button", { name: "Rejoindre l'atelier" }).click();
  await page.waitForURL("**/cours/premiers-pas");
  await page.getByTestId("workshop-banner").getByText("Atelier : Docker en salle").waitFor();
  await waitForTerminal(page, TERM, PROMPT, 90_000);
}

beforeAll(async () => {
  site = inject("siteUrl");
  browser = await launchBrowser();
});

afterAll(async () => {
  console.log(`workshop e2e timings (ms): ${JSON.stringify(timings)}`);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
});

describe("a trainer runs a workshop", () => {
  it("signs in, creates a workshop and shows its code, link and QR code", async () => {
    trainer = await newPage();
    await trainer.goto("/formateur");
    await trainer.getByLabel("Mot de passe").click();
    await trainer.keyboard.type("pas-le-bon-mot-de-passe");
    await trainer.getByRole("button", { name: "Se connecter" }).click();
    await trainer.getByRole("alert").getByText("Identifiant ou mot de passe incorrect.").waitFor();
    await trainer.getByLabel("Mot de passe").fill("");
    await trainer.getByLabel("Mot de passe").click();
    await trainer.keyboard.type(TRAINER_PASSWORD);
    await trainer.getByRole("button", { name: "Se connecter" }).click();
    await trainer.getByRole("heading", { name: "Nouvel atelier" }).waitFor();

    await trainer.getByLabel("Titre").click();
    await trainer.keyboard.type("Docker en salle");
    await trainer.getByRole("checkbox", { name: "Premiers pas", exact: true }).check();
    await trainer.getByLabel("Places").fill("");
    await trainer.getByLabel("Places").click();
    await trainer.keyboard.type("5");
    await trainer.getByRole("button", { name: "Créer l'atelier" }).click();
    await trainer.waitForURL(/\/formateur\/ateliers\/w-[a-z0-9]{12}$/);
    workshopUrl = trainer.url();
    await trainer.getByTestId("link-state").getByText("En direct").waitFor();
    code = (await trainer.getByTestId("join-code").textContent())!.trim();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    joinUrl = (await trainer.getByTestId("join-url").textContent())!.trim();
    expect(joinUrl).toBe(`${site}/rejoindre/${code.replace("-", "")}`);
    expect(await trainer.locator("svg path").count()).toBeGreaterThan(0);
  });

  it("pre-warms sandboxes before class, for the workshop's learners", async () => {
    await trainer.getByLabel("Nombre de bacs à sable à préparer").fill("");
    await trainer.getByLabel("Nombre de bacs à sable à préparer").click();
    await trainer.keyboard.type("3");
    await trainer.getByRole("button", { name: "Préparer" }).click();
    await trainer.getByRole("status").getByText("3 bacs à sable en préparation pour l'atelier.").waitFor();
    await expect.poll(async () => trainer.getByTestId("warm-ready").textContent(), { timeout: 240_000, interval: 1000 }).toBe("3");
  });

  it("sees three learners join, by code and by link, each in their own browser", async () => {
    learners.Alice = await newPage();
    learners.Bruno = await newPage();
    learners.Chloé = await newPage();
    // One after the other, as people arrive: each takes one of the workshop's warm sandboxes.
    await join(learners.Alice, "Alice", "code");
    await join(learners.Bruno, "Bruno", "link");
    await join(learners.Chloé, "Chloé", "code");
    expect(((await (await runnerCall("GET", "/v1/reservations")).json()) as { reservations: Array<{ used: number }> }).reservations[0]?.used).toBe(3);
    for (const name of ["Alice", "Bruno", "Chloé"]) await row(name).getByText("(connecté)").waitFor({ timeout: 10_000 });
    expect(await trainer.getByTestId("roster-row").count()).toBe(3);
  });

  it("shows a passed exercise and a help request on the roster within a second", async () => {
    const alice = learners.Alice!;
    await typeCommand(alice, TERM, "docker run hello-world >/dev/null && docker ps -aq --filter ancestor=hello-world | wc -l > /root/conteneurs.txt && echo fait");
    await waitForTerminal(alice, TERM, /\nfait\r?\n[^]*# $/, 90_000);
    const seenPass = row("Alice").getByTestId("passed").getByText(/^1\//).waitFor({ timeout: 60_000 }).then(() => Date.now());
    const exercise = alice.locator("#exercice-premiers-pas-hello");
    await exercise.getByRole("button", { name: "Vérifier" }).click();
    await exercise.locator(".feedback-passed").getByText("Réussi !").waitFor({ timeout: 60_000 });
    const passedAt = Date.now();
    timings.passToRoster = (await seenPass) - passedAt;
    expect(timings.passToRoster).toBeLessThan(1000);

    const bruno = learners.Bruno!;
    await bruno.getByRole("button", { name: "J'ai besoin d'aide" }).click();
    await bruno.getByLabel("Ce qui bloque (facultatif) :").click();
    await bruno.keyboard.type("mon conteneur s'arrête tout de suite");
    const seenHelp = row("Bruno").getByTestId("help-badge").waitFor({ timeout: 10_000 }).then(() => Date.now());
    // Timed from the moment the site has recorded the request (as the pass is timed from the learner's « Réussi ! »).
    const recorded = bruno.waitForResponse((r) => r.url().endsWith("/api/atelier/aide") && r.request().method() === "POST").then((r) => {
      expect(r.status()).toBe(200);
      return Date.now();
    });
    await bruno.getByRole("button", { name: "Prévenir le formateur" }).click();
    timings.helpToRoster = (await seenHelp) - (await recorded);
    expect(timings.helpToRoster).toBeLessThan(1000);
    await row("Bruno").getByText("« mon conteneur s'arrête tout de suite »").waitFor();
    // Sorted « help first » by default: Bruno leads the roster.
    expect(await trainer.getByTestId("roster-row").first().getAttribute("data-learner")).toBe("Bruno");
    await bruno.getByText("Demande d'aide envoyée").waitFor();

    await row("Bruno").getByRole("button", { name: "Résolu" }).click();
    await row("Bruno").getByTestId("help-badge").waitFor({ state: "detached" });
    await bruno.getByRole("button", { name: "J'ai besoin d'aide" }).waitFor();
  });

  it("watches a learner type live, read-only, and the learner sees the notice", async () => {
    const alice = learners.Alice!;
    const watchButton = row("Alice").getByRole("button", { name: "Regarder le terminal de Alice" });
    await expect.poll(() => watchButton.isEnabled(), { timeout: 30_000 }).toBe(true);
    await watchButton.click();
    const spectator = trainer.getByTestId("spectator-terminal");
    await trainer.getByTestId("spectator-state").getByText("en direct").waitFor({ timeout: 15_000 });
    await alice.getByText("Votre formateur regarde votre terminal").waitFor({ timeout: 5_000 });
    // Replayed from the runner's buffer: what Alice typed before.
    await expect.poll(() => spectator.locator(".xterm-rows").textContent(), { timeout: 10_000 }).toContain("fait");

    await typeCommand(alice, TERM, "echo bonjour-du-poste-$((6*7))");
    await expect.poll(() => spectator.locator(".xterm-rows").textContent(), { timeout: 5_000 }).toContain("bonjour-du-poste-42");

    // The trainer types into the watched terminal: nothing reaches Alice's shell.
    await spectator.click();
    await trainer.keyboard.type("echo intrus-du-formateur");
    await trainer.keyboard.press("Enter");
    await typeCommand(alice, TERM, "echo repere-$((2+3))");
    await waitForTerminal(alice, TERM, /repere-5/);
    expect(await terminalText(alice, TERM)).not.toContain("intrus-du-formateur");

    await trainer.getByRole("button", { name: "Fermer" }).click();
    await alice.getByText("Votre formateur regarde votre terminal").waitFor({ state: "detached", timeout: 5_000 });
  });

  it("takes Alice's terminal only once she accepts; she sees it, takes it back, and the trainer's typing stops reaching her", async () => {
    const alice = learners.Alice!;
    await row("Alice").getByRole("button", { name: "Regarder le terminal de Alice" }).click();
    const spectator = trainer.getByTestId("spectator-terminal");
    await trainer.getByTestId("spectator-state").getByText("en direct").waitFor({ timeout: 15_000 });

    // She refuses first: the view stays read-only.
    await trainer.getByRole("button", { name: "Prendre la main" }).click();
    await trainer.getByText("En attente de l'accord de Alice…").waitFor({ timeout: 5_000 });
    const request = alice.getByTestId("control-request");
    await request.getByText("Votre formateur demande à prendre la main sur votre terminal").waitFor({ timeout: 5_000 });
    await request.getByRole("button", { name: "Refuser" }).click();
    await trainer.getByRole("button", { name: "Prendre la main" }).waitFor({ timeout: 5_000 });
    expect(await trainer.getByTestId("spectator-role").textContent()).toBe("Lecture seule");

    // Then she accepts: the trainer's view reconnects as a writer and what the trainer types runs in her shell.
    await trainer.getByRole("button", { name: "Prendre la main" }).click();
    await request.getByRole("button", { name: "Accepter" }).click();
    await alice.getByText("Votre formateur a la main sur votre terminal").waitFor({ timeout: 5_000 });
    await trainer.getByTestId("spectator-role").getByText("Vous avez la main").waitFor({ timeout: 10_000 });
    await spectator.click();
    await trainer.keyboard.type("echo main-du-formateur-$((3*4))");
    await trainer.keyboard.press("Enter");
    await waitForTerminal(alice, TERM, /main-du-formateur-12/);

    // She takes it back: the view is read-only again, and the trainer's typing no longer reaches her.
    await alice.getByRole("button", { name: "Reprendre la main" }).click();
    await trainer.getByTestId("spectator-role").getByText("Lecture seule").waitFor({ timeout: 10_000 });
    await alice.getByText("Votre formateur regarde votre terminal").waitFor({ timeout: 5_000 });
    await spectator.click();
    await trainer.keyboard.type("echo apres-reprise");
    await trainer.keyboard.press("Enter");
    await typeCommand(alice, TERM, "echo repere-$((5+5))");
    await waitForTerminal(alice, TERM, /repere-10/);
    expect(await terminalText(alice, TERM)).not.toContain("apres-reprise");

    // The trainer can give it back too: asked, accepted, then « Rendre la main ».
    await trainer.getByRole("button", { name: "Prendre la main" }).click();
    await request.getByRole("button", { name: "Accepter" }).click();
    await trainer.getByTestId("spectator-role").getByText("Vous avez la main").waitFor({ timeout: 10_000 });
    await trainer.getByRole("button", { name: "Rendre la main" }).click();
    await trainer.getByTestId("spectator-role").getByText("Lecture seule").waitFor({ timeout: 10_000 });
    await alice.getByText("Votre formateur a la main sur votre terminal").waitFor({ state: "detached", timeout: 5_000 });

    // Bruno, in the workshop but asked nothing, cannot hand his terminal over by himself.
    const bruno = (await learners.Bruno!.context().cookies()).find((c) => c.name === "quai_learner")!;
    const notAsked = await postJson(site, "/api/atelier/controle", { cookie: `quai_learner=${bruno.value}`, body: { accept: true } });
    expect(notAsked.status).toBe(409);
    expect(notAsked.json.error?.message).toBe("Votre formateur ne demande plus à prendre la main.");

    await trainer.getByRole("button", { name: "Fermer" }).click();
    await alice.getByText("Votre formateur regarde votre terminal").waitFor({ state: "detached", timeout: 5_000 });
  });

  it("gives Alice her place back on another browser once the trainer confirms, and sends a namesake the trainer does not know to choose another name", async () => {
    const rejoin = async (page: Page, name: string) => {
      await page.goto(joinUrl);
      await page.getByLabel("Votre nom").click();
      await page.keyboard.type(name);
      await page.getByRole("button", { name: "Rejoindre l'atelier" }).click();
    };
    const aliceElsewhere = await newPage();
    await rejoin(aliceElsewhere, "alice");
    await aliceElsewhere.getByRole("status").getByText("« Alice » participe déjà à cet atelier.").waitFor({ timeout: 10_000 });
    await trainer.getByTestId("claim").getByRole("button", { name: "C'est bien Alice" }).click();
    await aliceElsewhere.waitForURL("**/cours/premiers-pas", { timeout: 15_000 });
    // Her progress followed her: the exercise she passed in her first browser.
    await aliceElsewhere.locator("#exercice-premiers-pas-hello .feedback-passed").getByText("Réussi !").waitFor({ timeout: 15_000 });
    await trainer.getByTestId("claim").waitFor({ state: "detached" });
    expect(await trainer.getByTestId("roster-row").count()).toBe(3);

    const namesake = await newPage();
    await rejoin(namesake, "Bruno");
    await trainer.getByTestId("claim").getByRole("button", { name: "C'est quelqu'un d'autre" }).click();
    await namesake.getByRole("alert").getByText(/choisissez un autre nom/).waitFor({ timeout: 15_000 });
    expect(await trainer.getByTestId("roster-row").count()).toBe(3);
    await Promise.all([aliceElsewhere.close(), namesake.close()]);
  });

  it("extends everyone, broadcasts, exports the CSV and ends the workshop, keeping the progress", async () => {
    const before = await dashboardJson(trainer);
    const alice = before.roster.find((r) => r.name === "Alice")!;
    const sandboxBefore = (await (await runnerCall("GET", `/v1/owners/${alice.learnerId}/sandbox`)).json()) as { sandbox: { expiresAt: number } };
    await trainer.getByLabel("Minutes à ajouter à chaque bac à sable").fill("");
    await trainer.getByLabel("Minutes à ajouter à chaque bac à sable").click();
    await trainer.keyboard.type("30");
    await trainer.getByRole("button", { name: "Prolonger", exact: true }).click();
    await trainer.getByRole("status").getByText("3 bacs à sable prolongés de 30 minutes.").waitFor();
    const sandboxAfter = (await (await runnerCall("GET", `/v1/owners/${alice.learnerId}/sandbox`)).json()) as { sandbox: { expiresAt: number } };
    expect(sandboxAfter.sandbox.expiresAt - sandboxBefore.sandbox.expiresAt).toBe(30 * 60_000);

    await trainer.getByLabel("Message à toute la classe").click();
    await trainer.keyboard.type("Pause de 10 minutes !");
    await trainer.getByRole("button", { name: "Envoyer" }).click();
    for (const page of Object.values(learners)) await page.getByTestId("workshop-broadcast").getByText("Pause de 10 minutes !").waitFor({ timeout: 5_000 });

    const downloading = trainer.waitForEvent("download");
    await trainer.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync((await (await downloading).path())!, "utf8").replace(/^\uFEFF/, "");
    const lines = csv.trimEnd().split("\r\n").map((l) => l.split(","));
    expect(lines).toHaveLength(4);
    const header = lines[0]!;
    const hello = header.findIndex((h) => h.endsWith("(premiers-pas-hello)"));
    expect(hello).toBeGreaterThan(5);
    const byName = Object.fromEntries(lines.slice(1).map((l) => [l[0], l]));
    expect(Object.keys(byName).sort()).toEqual(["Alice", "Bruno", "Chloé"]);
    expect(byName.Alice![hello]).toBe("réussi");
    expect(byName.Alice![3]).toBe("1");
    expect(byName.Bruno![hello]).toBe("");

    trainer.once("dialog", (dialog) => void dialog.accept());
    await trainer.getByRole("button", { name: "Terminer l'atelier" }).click();
    await trainer.getByRole("status").getByText("Atelier terminé : les bacs à sable sont supprimés, la progression est conservée.").waitFor({ timeout: 60_000 });
    for (const r of before.roster) expect((await runnerCall("GET", `/v1/owners/${r.learnerId}/sandbox`)).status).toBe(404);
    const reservations = (await (await runnerCall("GET", "/v1/reservations")).json()) as { reservations: unknown[] };
    expect(reservations.reservations).toEqual([]);
    const after = await dashboardJson(trainer);
    expect(after.workshop.endedAt).not.toBeNull();
    expect(after.roster.find((r) => r.name === "Alice")!.passed).toBe(1);
    await learners.Alice!.getByTestId("workshop-banner").getByText("(terminé)").waitFor({ timeout: 5_000 });
  });
});

describe("a join form before the page's code has run", () => {
  it("keeps « Rejoindre l'atelier » disabled until then: clicked, it reloaded the page and lost what was typed", async () => {
    const context = await browser.newContext({ baseURL: site });
    contexts.push(context);
    const page = await context.newPage();
    const { release } = await holdNextChunks(page);
    await page.goto("/rejoindre", { waitUntil: "domcontentloaded" });
    const button = page.getByRole("button", { name: "Rejoindre l'atelier" });
    expect(await button.isDisabled()).toBe(true);
    release();
    await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  });
});

describe("what the workshop feature refuses", () => {
  it("refuses learners and other trainers, bad origins, guessed codes and spectator sockets", async () => {
    const id = workshopUrl.split("/").pop()!;
    const learnerCookie = await pageCookie(site);
    // A learner on the trainer APIs: 403, whatever the route.
    for (const path of ["/api/formateur/ateliers", `/api/formateur/ateliers/${id}`, `/api/formateur/ateliers/${id}/export`, `/api/formateur/ateliers/${id}/flux`]) {
      const answer = await fetch(`${site}${path}`, { headers: { cookie: learnerCookie } });
      expect(answer.status, path).toBe(403);
    }
    expect((await postJson(site, `/api/formateur/ateliers/${id}/actions`, { cookie: learnerCookie, body: { type: "end" } })).status).toBe(403);

    // Another trainer: their session works, this workshop is not theirs.
    const signIn = await postJson(site, "/api/formateur/session", { body: OTHER_TRAINER });
    expect(signIn.status).toBe(200);
    const other = signIn.headers.getSetCookie().find((c) => c.startsWith("quai_trainer="))!.split(";")[0]!;
    expect((await fetch(`${site}/api/formateur/ateliers/${id}`, { headers: { cookie: other } })).status).toBe(403);
    expect(((await (await fetch(`${site}/api/formateur/ateliers`, { headers: { cookie: other } })).json()) as { workshops: unknown[] }).workshops).toEqual([]);
    expect((await postJson(site, `/api/formateur/ateliers/${id}/actions`, { cookie: other, body: { type: "broadcast", message: "x" } })).status).toBe(403);
    // « Prendre la main »: never asked by another trainer, and a learner cannot grant what nobody asked.
    const learnerOfWorkshop = (await dashboardJson(trainer)).roster[0]!.learnerId;
    expect((await postJson(site, `/api/formateur/ateliers/${id}/actions`, { cookie: other, body: { type: "control", learner: learnerOfWorkshop, take: true } })).status).toBe(403);
    const unasked = await postJson(site, "/api/atelier/controle", { cookie: learnerCookie, body: { accept: true } });
    expect(unasked.status).toBe(409);
    expect(unasked.json.error?.message).toMatch(/^Vous ne participez à aucun atelier en cours\.$/);
    // The trainer's own session, from another site: refused.
    expect((await postJson(site, `/api/formateur/ateliers/${id}/actions`, { cookie: other, origin: "http://evil.example", body: { type: "end" } })).json.error?.code).toBe("forbidden_origin");

    // Spectator sockets: a learner, another trainer, a bad origin are refused on the upgrade.
    const learnerId = (await dashboardJson(trainer)).roster[0]!.learnerId;
    const socketStatus = (cookie: string, origin = site) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${site.replace("http", "ws")}/ws/formateur/ateliers/${id}/apprenants/${learnerId}/terminaux/${TERM}`, { headers: { cookie, origin } });
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("open", () => {
          ws.send(encodeInput("echo intrus\r"));
          ws.close();
          resolve(101);
        });
        ws.on("error", () => resolve(-1));
      });
    expect(await socketStatus(learnerCookie)).toBe(403);
    expect(await socketStatus(other)).toBe(403);
    const ownCookie = (await trainer.context().cookies()).find((c) => c.name === "quai_trainer")!;
    expect(await socketStatus(`quai_trainer=${ownCookie.value}`, "http://evil.example")).toBe(403);

    // A right code costs nothing: a class behind one address (one NAT) never meets the guessing limit.
    for (let i = 0; i < 25; i++) {
      const answer = await postJson(site, "/api/ateliers/rejoindre", { cookie: learnerCookie, body: { code, name: `Personne ${i}` } });
      expect(answer.status, answer.json.error?.message).not.toBe(429);
    }
    // Join codes: a wrong one is a clear 404, and guessing runs out quickly.
    let status = 0;
    let tries = 0;
    for (; tries < 40 && status !== 429; tries++) {
      const answer = await postJson(site, "/api/ateliers/rejoindre", { cookie: learnerCookie, body: { code: "ZZZZ-ZZZZ", name: "Devin" } });
      status = answer.status;
      if (tries === 0) expect(answer.json.error?.message).toBe("Aucun atelier ne porte ce code. Vérifiez-le auprès de votre formateur.");
    }
    expect(status).toBe(429);
    expect(tries).toBeLessThanOrEqual(21);
    // Once spent, the right code waits too (a guesser cannot test codes between wrong ones).
    expect((await postJson(site, "/api/ateliers/rejoindre", { cookie: learnerCookie, body: { code, name: "Devin" } })).status).toBe(429);
  });
});
