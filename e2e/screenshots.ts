/**
 * `QUAI_E2E_INSTANCE=quai-shots npx tsx e2e/screenshots.ts`: the workbench as a learner sees it, for
 * review: a chapter with its terminal, the build log, and the layer
 * explorer, at 1280×800 and 390×844, light and dark, into
 * .data/screenshots/wb-<view>-<width>-<theme>.png. Uses the e2e services
 * (instance `QUAI_E2E_INSTANCE`, default quai-e2e; their own ports); nothing is asserted.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { PROMPT, launchBrowser, learnerContext, typeCommand, waitForTerminal } from "./support/browser";
import { ROOT, ensureBuilt, removeE2eObjects, startRunner, startSite, waitFor, warmPoolReady } from "./support/servers";

const PORTS = { runner: 4330, site: 3330 };
const SITE = `http://localhost:${PORTS.site}`;
const OUT = path.join(ROOT, ".data/screenshots");
const TERM = "dockerfile-1";

async function setTheme(page: Page, theme: "light" | "dark"): Promise<void> {
  const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  if (dark !== (theme === "dark")) await page.getByRole("button", { name: "Basculer entre thème clair et thème sombre" }).click();
  await page.waitForTimeout(250);
}

async function shoot(page: Page, name: string): Promise<void> {
  // Playwright scrolls the window to what it clicks: put the lesson back where a learner would be.
  await page.evaluate(() => {
    document.getElementById("votre-premier-dockerfile")?.scrollIntoView();
    window.scrollBy(0, -16);
  });
  for (const theme of ["light", "dark"] as const) {
    await setTheme(page, theme);
    const file = path.join(OUT, `wb-${name}-${page.viewportSize()!.width}-${theme}.png`);
    await page.screenshot({ path: file });
    console.log(file);
  }
}

async function scene(browserWidth: number, browserHeight: number): Promise<void> {
  const browser = await launchBrowser();
  const context = await learnerContext(browser, SITE, { width: browserWidth, height: browserHeight });
  const page = await context.newPage();
  try {
    await steps(page, browserWidth);
  } catch (error) {
    await page.screenshot({ path: path.join(OUT, `wb-failure-${browserWidth}.png`) });
    throw error;
  } finally {
    await browser.close();
  }
}

async function steps(page: Page, browserWidth: number): Promise<void> {
  const phone = browserWidth < 1024;
  await page.goto("/cours/dockerfile#votre-premier-dockerfile");
  if (phone) await page.getByRole("button", { name: /Ouvrir l.atelier/ }).click();
  await waitForTerminal(page, TERM, PROMPT, 90_000);

  const block = (p: string) => page.locator(".code-card").filter({ has: page.locator(".code-label", { hasText: new RegExp(`^${p.replace(/\./g, "\\.")}$`) }) }).first();
  if (phone) await page.getByRole("button", { name: "Masquer l'atelier" }).click();
  await block("site/index.html").getByRole("button", { name: /Ouvrir/ }).click();
  await block("site/Dockerfile").getByRole("button", { name: /Ouvrir/ }).click();
  await page.locator("#wb-panel-editor .monaco-editor .view-lines").getByText("FROM nginx:latest").waitFor();
  await page.getByRole("tab", { name: "Terminal" }).click();
  await typeCommand(page, TERM, "docker pull -q nginx:latest && docker images");
  await waitForTerminal(page, TERM, /REPOSITORY[^]*# $/, 60_000);
  if (phone) await page.getByRole("button", { name: "Masquer l'atelier" }).click();
  if (phone) await page.getByRole("button", { name: /Ouvrir l.atelier/ }).click();
  await shoot(page, "chapter");

  await page.getByRole("tab", { name: "Éditeur" }).click();
  await page.getByLabel("Nom de l'image (tag)").fill("mon-site:1.0");
  await page.getByRole("button", { name: "Construire" }).click();
  const log = page.getByRole("region", { name: "Journal de construction" });
  await log.getByText("Image construite").waitFor({ timeout: 120_000 });
  await shoot(page, "build");

  await log.getByRole("button", { name: "Lancer" }).click();
  await waitForTerminal(page, TERM, /[0-9a-f]{64}\n[^]*# $/);
  await page.getByRole("tab", { name: /Éditeur/ }).click();
  await log.getByRole("button", { name: "Voir les couches" }).click();
  const panel = page.locator("#wb-panel-layers");
  await panel.getByRole("figure", { name: "Couches de mon-site:1.0" }).waitFor();
  await panel.getByLabel("Image à comparer").selectOption("nginx:latest");
  await panel.getByRole("figure", { name: "Couches de nginx:latest" }).waitFor();
  await shoot(page, "layers");

  await page.getByRole("tab", { name: /Aperçu/ }).click();
  await page.frameLocator("iframe").getByRole("heading", { name: "Docker pour la vie !" }).waitFor();
  await shoot(page, "preview");
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  ensureBuilt();
  removeE2eObjects();
  const runner = startRunner(PORTS, 2);
  const site = startSite(PORTS);
  try {
    await waitFor(`http://127.0.0.1:${PORTS.runner}/healthz`, runner, "the runner", 120_000);
    await waitFor(`${SITE}/`, site, "the site", 60_000);
    await warmPoolReady(180_000, `http://127.0.0.1:${PORTS.runner}`, 1);
    if (!process.env.ONLY_PHONE) await scene(1280, 800);
    await scene(390, 844);
  } finally {
    await Promise.all([site.stop(), runner.stop()]);
    removeE2eObjects();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
