import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { describeFindings, seriousViolations } from "./support/axe";
import { PROMPT, launchBrowser, learnerContext, terminalText, waitForTerminal, watchPage } from "./support/browser";

/**
 * Accessibility (RGAA 4 / WCAG 2.1 AA) of the course and the workbench:
 * axe-core finds no serious or critical violation on the home page, a
 * chapter with its terminal, and each workbench panel, in both themes; and
 * everything a learner does there works with the keyboard alone (no trap in
 * the terminal or the editor, tabs with the arrow keys, the dialog), with a
 * visible focus.
 */
let browser: Browser;
/** One learner (one sandbox) for every page: the first page signs them in. */
let learner: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  learner = await learnerContext(browser, inject("siteUrl"));
});

afterAll(async () => {
  await browser?.close();
});

/** A page of the same learner (the same sandbox) in the given colour scheme. */
async function open(colorScheme: "light" | "dark"): Promise<{ page: Page; errors: string[] }> {
  const page = await learner.newPage();
  await page.emulateMedia({ colorScheme });
  return { page, errors: watchPage(page).errors };
}

async function expectNoSeriousViolation(page: Page, where: string): Promise<void> {
  const findings = await seriousViolations(page);
  expect(findings, `${where}:\n${describeFindings(findings)}`).toEqual([]);
}

const fileBlock = (page: Page, path: string) => page.locator(".code-card").filter({ has: page.locator(".code-label", { hasText: new RegExp(`^${path.replace(/\./g, "\\.")}$`) }) }).first();

for (const scheme of ["light", "dark"] as const) {
  describe(`axe-core, ${scheme} theme`, () => {
    let page: Page;
    let errors: string[];
    beforeAll(async () => {
      ({ page, errors } = await open(scheme));
    });
    afterAll(async () => {
      await page?.close();
    });

    it("the home page", async () => {
      await page.goto("/");
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(scheme === "dark");
      await expectNoSeriousViolation(page, `/ (${scheme})`);
    });

    it("a chapter with its terminal, and the « Réinitialiser » dialog", async () => {
      await page.goto("/cours/premiers-pas");
      await waitForTerminal(page, "premiers-pas-1", PROMPT, 60_000);
      await expectNoSeriousViolation(page, `/cours/premiers-pas, terminal (${scheme})`);
      await page.getByRole("button", { name: "Réinitialiser" }).click();
      await page.getByRole("dialog", { name: "Réinitialiser le bac à sable ?" }).waitFor();
      await expectNoSeriousViolation(page, `/cours/premiers-pas, dialog (${scheme})`);
      await page.keyboard.press("Escape");
    });

    it("the editor, preview and layers panels", async () => {
      await page.goto("/cours/dockerfile");
      await waitForTerminal(page, "dockerfile-1", PROMPT, 60_000);
      await fileBlock(page, "site/Dockerfile").getByRole("button", { name: /Ouvrir/ }).click();
      await page.locator("#wb-panel-editor .monaco-editor .view-lines").getByText("FROM").first().waitFor({ timeout: 30_000 });
      await expectNoSeriousViolation(page, `/cours/dockerfile, editor (${scheme})`);
      await page.getByRole("tab", { name: "Aperçu" }).click();
      await page.locator("#wb-panel-preview").getByText("Aucun port publié pour l'instant").waitFor();
      await expectNoSeriousViolation(page, `/cours/dockerfile, preview (${scheme})`);
      await page.getByRole("tab", { name: "Couches" }).click();
      const layers = page.locator("#wb-panel-layers");
      await layers.getByText("n'a encore aucune image").or(layers.getByLabel("Image à explorer")).first().waitFor({ timeout: 30_000 });
      await expectNoSeriousViolation(page, `/cours/dockerfile, layers (${scheme})`);
      expect(errors.join("\n")).toBe("");
    });
  });
}

