import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, learnerContext, watchPage } from "./support/browser";
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
 * the suite's runner): the second learner is told the room is full, and gets
 * a sandbox with « Réessayer » once one is free.
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

  it("tells the next learner it is full and what to do, then starts once a sandbox is free", async () => {
    const first = await (await learnerContext(browser, `http://localhost:${FULL.site}`)).newPage();
    await first.goto("/cours/premiers-pas");
    await first.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });

    const second = await (await learnerContext(browser, `http://localhost:${FULL.site}`)).newPage();
    const watched = watchPage(second);
    await second.goto("/cours/premiers-pas");
    const alert = second.getByRole("alert").filter({ hasText: "Tous les bacs à sable sont occupés" });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain("réessayez dans une minute");

    // The first learner's sandbox goes (ended, expired…): the second one retries and gets it.
    const { sandboxId } = await first.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json() as Promise<{ sandboxId: string }>);
    const removed = await fetch(`http://127.0.0.1:${FULL.runner}/v1/sandboxes/${sandboxId}`, { method: "DELETE", headers: { authorization: `Bearer ${SECRET}` } });
    expect(removed.status).toBe(204);
    await alert.getByRole("button", { name: "Réessayer" }).click();
    await second.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });
    expect(watched.errors.filter((e) => !/Failed to load resource: the server responded with a status of 503/.test(e))).toEqual([]);
    await first.context().close();
    await second.context().close();
  });
});
