import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PROMPT, launchBrowser, learnerContext, typeCommand, waitForTerminal, watchPage } from "./support/browser";
import { ENTER, LAYOUTS, PLATFORM_STRING, USER_AGENT, deadKeys, replay, replayAsTyped, typeKeys } from "./support/keyboard-events";
import type { Platform } from "./support/keyboard-events";

/**
 * French keyboards in the terminal: what each platform's browser really
 * delivers when a learner types | ~ # { [ \ @ ] } with AltGr (Option on a
 * Mac) on AZERTY, BÉPO and Swiss French layouts, and dead keys, replayed as
 * trusted events (support/keyboard-events.ts says where each sequence comes
 * from), and the bytes the shell read: `read` then `od` in the sandbox.
 * Then copy and paste with Ctrl+Shift+C/V and the context menu.
 *
 * Without xterm-platform.ts the Windows and macOS cases fail: in the site
 * xterm.js takes the page for Node (Next's `process` polyfill) and misreads
 * the third level. Measured before the fix: on Windows the shell got only
 * « ~ » of the nine AZERTY characters (bytes 7e), on macOS ESC + a digit for
 * each (1b36 1b32 1b33…).
 */
const TERM = "premiers-pas-1";
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let errors: string[];
let marks = 0;

beforeAll(async () => {
  const browser = await launchBrowser();
  context = await learnerContext(browser, inject("siteUrl"));
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: inject("siteUrl") });
  page = await context.newPage();
  errors = watchPage(page).errors;
  cdp = await context.newCDPSession(page);
});

afterAll(async () => {
  await context?.browser()?.close();
});

const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

/** The bytes the shell reads from one line typed by `type` (then Enter), as hex. */
async function bytesRead(type: () => Promise<void>): Promise<string> {
  const mark = `octets${++marks}`;
  await typeCommand(page, TERM, `clear; stty -echo; echo pret-${mark}; IFS= read -r l; stty echo; printf '${mark}:'; printf '%s' "$l" | od -An -tx1 -v | tr -d ' \\n'; echo`);
  await waitForTerminal(page, TERM, new RegExp(`^pret-${mark}$`, "m"));
  await type();
  await replay(cdp, ENTER);
  const text = await waitForTerminal(page, TERM, new RegExp(`^${mark}:[0-9a-f]*\\n`, "m"));
  return new RegExp(`^${mark}:([0-9a-f]*)$`, "m").exec(text)![1]!;
}

/** The page as a browser on `platform` shows it: xterm.js reads navigator.platform once, when it loads. */
async function openAs(platform: Platform): Promise<void> {
  await cdp.send("Emulation.setUserAgentOverride", { userAgent: USER_AGENT[platform], platform: PLATFORM_STRING[platform] });
  await page.goto("/cours/premiers-pas");
  expect(await page.evaluate(() => navigator.platform)).toBe(PLATFORM_STRING[platform]);
  await waitForTerminal(page, TERM, PROMPT, 60_000);
}

for (const platform of ["windows", "linux", "mac"] as const) {
  describe(`${platform} key events`, () => {
    beforeAll(async () => {
      await openAs(platform);
    });

    for (const [layout, keys] of Object.entries(LAYOUTS)) {
      it(`${layout}: ${keys.map((k) => k.char).join(" ")} reach the shell`, async () => {
        const typed = await bytesRead(() => typeKeys(cdp, platform, keys));
        expect(typed).toBe(hex(keys.map((k) => k.char).join("")));
      });
    }

    it("dead keys compose: ^ then e → ê, ¨ then e → ë, ^ then Space → ^", async () => {
      const { steps, text } = deadKeys(platform);
      expect(await bytesRead(() => replayAsTyped(cdp, steps))).toBe(hex(text));
      expect(errors.join("\n")).toBe("");
    });
  });
}

