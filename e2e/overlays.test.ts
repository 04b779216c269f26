import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { TermClient } from "../sandbox-runner/test/integration/harness";
import { PROMPT, launchBrowser, learnerContext, typeCommand, waitForTerminal, watchPage } from "./support/browser";
import { RUNNER_URL, SECRET, SITE_PORT, SPARE_SITE_PORT } from "./support/servers";
import { startTcpProxy } from "./support/tcp-proxy";
import type { TcpProxy } from "./support/tcp-proxy";

/**
 * Every overlay on the terminal can be used by a person: it lies above
 * xterm's canvases (a real pointer click reaches its button: playwright's
 * click checks that the element under the click point is the button, and
 * fails when something, such as xterm's link layer, lies on top), and its
 * button takes the keyboard focus when it appears. No `force`, no
 * `dispatchEvent`.
 */
const TERM = "premiers-pas-1";
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: ReturnType<typeof watchPage>;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await learnerContext(browser, inject("siteUrl"));
  page = await context.newPage();
  watched = watchPage(page);
});

afterAll(async () => {
  await browser?.close();
});

/** The element at the centre of `locator` is the locator's element (nothing drawn on top of it). */
async function onTop(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && el.contains(hit);
  });
}

async function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => document.activeElement === el);
}

const terminalHasFocus = (p: Page, id: string) => p.evaluate((tid) => document.activeElement?.closest(`[data-terminal-id="${tid}"]`) !== null && document.activeElement?.classList.contains("xterm-helper-textarea"), id);

