import { launchBrowser, learnerContext, waitForTerminal, watchPage } from "./support/browser";
import { RUNNER_URL, SITE_URL, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "./support/servers";

async function main() {
  removeE2eObjects();
  const runner = startRunner(undefined, 2);
  const site = startSite();
  await waitFor(`${RUNNER_URL}/healthz`, runner, "runner", 120_000);
  await waitFor(`${SITE_URL}/`, site, "site", 60_000);
  await warmPoolReady(120_000);
  const browser = await launchBrowser();
  let fails = 0;
  for (let i = 0; i < Number(process.env.N ?? 25); i++) {
    const ctx = await learnerContext(browser, SITE_URL, null);
    const page = await ctx.newPage();
    const seen = watchPage(page);
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") console.log(`[console ${m.type()}] ${m.text()}`); });
    await page.goto("/cours/premiers-pas", { waitUntil: "commit" });
    await page.locator(".code-card", { hasText: /^.*docker run hello-world$/m }).first().getByRole("button", { name: "Exécuter" }).click();
    try {
      await waitForTerminal(page, "premiers-pas-1", /Hello from Docker![^]*# $/, 20_000);
      console.log(`run ${i}: ok`);
    } catch (e) {
      fails++;
      console.log(`run ${i}: FAIL ${(e as Error).message.slice(0, 600)} errors=${JSON.stringify(seen.errors)}`);
    }
    await ctx.close();
    await warmPoolReady(60_000).catch(() => undefined);
  }
  console.log(`fails=${fails}`);
  await browser.close();
  await Promise.all([site.stop(), runner.stop()]);
  removeE2eObjects();
}
void main();
