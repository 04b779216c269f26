import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PROMPT, openLearnerPage, waitForTerminal } from "./support/browser";
import type { LearnerPage } from "./support/browser";

/**
 * A learner on « Écrire un Dockerfile »: files from the lesson into the
 * editor, « Construire », « Lancer », the page in « Aperçu », the layers of
 * the image just built, and the files still there after a reload.
 */
const TERM = "dockerfile-1";
let browser: Browser;
let page: Page;
let watched: LearnerPage["watched"];

beforeAll(async () => {
  ({ browser, page, watched } = await openLearnerPage(inject("siteUrl")));
  await page.goto("/cours/dockerfile");
  await waitForTerminal(page, TERM, PROMPT);
});

afterAll(async () => {
  await browser?.close();
});

const fileBlock = (path: string) => page.locator(".code-card").filter({ has: page.locator(".code-label", { hasText: new RegExp(`^${path.replace(/\./g, "\\.")}$`) }) }).first();
const editor = () => page.locator("#wb-panel-editor");

describe("the Dockerfile editor, builds, preview and layers", () => {
  it("opens the lesson's files in a bundled Monaco, with good-practice hints linked to the course", async () => {
    await fileBlock("site/index.html").getByRole("button", { name: /Ouvrir/ }).click();
    await fileBlock("site/Dockerfile").getByRole("button", { name: /Ouvrir/ }).click();
    await editor().locator(".monaco-editor .view-lines").getByText("FROM nginx:latest").waitFor();
    await editor().getByRole("navigation", { name: "Fichiers du contexte de build" }).getByRole("button", { name: "index.html", exact: true }).waitFor();
    const hints = editor().getByText(/conseils? de bonne pratique/);
    await hints.waitFor();
    await expect(editor().getByRole("link", { name: "Voir le cours" }).first().getAttribute("href")).resolves.toMatch(/^\/cours\/dockerfile#/);
    expect(await editor().getByText("Le conteneur tournera en root", { exact: false }).count()).toBe(1);
    // The files are in the sandbox too, where the lesson's commands expect them.
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-helper-textarea`).focus();
    await page.keyboard.type("cat ~/dockerfile/site/Dockerfile | head -3\n");
    await waitForTerminal(page, TERM, /# Image de base/);
  });

  it("builds the image with « Construire », step by step, ending with its id and size", async () => {
    await page.getByRole("tab", { name: "Éditeur" }).click();
    const tag = editor().getByLabel("Nom de l'image (tag)");
    expect(await tag.inputValue()).toBe("site:1.0");
    await tag.fill("Mon-Site");
    await editor().getByText("Le nom de l'image doit être en minuscules").waitFor();
    expect(await editor().getByRole("button", { name: "Construire" }).isDisabled()).toBe(true);
    await tag.fill("mon-site:1.0");
    await editor().getByRole("button", { name: "Construire" }).click();
    const log = page.getByRole("region", { name: "Journal de construction" });
    await log.getByText("Image construite").waitFor({ timeout: 120_000 });
    expect(await log.getByRole("progressbar").getAttribute("aria-valuenow")).toBe(await log.getByRole("progressbar").getAttribute("aria-valuemax"));
    expect(await log.getByRole("list", { name: "Étapes du Dockerfile" }).textContent()).toContain("COPY . /usr/share/nginx/html/");
    const summary = (await log.getByRole("status").textContent()) ?? "";
    expect(summary).toMatch(/mon-site:1\.0 · [0-9a-f]{12} · [\d,]+ (?:Mo|Ko)/);
    expect(await page.getByTestId("build-log").textContent()).toMatch(/writing image sha256:[0-9a-f]{64}/);
  });

  it("« Lancer » runs it in the terminal, and « Aperçu » shows its page on the site's origin", async () => {
    await page.getByRole("region", { name: "Journal de construction" }).getByRole("button", { name: "Lancer" }).click();
    await waitForTerminal(page, TERM, /docker run -d --name mon-site -p 8080:80 mon-site:1\.0\n[0-9a-f]{64}\n/);
    const previewTab = page.getByRole("tab", { name: /Aperçu/ });
    await previewTab.filter({ hasText: "1" }).waitFor({ timeout: 15_000 });
    await previewTab.click();
    const frame = page.frameLocator('iframe[title="Aperçu du port 8080"]');
    await frame.getByRole("heading", { name: "Docker pour la vie !" }).waitFor();
    const src = (await page.locator('iframe[title="Aperçu du port 8080"]').getAttribute("src")) ?? "";
    expect(src).toMatch(/^\/apercu\/[0-9a-f]{12}-[\w-]{22}\/8080\/$/);
    const answer = await page.request.get(src);
    expect(answer.headers()["content-security-policy"]).toMatch(/^sandbox allow-scripts/);
  });

  it("shows the image's layers, the layers it shares with nginx, and a container's changes", async () => {
    // BuildKit keeps the base image in its own cache: the learner pulls it to compare.
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-helper-textarea`).focus();
    await page.keyboard.type("docker pull -q nginx:latest\n");
    await waitForTerminal(page, TERM, /docker\.io\/library\/nginx:latest\n[^]*# $/, 60_000);
    await page.getByRole("tab", { name: "Éditeur" }).click();
    await page.getByRole("region", { name: "Journal de construction" }).getByRole("button", { name: "Voir les couches" }).click();
    const panel = page.locator("#wb-panel-layers");
    const stack = panel.getByRole("figure", { name: "Couches de mon-site:1.0" });
    await stack.getByText("COPY . /usr/share/nginx/html/").waitFor();
    await panel.getByLabel("Image à comparer").selectOption("nginx:latest");
    await panel.getByRole("figure", { name: "Couches de nginx:latest" }).waitFor();
    const shared = (await panel.getByTestId("shared-summary").textContent()) ?? "";
    expect(shared).toMatch(/\d+ couches? partagées?/);
    const nginxLayers = await panel.getByRole("figure", { name: "Couches de nginx:latest" }).locator("li[data-shared]").count();
    expect(nginxLayers).toBeGreaterThan(0);
    expect(await stack.locator("li[data-shared]").count()).toBe(nginxLayers);

    await panel.getByRole("tab", { name: "Modifications d'un conteneur" }).click();
    await panel.getByLabel("Conteneur à examiner").selectOption("mon-site");
    await panel.getByRole("tree").getByRole("treeitem").first().waitFor();
    expect(await panel.getByRole("tree").textContent()).toMatch(/run|var|etc/);
  });

  it("adds, renames and deletes files of the build context, refusing a bad name in French, and the sandbox follows", async () => {
    await page.getByRole("tab", { name: "Éditeur" }).click();
    const files = editor().getByRole("navigation", { name: "Fichiers du contexte de build" });
    await files.getByRole("button", { name: "Nouveau fichier" }).click();
    const name = files.getByLabel("Nom du nouveau fichier");
    await name.fill("site/../evasion");
    await name.press("Enter");
    await files.getByText("« . » et « .. » ne sont pas autorisés").waitFor();
    await name.fill("site/.dockerignore");
    await name.press("Enter");
    await files.getByRole("button", { name: ".dockerignore", exact: true }).waitFor();

    await files.getByRole("button", { name: ".dockerignore", exact: true }).hover();
    await files.getByRole("button", { name: "Renommer site/.dockerignore" }).click();
    const rename = files.getByLabel("Nouveau nom de site/.dockerignore");
    await rename.fill("site/notes.txt");
    await rename.press("Enter");
    await files.getByRole("button", { name: "notes.txt", exact: true }).waitFor();
    expect(await files.getByRole("button", { name: ".dockerignore", exact: true }).count()).toBe(0);
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-helper-textarea`).focus();
    // Saving is debounced and the sandbox written after: wait for it there (5 s at most), then list.
    await page.keyboard.type("for i in $(seq 50); do [ -f ~/dockerfile/site/notes.txt ] && [ ! -e ~/dockerfile/site/.dockerignore ] && break; sleep 0.1; done; ls -A ~/dockerfile/site | tr '\\n' ' '; echo fin-1\n");
    await waitForTerminal(page, TERM, /Dockerfile index\.html notes\.txt fin-1\n/);

    await page.getByRole("tab", { name: "Éditeur" }).click();
    await files.getByRole("button", { name: "notes.txt", exact: true }).hover();
    await files.getByRole("button", { name: "Supprimer site/notes.txt" }).click();
    await files.getByRole("button", { name: "Oui" }).click();
    expect(await files.getByRole("button", { name: "notes.txt", exact: true }).count()).toBe(0);
    await page.getByRole("tab", { name: "Terminal" }).click();
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-helper-textarea`).focus();
    await page.keyboard.type("for i in $(seq 50); do [ ! -e ~/dockerfile/site/notes.txt ] && break; sleep 0.1; done; ls -A ~/dockerfile/site | tr '\\n' ' '; echo fin-2\n");
    await waitForTerminal(page, TERM, /Dockerfile index\.html fin-2\n/);
  });

  it("keeps the editor's files after a reload, and the page logged no error nor left localhost", async () => {
    await page.reload();
    await waitForTerminal(page, TERM, PROMPT);
    await page.getByRole("tab", { name: "Éditeur" }).click();
    const files = editor().getByRole("navigation", { name: "Fichiers du contexte de build" });
    await files.getByRole("button", { name: "Dockerfile", exact: true }).waitFor();
    await files.getByRole("button", { name: "index.html", exact: true }).waitFor();
    await editor().locator(".monaco-editor .view-lines").getByText("FROM nginx:latest").waitFor();
    expect(watched.errors.join("\n")).toBe("");
    expect(watched.external.join("\n")).toBe("");
  });
});

