import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPT, launchBrowser, learnerContext, typeCommand, waitForTerminal, watchPage } from "./support/browser";
import { INSTANCE, SECRET, removeE2eObjects, startRunner, startSite, waitFor } from "./support/servers";
import type { Service } from "./support/servers";

/**
 * The site started against a runner that does not answer (a port nothing
 * listens on): the workbench says so in French, with what to do next.
 */
const PORTS = { runner: 4319, site: 3319 };
let site: Service;
let browser: Browser;

beforeAll(async () => {
  site = startSite(PORTS);
  await waitFor(`http://localhost:${PORTS.site}/`, site, "the site without runner", 60_000);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe("a runner that does not answer", () => {
  it("gets one clear French message and a way to retry, and the lesson still reads", async () => {
    const context = await learnerContext(browser, `http://localhost:${PORTS.site}`);
    const page = await context.newPage();
    const watched = watchPage(page);
    await page.goto("/cours/premiers-pas");
    const alert = page.getByRole("alert").filter({ hasText: "Le service des bacs à sable ne répond pas" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("si cela continue, prévenez la personne qui administre Quai");
    expect(await page.getByTestId("connection-state").textContent()).toContain("Indisponible");
    await alert.getByRole("button", { name: "Réessayer" }).click();
    await alert.waitFor();
    await page.getByRole("heading", { level: 1, name: /Premiers pas/ }).waitFor();
    // The failed POST /api/sandbox is the browser's own log line, not the page's.
    expect(watched.errors.filter((e) => !/Failed to load resource: the server responded with a status of 50\d/.test(e))).toEqual([]);
    await context.close();
  });
});

/**
 * A runner allowed one sandbox (its own Docker instance, so it never meets
 * the suite's runner): the second learner waits in line with their place
 * shown and gets in by themselves once a place frees; later their sandbox
 * falls asleep and wakes with everything in it.
 */
describe("a runner with no sandbox left", () => {
  const FULL = { runner: 4318, site: 3318 };
  const instance = `${INSTANCE}-plein`;
  let runner: Service;
  let fullSite: Service;

  beforeAll(async () => {
    removeE2eObjects(instance);
    runner = startRunner(FULL, 0, { instance, maxSandboxes: 1 });
    fullSite = startSite(FULL);
    await waitFor(`http://127.0.0.1:${FULL.runner}/healthz`, runner, "the one-sandbox runner", 120_000);
    await waitFor(`http://localhost:${FULL.site}/`, fullSite, "its site", 60_000);
  });

  afterAll(async () => {
    await Promise.all([fullSite?.stop(), runner?.stop()]);
    removeE2eObjects(instance);
  });

  const sandboxOf = (page: Page) => page.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json() as Promise<{ sandboxId: string }>);
  const runnerCall = (method: string, path: string) => fetch(`http://127.0.0.1:${FULL.runner}${path}`, { method, headers: { authorization: `Bearer ${SECRET}` } });

  it("puts the next learner in line with their place, lets them in by themselves once a place frees, and wakes their sleeping sandbox with everything in it", async () => {
    const first = await (await learnerContext(browser, `http://localhost:${FULL.site}`)).newPage();
    await first.goto("/cours/premiers-pas");
    await first.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });

    const second = await (await learnerContext(browser, `http://localhost:${FULL.site}`)).newPage();
    const watched = watchPage(second);
    await second.goto("/cours/premiers-pas");
    const line = second.getByRole("alert").filter({ hasText: "Quai est complet pour le moment" });
    await line.waitFor({ timeout: 30_000 });
    expect(await line.textContent()).toContain("Vous êtes n°\u00A01 dans la file d'attente");
    expect(await second.getByTestId("connection-state").textContent()).toContain("En file d'attente (n°\u00A01)");

    // The first learner's sandbox goes: the second one gets in without a click.
    const { sandboxId } = await sandboxOf(first);
    expect((await runnerCall("DELETE", `/v1/sandboxes/${sandboxId}`)).status).toBe(204);
    await second.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });
    await waitForTerminal(second, "premiers-pas-1", PROMPT, 60_000);
    await typeCommand(second, "premiers-pas-1", "docker volume create avant-la-sieste && touch /root/avant-la-sieste.txt");
    await waitForTerminal(second, "premiers-pas-1", /avant-la-sieste\n[\s\S]*# $/, 30_000);

    // Asleep (idle, or the end of its lifetime): the page says so, and a click wakes it.
    const mine = await sandboxOf(second);
    expect((await runnerCall("POST", `/v1/sandboxes/${mine.sandboxId}/sleep`)).status).toBe(204);
    const asleep = second.getByRole("alert").filter({ hasText: "Votre bac à sable s'est endormi" });
    await asleep.waitFor({ timeout: 30_000 });
    expect(await second.getByTestId("connection-state").textContent()).toContain("Endormi");
    await asleep.getByRole("button", { name: "Réveiller mon bac à sable" }).click();
    await second.getByRole("status").filter({ hasText: "il vient d'être réveillé" }).waitFor({ timeout: 150_000 });
    await second.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 60_000 });
    await waitForTerminal(second, "premiers-pas-1", PROMPT, 60_000);
    await typeCommand(second, "premiers-pas-1", "ls /root/avant-la-sieste.txt && docker volume ls -q");
    await waitForTerminal(second, "premiers-pas-1", /\/root\/avant-la-sieste\.txt\n(?:.*\n)*avant-la-sieste\n/, 30_000);
    await second.getByRole("button", { name: "Fermer ce message" }).click();
    expect(await second.getByRole("status").filter({ hasText: "il vient d'être réveillé" }).count()).toBe(0);

    expect(watched.errors.filter((e) => !/Failed to load resource: the server responded with a status of 503/.test(e))).toEqual([]);
    await first.context().close();
    await second.context().close();
  }, 420_000);
});