describe("with the keyboard alone", () => {
  let page: Page;
  let errors: string[];
  const TERM = "premiers-pas-1";
  const terminalInput = () => page.locator(`[data-terminal-id="${TERM}"] .xterm-helper-textarea`);
  const focused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

  beforeAll(async () => {
    ({ page, errors } = await open("light"));
    await page.goto("/cours/premiers-pas");
    await waitForTerminal(page, TERM, PROMPT, 60_000);
  });
  afterAll(async () => {
    await page?.close();
  });

  it("moves between the workbench's tools with the arrow keys", async () => {
    const tablist = page.getByRole("tablist", { name: "Outils de l'atelier" });
    await tablist.getByRole("tab", { name: "Terminal" }).focus();
    await page.keyboard.press("ArrowRight");
    const editorTab = tablist.getByRole("tab", { name: "Éditeur" });
    expect(await editorTab.getAttribute("aria-selected")).toBe("true");
    expect(await focused(editorTab)).toBe(true);
    expect(await page.locator("#wb-panel-editor").isVisible()).toBe(true);
    await page.keyboard.press("End");
    expect(await tablist.getByRole("tab", { name: "Couches" }).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Home");
    expect(await focused(tablist.getByRole("tab", { name: "Terminal" }))).toBe(true);
    // Only the selected tab is a Tab stop: Tab leaves the tab list.
    expect(await tablist.getByRole("tab").evaluateAll((tabs) => tabs.map((t) => t.getAttribute("tabindex")))).toEqual(["0", "-1", "-1", "-1"]);
  });

  it("opens, switches and closes terminals: Enter on « + », arrows, Suppr", async () => {
    await page.getByRole("button", { name: "Ouvrir un autre terminal" }).focus();
    await page.keyboard.press("Enter");
    await waitForTerminal(page, "premiers-pas-2", PROMPT, 30_000);
    const terminals = page.getByRole("tablist", { name: "Terminaux" });
    const second = terminals.getByRole("tab", { name: "Terminal 2" });
    await second.focus();
    await page.keyboard.press("ArrowLeft");
    expect(await terminals.getByRole("tab", { name: "Terminal 1" }).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("ArrowRight");
    expect(await second.getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Delete");
    expect(await terminals.getByRole("tab").count()).toBe(1);
    await expect.poll(() => focused(terminals.getByRole("tab", { name: "Terminal 1" }))).toBe(true);
  });

  it("leaves the terminal with Ctrl+M then Shift+Tab, comes back with Tab, and neither key reached the shell", async () => {
    expect(await terminalInput().getAttribute("aria-label")).toBe("Entrée du terminal (Ctrl+M : la touche Tab quitte le terminal)");
    await terminalInput().focus();
    await page.keyboard.type("echo avant");
    await page.keyboard.press("Control+m");
    await page.getByRole("status").filter({ hasText: "Tab quitte le terminal" }).waitFor();
    await page.keyboard.press("Shift+Tab");
    expect(await focused(page.getByRole("button", { name: "Mode lecteur d'écran" }))).toBe(true);
    await page.keyboard.press("Tab");
    expect(await focused(terminalInput())).toBe(true);
    await page.keyboard.press("Control+m");
    await page.getByRole("status").filter({ hasText: "Tab complète les commandes" }).waitFor({ state: "attached" });
    await page.keyboard.type("-apres");
    await page.keyboard.press("Enter");
    // One line: no Enter (Ctrl+M is ^M to a shell) and no Tab went to bash.
    await waitForTerminal(page, TERM, /^avant-apres$/m);
    // And Tab is the shell's again: it completes.
    await page.keyboard.type("ech");
    await page.keyboard.press("Tab");
    await page.keyboard.type(" complete");
    await page.keyboard.press("Enter");
    await waitForTerminal(page, TERM, /^complete$/m);
  });

  it("« Réinitialiser »: a dialog that holds the focus, closes with Escape and gives the focus back", async () => {
    const reset = page.getByRole("button", { name: "Réinitialiser" });
    await reset.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Réinitialiser le bac à sable ?" });
    await dialog.waitFor();
    expect(await focused(dialog.getByRole("button", { name: "Annuler" }))).toBe(true);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      // Inside the dialog, or on the browser's own controls (outside the page) between two rounds.
      expect(await page.evaluate(() => document.activeElement === document.body || document.querySelector("dialog[open]")!.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await focused(reset)).toBe(true);
  });

  it("shows where the focus is, on every control from the top of the page to the terminal", async () => {
    // From the top of a fresh page (Tab would otherwise start after the last control used).
    await page.reload();
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    const unseen: string[] = [];
    let stops = 0;
    for (let i = 0; i < 600; i++) {
      await page.keyboard.press("Tab");
      // Visible = the focused control, or the box around it (xterm's and Monaco's inputs are hidden
      // textareas; a search field rings its box), looks different focused and not focused.
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const boxes = [el, el.parentElement, el.parentElement?.parentElement, el.closest("[data-terminal-id]")].filter((b): b is HTMLElement => b instanceof HTMLElement);
        const look = () => boxes.map((b) => { const c = getComputedStyle(b); return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow, c.borderColor, c.backgroundColor].join("|"); }).join("/");
        const focused = look();
        el.blur();
        const blurred = look();
        el.focus();
        const name = `${el.tagName.toLowerCase()}${el.getAttribute("type") ? `[type=${el.getAttribute("type")}]` : ""} « ${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)} » (${el.className.toString().slice(0, 60)})`;
        return { visible: focused !== blurred, name, terminal: el.classList.contains("xterm-helper-textarea") };
      });
      if (stop === null) continue;
      stops++;
      if (!stop.visible) unseen.push(stop.name);
      if (stop.terminal) break;
    }
    expect(stops).toBeGreaterThan(20);
    expect(unseen).toEqual([]);
    expect(await terminalText(page, TERM)).toMatch(PROMPT);
  });

  it("offers xterm's screen-reader mode, remembered after a reload", async () => {
    const toggle = page.getByRole("button", { name: "Mode lecteur d'écran" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    expect(await page.locator(`[data-terminal-id="${TERM}"] .xterm-accessibility-tree`).count()).toBe(0);
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    // The screen's text is in the page for screen readers, not only on a canvas.
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-accessibility-tree`).getByText(/root@quai/).first().waitFor();
    await page.reload();
    await waitForTerminal(page, TERM, PROMPT, 60_000);
    expect(await page.getByRole("button", { name: "Mode lecteur d'écran" }).getAttribute("aria-pressed")).toBe("true");
    await page.locator(`[data-terminal-id="${TERM}"] .xterm-accessibility-tree`).getByText(/root@quai/).first().waitFor();
    await page.getByRole("button", { name: "Mode lecteur d'écran" }).click();
    expect(await page.locator(`[data-terminal-id="${TERM}"] .xterm-accessibility-tree`).count()).toBe(0);
    expect(errors.join("\n")).toBe("");
  });

  it("leaves the editor with Monaco's Ctrl+M then Tab", async () => {
    await page.goto("/cours/dockerfile");
    await waitForTerminal(page, "dockerfile-1", PROMPT, 60_000);
    await fileBlock(page, "site/Dockerfile").getByRole("button", { name: /Ouvrir/ }).click();
    const monaco = page.locator("#wb-panel-editor .monaco-editor");
    await monaco.locator(".view-lines").getByText("FROM").first().click();
    // Chromium's Monaco types through an EditContext element, not a textarea: whatever has the focus, it is in the editor.
    expect(await monaco.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toContain("Ctrl+M");
    await page.keyboard.press("Tab");
    // Tab indents in the editor by default: the focus stays.
    expect(await monaco.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Control+m");
    await page.keyboard.press("Tab");
    expect(await monaco.evaluate((el) => el.contains(document.activeElement))).toBe(false);
    expect(errors.join("\n")).toBe("");
  });
});
