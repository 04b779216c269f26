import { chromium } from "playwright-core";
import type { Browser, BrowserContext, Page } from "playwright-core";

/**
 * Debian's chromium, as the README asks (no browser downloads). `home` gives
 * it another HOME: its certificate store (~/.pki/nssdb) then holds only the
 * authorities a test put there (https.test.ts).
 */
export async function launchBrowser({ home }: { home?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.QUAI_E2E_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    ...(home ? { env: { ...process.env, HOME: home } } : {}),
  });
}

/**
 * A fresh anonymous learner: a browser without cookie, like a first visit.
 * The first page they open signs them in (proxy.ts), hence their own
 * sandbox; nothing else can (a made-up cookie is refused by the API).
 */
export async function learnerContext(browser: Browser, siteUrl: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return browser.newContext({ viewport, baseURL: siteUrl });
}

/**
 * Chromium's own log line when it aborts a request because the host's
 * network interfaces changed, which Docker does whenever the runner creates a
 * sandbox network on this same machine. The workbench repeats such requests
 * (api.ts); the line is the browser's, not the page's.
 */
const HOST_NETWORK_CHANGED = /^Failed to load resource: net::ERR_NETWORK_CHANGED$/;

export interface LearnerPage {
  browser: Browser;
  page: Page;
  watched: { errors: string[]; external: string[] };
}

/** A browser with one fresh learner's page on the site, watched for errors and requests leaving localhost. */
export async function openLearnerPage(siteUrl: string): Promise<LearnerPage> {
  const browser = await launchBrowser();
  const page = await (await learnerContext(browser, siteUrl)).newPage();
  return { browser, page, watched: watchPage(page) };
}

/** Console errors and uncaught exceptions of a page, and requests that left localhost. */
export function watchPage(page: Page): { errors: string[]; external: string[] } {
  const errors: string[] = [];
  const external: string[] = [];
  page.on("console", (message) => {
    // « Failed to load resource: … 404 » names no resource: its location does.
    const where = message.location().url;
    if (message.type() === "error" && !HOST_NETWORK_CHANGED.test(message.text())) errors.push(where ? `${message.text()} (${where})` : message.text());
  });
  page.on("pageerror", (error) => {
    errors.push(`uncaught: ${error.message}`);
    // At once too: a test that times out waiting for the screen never reaches its error assertion.
    console.error(`[page] uncaught: ${error.stack ?? error.message}`);
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if ((url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:") && !["localhost", "127.0.0.1"].includes(url.hostname)) external.push(request.url());
  });
  return { errors, external };
}

/**
 * Holds the site's own scripts (Next's chunks: React, the workbench) until
 * `release()`, as a slow network would; with `only`, just the chunks whose
 * code it picks (the others load). `held()` counts the chunks held.
 */
export async function holdNextChunks(page: Page, only?: (code: string) => boolean): Promise<{ release: () => void; held: () => number }> {
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  await page.route(/\/_next\/static\/chunks\/.*\.js$/, async (route) => {
    if (!only) {
      held++;
      await gate;
      return route.continue();
    }
    const response = await route.fetch();
    const body = await response.text();
    if (only(body)) {
      held++;
      await gate;
    }
    return route.fulfill({ response, body });
  });
  return { release, held: () => held };
}

/** The text of a terminal of the page (xterm's buffer: the WebGL canvas has no DOM text). */
export async function terminalText(page: Page, terminalId: string): Promise<string> {
  return page.evaluate((id) => (globalThis as unknown as { __quaiTerminals?: Map<string, { text(): string }> }).__quaiTerminals?.get(id)?.text() ?? "", terminalId);
}

/** Waits until the terminal shows `pattern` (checked in the page, on every frame). */
export async function waitForTerminal(page: Page, terminalId: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  try {
    await page.waitForFunction(
      ([id, source, flags]) => {
        const live = (globalThis as unknown as { __quaiTerminals?: Map<string, { text(): string }> }).__quaiTerminals?.get(id!);
        return live !== undefined && new RegExp(source!, flags).test(live.text());
      },
      [terminalId, pattern.source, pattern.flags],
      { timeout: timeoutMs },
    );
  } catch (error) {
    const state = await page.evaluate((id) => ({
      events: ((globalThis as unknown as { __quaiTerminals?: Map<string, { events?: string[] }> }).__quaiTerminals?.get(id)?.events ?? []).join("; "),
      live: [...((globalThis as unknown as { __quaiTerminals?: Map<string, unknown> }).__quaiTerminals?.keys() ?? [])].join(", ") || "none",
      status: document.querySelector("[data-testid=connection-state]")?.textContent ?? "?",
      view: (() => {
        const live = (globalThis as unknown as { __quaiTerminals?: Map<string, { term: { element?: HTMLElement; buffer: { active: { length: number } }; cols: number; rows: number } }> }).__quaiTerminals?.get(id);
        const panels = document.querySelectorAll(`[data-terminal-id="${id}"]`).length;
        return live ? `${panels} panel(s), buffer ${live.term.buffer.active.length} lines, ${live.term.cols}x${live.term.rows}, element ${live.term.element?.isConnected ? "in" : "not in"} the page` : `${panels} panel(s)`;
      })(),
      alerts: [...document.querySelectorAll("[role=alert]")].map((a) => a.textContent).join(" | "),
    }), terminalId);
    throw new Error(`terminal ${terminalId} never showed ${pattern} (live terminals: ${state.live}; view: ${state.view}; workbench: ${state.status}; alerts: ${state.alerts || "none"}; connection: ${state.events}); it shows:\n${(await terminalText(page, terminalId)).slice(-1500)}`, { cause: error });
  }
  return terminalText(page, terminalId);
}

/** Types into a terminal like a learner (keyboard events through xterm.js), then Enter. */
export async function typeCommand(page: Page, terminalId: string, command: string): Promise<void> {
  await page.locator(`[data-terminal-id="${terminalId}"] .xterm-helper-textarea`).focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
}

export const PROMPT = /root@quai:[^\n]*# $/;