describe("copy and paste", () => {
  beforeAll(async () => {
    await openAs("linux");
  });

  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const setClipboard = (text: string) => page.evaluate((t) => navigator.clipboard.writeText(t), text);

  /** The centre of `word` on the terminal's screen, found in xterm's buffer (the canvas has no text). */
  async function wordOnScreen(word: string): Promise<{ x: number; y: number }> {
    const cell = await page.evaluate(
      ([id, w]) => {
        const term = (globalThis as unknown as { __quaiTerminals: Map<string, { term: { rows: number; cols: number; buffer: { active: { viewportY: number; getLine(i: number): { translateToString(trim: boolean): string } | undefined } } } }> }).__quaiTerminals.get(id!)!.term;
        const buffer = term.buffer.active;
        for (let row = term.rows - 1; row >= 0; row--) {
          const col = buffer.getLine(buffer.viewportY + row)?.translateToString(true).indexOf(w!) ?? -1;
          if (col >= 0) return { row, col, rows: term.rows, cols: term.cols };
        }
        return null;
      },
      [TERM, word],
    );
    expect(cell, `${word} on screen`).not.toBeNull();
    const box = (await page.locator(`[data-terminal-id="${TERM}"] .xterm-screen`).boundingBox())!;
    const [w, h] = [box.width / cell!.cols, box.height / cell!.rows];
    return { x: box.x + (cell!.col + word.length / 2) * w, y: box.y + (cell!.row + 0.5) * h };
  }

  it("Ctrl+Shift+V pastes what the clipboard holds, as typed text", async () => {
    await setClipboard("collé | ~ # { [ \\ @ ] } éèàç");
    expect(await bytesRead(() => page.keyboard.press("Control+Shift+V"))).toBe(hex("collé | ~ # { [ \\ @ ] } éèàç"));
  });

  it("Ctrl+Shift+C copies the selection (made with the mouse), and Ctrl+C still interrupts", async () => {
    await typeCommand(page, TERM, "clear; echo copie-$((6*7))");
    await waitForTerminal(page, TERM, /^copie-42$/m);
    await setClipboard("rien");
    const at = await wordOnScreen("copie-42");
    await page.mouse.dblclick(at.x, at.y);
    await page.keyboard.press("Control+Shift+C");
    await expect.poll(clipboard).toBe("copie-42");
    await typeCommand(page, TERM, "echo en-cours; sleep 30; echo pas-interrompu");
    // As a person does, once the command runs (« en-cours » printed on its own line): a Ctrl+C
    // typed ahead, before the shell has read the line, makes the terminal discard the line itself.
    // (The terminal's text ends at its last non-empty line: the bare line break after the
    // command is not in it, so the test waits for the command's own output.)
    await waitForTerminal(page, TERM, /^en-cours$/m);
    await page.keyboard.press("Control+C");
    await typeCommand(page, TERM, "echo interrompu");
    const text = await waitForTerminal(page, TERM, /^interrompu$/m);
    expect(text).not.toMatch(/^pas-interrompu$/m);
  });

  it("the context menu's « Copier » and « Coller » work on the terminal", async () => {
    await typeCommand(page, TERM, "clear; echo menu-$((6*7))");
    await waitForTerminal(page, TERM, /^menu-42$/m);
    const at = await wordOnScreen("menu-42");
    await page.mouse.dblclick(at.x, at.y);
    // A right click puts the selection in xterm's input, under the pointer: the browser's own
    // menu then copies and pastes there. Its items run the editing commands Copy and Paste on
    // that input; CDP cannot click a native menu, so the test runs those commands itself.
    await page.mouse.click(at.x, at.y, { button: "right" });
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.value)).toBe("menu-42");
    await cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", commands: ["copy"] } as never);
    await expect.poll(clipboard).toBe("menu-42");

    await setClipboard("par le menu");
    const pasted = await bytesRead(async () => {
      const here = await wordOnScreen("pret-");
      await page.mouse.click(here.x, here.y, { button: "right" });
      await cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", commands: ["paste"] } as never);
    });
    expect(pasted).toBe(hex("par le menu"));
    expect(errors.join("\n")).toBe("");
  });
});
