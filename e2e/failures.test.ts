import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, learnerContext, watchPage } from "./support/browser";
import { startSite, waitFor } from "./support/servers";
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