describe("moving on to another chapter without reloading", () => {
  it("keeps each chapter's files apart: the same path opens that chapter's own file", async () => {
    const files = editor().getByRole("navigation", { name: "Fichiers du contexte de build" });
    const lines = () => editor().locator(".monaco-editor .view-lines");
    await page.getByRole("tab", { name: "Éditeur" }).click();
    await files.getByRole("button", { name: "index.html", exact: true }).click();
    await lines().getByText("Docker pour la vie").waitFor();
    // Another file shown last: index.html's model stays behind in Monaco.
    await files.getByRole("button", { name: "Dockerfile", exact: true }).click();
    await lines().getByText("FROM nginx:latest").waitFor();

    // Client-side navigation (Next's links): Monaco and its models stay in the page.
    const pager = page.getByRole("navigation", { name: "Chapitre précédent et suivant" });
    await pager.getByRole("link", { name: /Chapitre suivant/ }).click();
    await page.waitForURL("**/cours/multi-etapes");
    await pager.getByRole("link", { name: /Chapitre suivant/ }).click();
    await page.waitForURL("**/cours/cache-de-build");
    await pager.getByRole("link", { name: /Chapitre suivant/ }).click();
    await page.waitForURL("**/cours/reseau-et-ports");
    await fileBlock("site/index.html").getByRole("button", { name: /Ouvrir/ }).click();
    await lines().getByText("Bonjour depuis mon conteneur nginx").waitFor();
    expect(await lines().getByText("Docker pour la vie").count()).toBe(0);
    // Chromium asks for /favicon.ico when a navigation leaves the head without
    // an icon for a moment (Next swaps the metadata): it is there (app/favicon.ico).
    const icon = await page.request.get(new URL("/favicon.ico", page.url()).href);
    expect([icon.status(), icon.headers()["content-type"]]).toEqual([200, "image/x-icon"]);
    expect(watched.errors.join("\n")).toBe("");
  });
});
