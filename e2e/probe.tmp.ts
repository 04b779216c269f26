import { launchBrowser, learnerContext, waitForTerminal } from "./support/browser";
import { RUNNER_URL, SECRET, SITE_URL, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "./support/servers";
const SITE = SITE_URL;
const RUNNER = RUNNER_URL;
async function main() {
  removeE2eObjects();
  const runner = startRunner(undefined, 2);
  const site = startSite();
  await waitFor(`${RUNNER_URL}/healthz`, runner, "runner", 120_000);
  await waitFor(`${SITE_URL}/`, site, "site", 60_000);
  await warmPoolReady(120_000);
  const browser = await launchBrowser();
  let fails = 0;
  for (let i = 0; i < Number(process.env.N ?? 15); i++) {
    const ctx = await learnerContext(browser, SITE, null);
    const page = await ctx.newPage();
    await page.addInitScript(() => { (window as any).__toasts = []; window.addEventListener("quai:toast", (e) => (window as any).__toasts.push((e as CustomEvent).detail.message)); });
    page.on("pageerror", (e) => console.log(`[pageerror] ${e.stack}`));
    await page.goto("/cours/premiers-pas", { waitUntil: "commit" });
    await page.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    try {
      await waitForTerminal(page, "premiers-pas-1", /Hello from Docker![^]*# $/, 15_000);
      console.log(`run ${i}: ok`);
    } catch {
      fails++;
      const state = await page.evaluate(() => {
        const live = (globalThis as any).__quaiTerminals.get("premiers-pas-1");
        const core = live.term._core;
        const wb = core._writeBuffer;
        const c = live.connection;
        return JSON.stringify({
          wb: { pending: wb._pendingData, queued: wb._writeBuffer?.length, offset: wb._bufferOffset, syncWriting: wb._isSyncWriting, callbacks: wb._callbacks?.length, didUserInput: wb._didUserInput },
          conn: Object.fromEntries(Object.entries(c).filter(([k, v]) => typeof v !== "object" && typeof v !== "function")),
          canvases: document.querySelectorAll('[data-terminal-id="premiers-pas-1"] canvas').length,
          rows: live.term.rows,
          type: live.term.buffer.active.type,
          cursor: [live.term.buffer.active.cursorX, live.term.buffer.active.cursorY, live.term.buffer.active.baseY, live.term.buffer.active.length],
          nonBlank: Array.from({ length: live.term.buffer.active.length }, (_, i) => live.term.buffer.active.getLine(i)?.translateToString(true) ?? "").filter((l: string) => l.trim()).length,
          normalNonBlank: Array.from({ length: live.term.buffer.normal.length }, (_, i) => live.term.buffer.normal.getLine(i)?.translateToString(true) ?? "").filter((l: string) => l.trim()).length,
          events: live.events,
          disposed: core._isDisposed,
        });
      });
      console.log(`run ${i}: FAIL ${state}`);
      const toasts = await page.evaluate(() => JSON.stringify((window as any).__toasts));
      console.log(`   toasts: ${toasts}`);
      await page.locator('[data-terminal-id="premiers-pas-1"] .xterm-helper-textarea').focus();
      await page.keyboard.type("echo tape-$((1+1))\n");
      const typed = await waitForTerminal(page, "premiers-pas-1", /tape-2\n/, 8_000).then(() => "typed input works", () => "typed input LOST too");
      console.log(`   ${typed}`);
    }
    const { sandboxId } = await page.evaluate(async () => (await fetch("/api/sandbox", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).json());
    await fetch(`${RUNNER}/v1/sandboxes/${sandboxId}`, { method: "DELETE", headers: { authorization: `Bearer ${SECRET}` } });
    await ctx.close();
    await new Promise((r) => setTimeout(r, 1500));
  }
  console.log(`fails=${fails}`);
  await browser.close();
  await Promise.all([site.stop(), runner.stop()]);
  removeE2eObjects();
}
void main();
