import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPT, openLearnerPage, terminalText, typeCommand, waitForTerminal } from "./support/browser";
import type { LearnerPage } from "./support/browser";
import { RUNNER_PORT, SPARE_SITE_PORT, startSite, waitFor } from "./support/servers";
import type { Site } from "./support/servers";

/**
 * A real cut: the site the learner's socket goes through stops while a
 * command is printing, then comes back. The runner kept the shell; the
 * workbench reconnects by itself and resumes it where it was drawn.
 */
const PORTS = { runner: RUNNER_PORT, site: SPARE_SITE_PORT };
const SITE = `http://localhost:${SPARE_SITE_PORT}`;
const TERM = "premiers-pas-1";
let site: Site;
let browser: Browser;
let page: Page;
let watched: LearnerPage["watched"];

/** The same site each time: a restart keeps its data folder (and so the key its learners' cookies are signed with). */
async function startSpareSite(dataDir?: string): Promise<Site> {
  const started = startSite(PORTS, dataDir === undefined ? {} : { QUAI_DATA_DIR: dataDir });
  await waitFor(`${SITE}/`, started, "the spare site", 60_000);
  return started;
}

beforeAll(async () => {
  site = await startSpareSite();
  ({ browser, page, watched } = await openLearnerPage(SITE));
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const state = () => page.getByTestId("connection-state");

describe("when the site goes away and comes back", () => {
  it("says it is reconnecting, then resumes the same shell without losing or repeating output", async () => {
    await page.goto("/cours/premiers-pas");
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    await typeCommand(page, TERM, "clear; echo pid=$$; for i in $(seq 1 8); do echo tick-$i; sleep 0.5; done");
    await waitForTerminal(page, TERM, /tick-1\n/);
    const pid = Number(/pid=(\d+)/.exec(await terminalText(page, TERM))![1]);

    await site.stop();
    await state().filter({ hasText: "Reconnexion" }).waitFor({ timeout: 15_000 });
    site = await startSpareSite(site.dataDir);

    await state().filter({ hasText: "Connecté" }).waitFor({ timeout: 30_000 });
    const text = await waitForTerminal(page, TERM, /tick-8\n[^]*# $/, 30_000);
    for (let n = 1; n <= 8; n++) expect(text.match(new RegExp(`^tick-${n}$`, "gm"))).toHaveLength(1);
    await typeCommand(page, TERM, "echo same=$$");
    await waitForTerminal(page, TERM, new RegExp(`same=${pid}\\n`));
    // The browser logs the refused requests of the cut; the page itself threw nothing.
    expect(watched.errors.filter((e) => e.startsWith("uncaught:"))).toEqual([]);
  });
});