describe("« Le shell s'est terminé »", () => {
  it("appears over the terminal when the learner types `exit`, takes the focus, and a real click opens a new shell", async () => {
    await page.goto("/cours/premiers-pas");
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    await typeCommand(page, TERM, "exit");
    const banner = page.getByRole("alert").filter({ hasText: "Le shell s'est terminé" });
    await banner.waitFor({ timeout: 15_000 });
    const reopen = banner.getByRole("button", { name: "Rouvrir le terminal" });
    await expect.poll(() => hasFocus(reopen)).toBe(true);
    expect(await onTop(reopen)).toBe(true);

    await reopen.click();
    await waitForTerminal(page, TERM, /nouveau shell[^]*# $/, 30_000);
    expect(await banner.count()).toBe(0);
    // The focus went back to the terminal: typing goes to the new shell.
    expect(await terminalHasFocus(page, TERM)).toBe(true);
    await page.keyboard.type("echo clic-$((40+2))");
    await page.keyboard.press("Enter");
    await waitForTerminal(page, TERM, /^clic-42$/m);
  });

  it("is usable with the keyboard alone: Enter on the focused button", async () => {
    await typeCommand(page, TERM, "clear; exit");
    const reopen = page.getByRole("alert").filter({ hasText: "Le shell s'est terminé" }).getByRole("button", { name: "Rouvrir le terminal" });
    await reopen.waitFor({ timeout: 15_000 });
    await expect.poll(() => hasFocus(reopen)).toBe(true);
    await page.keyboard.press("Enter");
    await waitForTerminal(page, TERM, /nouveau shell[^]*# $/, 30_000);
    await page.keyboard.type("echo clavier-ok");
    await page.keyboard.press("Enter");
    await waitForTerminal(page, TERM, /^clavier-ok$/m);
    expect(watched.errors.join("\n")).toBe("");
  });
});

describe("« Trop de terminaux »", () => {
  it("says so over the new terminal, and « Rouvrir le terminal » takes a real click once one is closed", async () => {
    const { sandboxId, token } = await page.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json() as Promise<{ sandboxId: string; token: string }>);
    // The runner allows 8 terminals per sandbox: the page has one, seven more are opened beside it.
    const others: TermClient[] = [];
    for (let i = 0; i < 7; i++) others.push(await TermClient.open(RUNNER_URL, sandboxId, `ailleurs-${i}`, token, { origin: `http://localhost:${SITE_PORT}` }));

    await page.getByRole("button", { name: "Ouvrir un autre terminal" }).click();
    const banner = page.getByRole("alert").filter({ hasText: "Trop de terminaux ouverts" });
    await banner.waitFor({ timeout: 15_000 });
    const reopen = banner.getByRole("button", { name: "Rouvrir le terminal" });
    await expect.poll(() => hasFocus(reopen)).toBe(true);
    expect(await onTop(reopen)).toBe(true);

    // One of the others ends its shell: a place is free.
    others[0]!.type("exit\r");
    await others[0]!.until(() => others[0]!.closeCode !== null, 15_000, "the shell to end");
    await reopen.click();
    await waitForTerminal(page, "premiers-pas-2", PROMPT, 30_000);
    for (const other of others.slice(1)) other.type("exit\r");
    await page.getByTitle("Fermer Terminal 2").click();
    expect(watched.errors.join("\n")).toBe("");
  });
});

describe("« Reconnexion… »", () => {
  // The same site through a relay the test cuts and restores (cookies are per host, not per
  // port: the same learner); its port is one the runner accepts as an Origin.
  const relayed = `http://localhost:${SPARE_SITE_PORT}`;
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
  });

  it("offers « Réessayer maintenant » above the terminal; a lasting outage moves the focus to it, and a real click reconnects at once", async () => {
    proxy = await startTcpProxy(SPARE_SITE_PORT, SITE_PORT);
    const viaRelay = await context.newPage();
    const seen = watchPage(viaRelay);
    await viaRelay.goto(`${relayed}/cours/premiers-pas`);
    await waitForTerminal(viaRelay, TERM, PROMPT, 60_000);
    await typeCommand(viaRelay, TERM, "echo avant-coupure");
    await waitForTerminal(viaRelay, TERM, /^avant-coupure$/m);

    proxy.cut();
    const retry = viaRelay.getByRole("button", { name: "Réessayer maintenant" });
    await retry.waitFor({ timeout: 15_000 });
    await viaRelay.getByRole("status").filter({ hasText: "Connexion perdue — reconnexion…" }).waitFor();
    // Not at once (a blip must not pull the focus out of the terminal), but once the outage lasts.
    expect(await hasFocus(retry)).toBe(false);
    await expect.poll(() => hasFocus(retry), { timeout: 15_000 }).toBe(true);
    expect(await onTop(retry)).toBe(true);

    // The network comes back between two of the page's attempts (up to 5 s apart); the pointer
    // is already on the button, so the click lands before the next attempt would.
    await retry.hover();
    proxy.restore();
    await viaRelay.mouse.down();
    await viaRelay.mouse.up();
    await viaRelay.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 15_000 });
    expect(await terminalHasFocus(viaRelay, TERM)).toBe(true);
    await viaRelay.keyboard.type("echo apres-coupure");
    await viaRelay.keyboard.press("Enter");
    await waitForTerminal(viaRelay, TERM, /^apres-coupure$/m);
    expect(seen.errors.filter((e) => e.startsWith("uncaught:"))).toEqual([]);
    await viaRelay.close();
  });
});

describe("« Votre bac à sable a expiré »", () => {
  it("takes the focus from the terminal, the panels behind it are inert, and Enter starts a new sandbox", async () => {
    await page.bringToFront();
    await waitForTerminal(page, TERM, PROMPT, 30_000);
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-helper-textarea`).focus();
    const { sandboxId } = await page.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json() as Promise<{ sandboxId: string }>);
    const removed = await fetch(`${RUNNER_URL}/v1/sandboxes/${sandboxId}`, { method: "DELETE", headers: { authorization: `Bearer ${SECRET}` } });
    expect(removed.status).toBe(204);

    const overlay = page.getByRole("alert").filter({ hasText: "Votre bac à sable a expiré" });
    await overlay.waitFor({ timeout: 30_000 });
    const renew = overlay.getByRole("button", { name: "Démarrer un nouveau bac à sable" });
    await expect.poll(() => hasFocus(renew)).toBe(true);
    expect(await onTop(renew)).toBe(true);
    // Tab stays in the workbench's reachable controls: never into the terminal behind the overlay.
    await page.keyboard.press("Shift+Tab");
    expect(await terminalHasFocus(page, TERM)).toBe(false);
    await renew.focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    // The calls made with the gone sandbox's id are logged by the browser itself (404), not by the page.
    expect(watched.errors.filter((e) => !/^Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
  });
});
