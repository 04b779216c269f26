import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPT, openLearnerPage, terminalText, typeCommand, waitForTerminal } from "./support/browser";
import type { LearnerPage } from "./support/browser";
import { INSTANCE, RUNNER_PORT, SITE_PORT, removeE2eObjects, startRunner, startSite, waitFor } from "./support/servers";
import type { Service, Site } from "./support/servers";

/**
 * A crash of the runner (kill -9 of its whole process group) while a
 * command runs in the learner's terminal: the same tab reconnects by itself
 * to the same shell, the command still running, its screen kept (no
 * « nouveau shell »). A runner and a site of their own, so that killing this
 * runner harms no other test.
 */
const instance = `${INSTANCE}-rr`;
const ports = { runner: RUNNER_PORT + 10, site: SITE_PORT + 10 };
const SITE = `http://localhost:${ports.site}`;
const TERM = "premiers-pas-1";
let runner: Service;
let site: Site;
let browser: Browser;
let page: Page;
let watched: LearnerPage["watched"];

async function startOwnRunner(): Promise<Service> {
  const started = startRunner(ports, 0, { instance, maxSandboxes: 2 });
  await waitFor(`http://127.0.0.1:${ports.runner}/healthz`, started, "the runner", 120_000);
  return started;
}

function kill9(service: Service): Promise<void> {
  const exited = new Promise<void>((resolve) => service.child.once("exit", () => resolve()));
  process.kill(-service.child.pid!, "SIGKILL");
  return exited;
}

const seqs = (text: string) => [...text.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  removeE2eObjects(instance);
  runner = await startOwnRunner();
  site = startSite(ports);
  await waitFor(`${SITE}/`, site, "the site", 60_000);
  ({ browser, page, watched } = await openLearnerPage(SITE));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await runner?.stop();
  removeE2eObjects(instance);
}, 60_000);

const state = () => page.getByTestId("connection-state");

describe("when the runner crashes and starts again", () => {
  it("the same tab goes on with the same shell: the ping still runs, the screen stays, typing reaches it", async () => {
    await page.goto("/cours/premiers-pas");
    await waitForTerminal(page, TERM, PROMPT, 90_000);
    await typeCommand(page, TERM, "clear; echo pid=$$; ping -i 0.2 127.0.0.1");
    await waitForTerminal(page, TERM, /icmp_seq=5 /);
    const pid = Number(/pid=(\d+)/.exec(await terminalText(page, TERM))![1]);

    await kill9(runner);
    await state().filter({ hasText: "Reconnexion" }).waitFor({ timeout: 15_000 });
    const lastBefore = Math.max(...seqs(await terminalText(page, TERM)));
    runner = await startOwnRunner();

    await state().filter({ hasText: "Connecté" }).waitFor({ timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await terminalText(page, TERM)).not.toContain("nouveau shell");
    // The same ping goes on in the same screen: its sequence carries on, it never starts again
    // (and Ctrl+C below shows its statistics).
    // (The terminal keeps a few screens of lines: the oldest scroll away, so only what shows is read.)
    let text = "";
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      text = await terminalText(page, TERM);
      if (Math.max(...seqs(text)) >= lastBefore + 5) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const shown = seqs(text);
    expect(Math.max(...shown)).toBeGreaterThanOrEqual(lastBefore + 5);
    // (Lines printed while no runner was there may be missing: they went to the dead runner's client.)
    expect(shown.every((n, i) => i === 0 || n > shown[i - 1]!)).toBe(true);

    // The focus may have gone to the reconnection notice meanwhile: the learner clicks the terminal.
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-screen`).click();
    await page.keyboard.press("Control+C");
    const stats = await waitForTerminal(page, TERM, /packets transmitted[^]*# $/);
    expect(Number(/(\d+) packets transmitted/.exec(stats)![1])).toBeGreaterThan(lastBefore + 5);
    await typeCommand(page, TERM, "echo same=$$");
    await waitForTerminal(page, TERM, new RegExp(`same=${pid}\\n`));
    expect(watched.errors.filter((e) => e.startsWith("uncaught:"))).toEqual([]);
  }, 240_000);
});
