import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PROMPT, openLearnerPage, typeCommand, waitForTerminal } from "./support/browser";
import type { LearnerPage } from "./support/browser";
import { RUNNER_URL, SECRET } from "./support/servers";

/**
 * « Vérifier » after the learner's sandbox expired: the check runs nowhere
 * (a fresh sandbox would answer « Pas encore » for work that was done), says
 * the sandbox expired, and offers a new one, as the workbench does.
 */
const TERM = "premiers-pas-1";
let browser: Browser;
let page: Page;
let watched: LearnerPage["watched"];

beforeAll(async () => {
  ({ browser, page, watched } = await openLearnerPage(inject("siteUrl")));
});

afterAll(async () => {
  await browser?.close();
});

const assigned = async () => ((await (await fetch(`${RUNNER_URL}/healthz`)).json()) as { assigned: number }).assigned;

describe("« Vérifier » without a sandbox", () => {
  it("says the sandbox expired instead of « Pas encore », creates none, and « Démarrer un nouveau bac à sable » brings the workbench back", async () => {
    await page.goto("/cours/premiers-pas");
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    await typeCommand(page, TERM, "docker run hello-world");
    await waitForTerminal(page, TERM, /Hello from Docker![^]*# $/, 60_000);

    const { sandboxId } = await page.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json() as Promise<{ sandboxId: string }>);
    const removed = await fetch(`${RUNNER_URL}/v1/sandboxes/${sandboxId}`, { method: "DELETE", headers: { authorization: `Bearer ${SECRET}` } });
    expect(removed.status).toBe(204);
    const before = await assigned();

    const exercise = page.locator("#exercice-premiers-pas-hello");
    await exercise.getByRole("button", { name: "Vérifier" }).click();
    const feedback = exercise.locator(".feedback").filter({ hasText: "Votre bac à sable a expiré" });
    await feedback.waitFor({ timeout: 30_000 });
    expect(await feedback.textContent()).toContain("rien n'a été vérifié");
    expect(await exercise.getByText("Pas encore", { exact: true }).count()).toBe(0);
    expect(await assigned()).toBe(before);

    await feedback.getByRole("button", { name: "Démarrer un nouveau bac à sable" }).click();
    await page.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    expect(await assigned()).toBe(before + 1);

    // In the new sandbox the work is to be done again; the check then runs there.
    await exercise.getByRole("button", { name: "Vérifier" }).click();
    await exercise.locator(".feedback-failed").getByText("Pas encore", { exact: true }).waitFor({ timeout: 60_000 });
    await typeCommand(page, TERM, "docker run hello-world >/dev/null && docker ps -aq --filter ancestor=hello-world | wc -l > /root/conteneurs.txt && echo fait");
    await waitForTerminal(page, TERM, /\nfait\r?\n[^]*# $/, 60_000);
    await exercise.getByRole("button", { name: "Vérifier" }).click();
    await exercise.locator(".feedback-passed").getByText("Réussi !").waitFor({ timeout: 60_000 });
    // The calls made with the gone sandbox's id are logged by the browser itself (404, 409), not by the page.
    expect(watched.errors.filter((e) => !/^Failed to load resource: the server responded with a status of 40[49]/.test(e))).toEqual([]);
  });
});
