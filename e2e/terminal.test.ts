import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PROMPT, holdNextChunks, learnerContext, openLearnerPage, terminalText, typeCommand, waitForTerminal, watchPage } from "./support/browser";
import type { LearnerPage } from "./support/browser";
import { RUNNER_URL, SECRET } from "./support/servers";
import { INLINE_ESTIMATE } from "../app/_components/workbench/session/inline-estimate";

/**
 * A learner on « Premiers pas »: ▶ Exécuter, an exercise check, a dropped
 * connection, a reload, a big paste and a reset, all on one sandbox and
 * one shell, through the real site and the real runner.
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

const connectionState = () => page.getByTestId("connection-state").textContent();
const shellPid = async () => Number(/pid=(\d+)/.exec(await terminalText(page, TERM))?.[1]);

describe("the terminal beside a chapter", () => {
  it("runs a lesson command with ▶ Exécuter, and the page logs no error", async () => {
    await page.goto("/cours/premiers-pas");
    await waitForTerminal(page, TERM, PROMPT);
    // The prompt is drawn before React runs (Next's scripts wait for it, held-scripts.ts): the workbench's status follows.
    await expect.poll(connectionState, { timeout: 10_000 }).toContain("Connecté");
    await page.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    await waitForTerminal(page, TERM, /Hello from Docker![^]*# $/, 60_000);
    expect(watched.errors.join("\n")).toBe("");
    expect(watched.external.join("\n")).toBe("");
  });

  it("records a passed exercise, still shown after a reload", async () => {
    // The exercise asks for the count of hello-world containers in /root/conteneurs.txt.
    await typeCommand(page, TERM, "docker ps -aq --filter ancestor=hello-world | wc -l > /root/conteneurs.txt && echo fait");
    await waitForTerminal(page, TERM, /\nfait\r?\n[^]*# $/);
    const exercise = page.locator("#exercice-premiers-pas-hello");
    await exercise.getByRole("button", { name: "Vérifier" }).click();
    await exercise.locator(".feedback-passed").getByText("Réussi !").waitFor({ timeout: 60_000 });
    await typeCommand(page, TERM, "echo pid=$$");
    await waitForTerminal(page, TERM, /pid=\d+\n/);
    const pid = await shellPid();

    await page.reload();
    await page.locator("#exercice-premiers-pas-hello .feedback-passed").getByText("Réussi !").waitFor();
    // Same terminal id after the reload: the same shell, its output replayed.
    await waitForTerminal(page, TERM, /pid=\d+\n[^]*# $/);
    await typeCommand(page, TERM, "echo again=$$");
    await waitForTerminal(page, TERM, new RegExp(`again=${pid}\\n`));
    expect(watched.errors.join("\n")).toBe("");
  });

  it("resumes the same shell after the socket drops, without losing or repeating output", async () => {
    await typeCommand(page, TERM, "clear; echo pid=$$; for i in 1 2 3 4; do echo tick-$i; sleep 0.5; done");
    await waitForTerminal(page, TERM, /tick-1\n/);
    const pid = await shellPid();
    await page.evaluate((id) => (globalThis as unknown as { __quaiTerminals: Map<string, { connection: { drop(): void } }> }).__quaiTerminals.get(id)!.connection.drop(), TERM);
    await page.getByTestId("connection-state").filter({ hasText: "Reconnexion" }).or(page.getByTestId("connection-state").filter({ hasText: "Connecté" })).waitFor();
    const text = await waitForTerminal(page, TERM, /tick-4\n[^]*# $/);
    for (const n of [1, 2, 3, 4]) expect(text.match(new RegExp(`^tick-${n}$`, "gm"))).toHaveLength(1);
    expect(await connectionState()).toContain("Connecté");
    await typeCommand(page, TERM, "echo same=$$");
    await waitForTerminal(page, TERM, new RegExp(`same=${pid}\\n`));
  });

  it("pastes 60 KB through xterm's paste path, every byte arriving", async () => {
    // Paste once cat reads: bash leaves bracketed-paste mode before running a command, and the marker comes after that.
    await typeCommand(page, TERM, "stty -echo; echo pret-a-coller; cat > /tmp/colle.txt; stty echo; wc -c < /tmp/colle.txt");
    await waitForTerminal(page, TERM, /^pret-a-coller$/m);
    const line = `${"x".repeat(99)}\n`;
    await page.evaluate(
      ([id, text]) => (globalThis as unknown as { __quaiTerminals: Map<string, { term: { paste(t: string): void } }> }).__quaiTerminals.get(id!)!.term.paste(text!),
      [TERM, line.repeat(600)],
    );
    await page.keyboard.press("Control+D");
    await waitForTerminal(page, TERM, /^60000$/m);
  });

  it("opens a second terminal with « + » on the same Docker host, with a shell of its own", async () => {
    const pid = await (async () => {
      await typeCommand(page, TERM, "docker create --name vu-des-deux busybox >/dev/null; echo pid1=$$");
      await waitForTerminal(page, TERM, /pid1=\d+\n/);
      return Number(/pid1=(\d+)/.exec(await terminalText(page, TERM))![1]);
    })();
    await page.getByRole("button", { name: "Ouvrir un autre terminal" }).click();
    const second = "premiers-pas-2";
    await page.getByRole("tab", { name: "Terminal 2" }).waitFor();
    await waitForTerminal(page, second, PROMPT);
    await typeCommand(page, second, "echo pid2=$$; docker ps -a --format '{{.Names}}'");
    await waitForTerminal(page, second, /pid2=\d+\n[^]*vu-des-deux\n/);
    expect(Number(/pid2=(\d+)/.exec(await terminalText(page, second))![1])).not.toBe(pid);
    await page.getByTitle("Fermer Terminal 2").click();
    expect(await page.getByRole("tab", { name: "Terminal 2" }).count()).toBe(0);
    await typeCommand(page, TERM, "docker rm vu-des-deux >/dev/null; echo encore-la");
    await waitForTerminal(page, TERM, /^encore-la$/m);
  });

  it("resizes the split with the divider, and the shell sees the new width", async () => {
    const divider = page.getByRole("separator", { name: "Largeur de la leçon et de l'atelier" });
    const columns = async (mark: string) => {
      await typeCommand(page, TERM, `echo ${mark}=$(tput cols)`);
      await waitForTerminal(page, TERM, new RegExp(`${mark}=\\d+\\n`));
      return Number(new RegExp(`${mark}=(\\d+)`).exec(await terminalText(page, TERM))![1]);
    };
    const before = await columns("avant");
    const box = (await divider.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x - 200, box.y + 200, { steps: 8 });
    await page.mouse.up();
    // The terminal refits once the panel has its new width; the shell then sees the wider TTY.
    await expect.poll(() => columns(`apres${Date.now()}`), { timeout: 10_000 }).toBeGreaterThan(before + 15);
  });

  it("falls back to the DOM renderer when the WebGL context is lost, and keeps working", async () => {
    const panel = page.locator(`[data-terminal-id="${TERM}"]`);
    const canvases = await panel.locator("canvas").count();
    expect(canvases).toBeGreaterThan(0); // WebGL renderer in use
    await page.evaluate((id) => {
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`[data-terminal-id="${id}"] canvas`)) {
        (canvas.getContext("webgl2") as WebGL2RenderingContext | null)?.getExtension("WEBGL_lose_context")?.loseContext();
      }
    }, TERM);
    await typeCommand(page, TERM, "echo rendu-$((6*7))");
    await panel.locator(".xterm-rows").getByText("rendu-42", { exact: true }).waitFor();
    expect(await panel.locator("canvas").count()).toBe(0);
  });

  it("« Réinitialiser » asks first, then reconnects the terminal to a fresh sandbox", async () => {
    await page.getByRole("button", { name: "Réinitialiser" }).click();
    const dialog = page.getByRole("dialog", { name: "Réinitialiser le bac à sable ?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Réinitialiser" }).click();
    await page.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    await typeCommand(page, TERM, "echo images=$(docker images -q | wc -l)");
    await waitForTerminal(page, TERM, /images=0\n/);
    expect(watched.errors.join("\n")).toBe("");
  });
});

describe("when the sandbox disappears", () => {
  it("says it expired, what to do, and starts a new one on request", async () => {
    const { sandboxId } = await page.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json() as Promise<{ sandboxId: string }>);
    const removed = await fetch(`${RUNNER_URL}/v1/sandboxes/${sandboxId}`, { method: "DELETE", headers: { authorization: `Bearer ${SECRET}` } });
    expect(removed.status).toBe(204);
    const overlay = page.getByRole("alert").filter({ hasText: "Votre bac à sable a expiré" });
    await overlay.waitFor({ timeout: 30_000 });
    expect(await connectionState()).toContain("Bac à sable expiré");
    expect(await overlay.textContent()).toContain("Vos fichiers de l'éditeur et votre progression sont conservés");
    await overlay.getByRole("button", { name: "Démarrer un nouveau bac à sable" }).click();
    await page.getByTestId("connection-state").filter({ hasText: "Connecté" }).waitFor({ timeout: 90_000 });
    await typeCommand(page, TERM, "echo fresh=$(docker ps -aq | wc -l)");
    await waitForTerminal(page, TERM, /fresh=0\n/);
    expect(watched.errors.join("\n")).toBe("");
  });
});

/** After a click kept for React: `docker run hello-world` ran once, the shell takes what is typed, and the page logged no error. */
async function ranOnce(early: Page, seen: { errors: string[] }): Promise<void> {
  await waitForTerminal(early, TERM, /Hello from Docker![^]*# $/, 60_000);
  await typeCommand(early, TERM, "echo apres-le-clic");
  await waitForTerminal(early, TERM, /^apres-le-clic$/m);
  expect((await terminalText(early, TERM)).match(/Hello from Docker!/g)).toHaveLength(1);
  expect(seen.errors.join("\n")).toBe("");
}

describe("a first visit, without cookie", () => {
  it("gives every call of the page the same learner, and a command clicked before the shell is up still runs", async () => {
    const fresh = await learnerContext(browser, inject("siteUrl"));
    const first = await fresh.newPage();
    const seen = watchPage(first);
    const sockets: string[] = [];
    first.on("websocket", (ws) => sockets.push(new URL(ws.url()).pathname));
    await first.goto("/cours/premiers-pas", { waitUntil: "commit" });
    // Clicked as soon as the button is there: the sandbox, xterm.js and the socket are still on their way.
    await first.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    await waitForTerminal(first, TERM, /Hello from Docker![^]*# $/, 60_000);
    const status = await first.evaluate(async () => {
      const { sandboxId } = (await (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json()) as { sandboxId: string };
      return (await fetch(`/api/sandbox/${sandboxId}/ports`)).status;
    });
    expect(status).toBe(200);
    expect(seen.errors.join("\n")).toBe("");
    // One socket for the shell: the one opened before hydration is the one the terminal took, not a second.
    expect(sockets.filter((p) => p.endsWith(`/terminals/${TERM}`))).toHaveLength(1);
    await fresh.close();
  });

  it("keeps a click on ▶ Exécuter made before React has started: the command runs, once, when React is there", async () => {
    const fresh = await learnerContext(browser, inject("siteUrl"));
    const early = await fresh.newPage();
    const seen = watchPage(early);
    // The site's own scripts (React, the workbench) are held back until released.
    const { release } = await holdNextChunks(early);
    await early.goto("/cours/premiers-pas", { waitUntil: "commit" });
    await early.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    await waitForTerminal(early, TERM, PROMPT, 60_000);
    expect(await early.evaluate(() => performance.getEntriesByName("quai:hydrated", "mark").length)).toBe(0);
    expect(await terminalText(early, TERM)).not.toContain("Hello from Docker!");
    release();
    await ranOnce(early, seen);
    await fresh.close();
  });

  it("keeps a click on ▶ Exécuter made while React hydrates the lesson (React would drop it): the command runs, once", async () => {
    const fresh = await learnerContext(browser, inject("siteUrl"));
    const early = await fresh.newPage();
    const seen = watchPage(early);
    // The chunk with the lesson's buttons is held back: React's root exists and waits for it to hydrate them.
    const { release, held } = await holdNextChunks(early, (code) => code.includes("code-btn-run"));
    await early.goto("/cours/premiers-pas", { waitUntil: "commit" });
    await waitForTerminal(early, TERM, PROMPT, 60_000);
    await early.waitForFunction(() => Object.keys(document).some((k) => k.startsWith("__reactContainer$")), undefined, { timeout: 60_000 });
    const run = early.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" });
    await run.click();
    expect(held()).toBeGreaterThan(0);
    const hydrating = () => early.evaluate(() => ({ hydrated: performance.getEntriesByName("quai:hydrated", "mark").length > 0, buttonHydrated: Object.keys(document.querySelector(".code-btn-run")!).some((k) => k.startsWith("__reactProps$")) }));
    expect(await hydrating()).toEqual({ hydrated: false, buttonHydrated: false });
    release();
    await ranOnce(early, seen);
    expect((await hydrating()).hydrated).toBe(true);
    await fresh.close();
  });

  it("asks again for Next's first script when its load fails (a network change on the host): the page still starts, and ▶ Exécuter runs", async () => {
    const html = await (await fetch(new URL("/cours/premiers-pas", inject("siteUrl")))).text();
    const src = /<script src="([^"]+)" async="" data-quai-retry="">/.exec(html)?.[1];
    expect(src, "the build marks Next's script left in the body").toBeDefined();
    const fresh = await learnerContext(browser, inject("siteUrl"));
    const early = await fresh.newPage();
    const seen = watchPage(early);
    // Its preload, its script, then a first retry are lost, as Chromium loses requests in flight when Docker adds a network.
    let lost = 0;
    await early.route((url) => url.pathname === src, async (route) => {
      if (lost < 3) {
        lost++;
        await route.abort("internetdisconnected");
      } else await route.continue();
    });
    await early.goto("/cours/premiers-pas");
    await early.waitForFunction(() => performance.getEntriesByName("quai:hydrated", "mark").length > 0, undefined, { timeout: 30_000 });
    expect(lost).toBe(3);
    await early.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    await waitForTerminal(early, TERM, /Hello from Docker![^]*# $/, 60_000);
    expect(seen.errors.filter((e) => !e.startsWith("Failed to load resource: net::ERR_INTERNET_DISCONNECTED")).join("\n")).toBe("");
    await fresh.close();
  });

  it("draws the first terminal and takes what is typed before React has run; the workbench then takes that terminal over", async () => {
    const fresh = await learnerContext(browser, inject("siteUrl"));
    const early = await fresh.newPage();
    const seen = watchPage(early);
    const sockets: string[] = [];
    early.on("websocket", (ws) => sockets.push(new URL(ws.url()).pathname));
    // The site's own scripts (React, the workbench) are held back until released: the terminal kit alone.
    const { release } = await holdNextChunks(early);
    const hydrated = () => early.evaluate(() => performance.getEntriesByName("quai:hydrated", "mark").length > 0);
    await early.goto("/cours/premiers-pas", { waitUntil: "commit" });
    await waitForTerminal(early, TERM, PROMPT, 60_000);
    expect(await hydrated()).toBe(false);
    // The shell was started at the size the head's script computed from the window: the laid-out box's.
    const sizes = await early.evaluate(`({ early: window.__quaiEarlyTerminal, laidOut: (${INLINE_ESTIMATE})(document.querySelector("[data-quai-workbench]")) })`);
    expect((sizes as { early: unknown }).early).toEqual((sizes as { laidOut: unknown }).laidOut);
    // A person clicks into the terminal and types.
    await early.locator("[data-terminal-boot] .xterm-screen").click();
    await early.keyboard.type("echo avant-react-$((6 * 7))");
    await early.keyboard.press("Enter");
    await waitForTerminal(early, TERM, /avant-react-42\n[^]*# $/);
    expect(await hydrated()).toBe(false);
    release();
    await early.waitForFunction(() => performance.getEntriesByName("quai:hydrated", "mark").length > 0, undefined, { timeout: 60_000 });
    // The same terminal, now in its panel: ▶ Exécuter reaches its shell.
    await early.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    await waitForTerminal(early, TERM, /avant-react-42\n[^]*Hello from Docker![^]*# $/, 60_000);
    expect(await early.locator(`[data-terminal-id="${TERM}"] .xterm`).count()).toBe(1);
    expect(await early.locator("[data-terminal-boot] *").count()).toBe(0);
    expect(sockets.filter((p) => p.endsWith(`/terminals/${TERM}`))).toHaveLength(1);
    expect(seen.errors.join("\n")).toBe("");
    await fresh.close();
  });
});
