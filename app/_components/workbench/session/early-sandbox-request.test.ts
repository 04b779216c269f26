import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SandboxSession } from "../../../_lib/api-types";
import { EARLY_SANDBOX_GLOBAL, EARLY_TERMINAL_GLOBAL, OPEN_KEY, earlySandboxScript, takeEarlySandboxRequest } from "./early-sandbox-request";
import { FAKE_BOX, fakeWindowForEstimate } from "./inline-page-fake";
import { SandboxSessionStore } from "./sandbox-session";
import { TERMINAL_CHROME_HEIGHT, TERMINAL_LINE_HEIGHT, terminalSize } from "../terminals/terminal-size";

// The browser's globals are faked here: what the inline script decides, and that the store reads its answer.
const session: SandboxSession = { sandboxId: "aaaaaaaaaaaa", token: "t", tokenExpiresAt: Date.now() + 600_000, expiresAt: Date.now() + 7_200_000, terminals: [] };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
let calls: Array<{ url: string; method: string | undefined; body: Record<string, unknown> }>;
/** What the fake server answers a request with `noStart` (the rest get `session`). */
let noStartAnswer: () => Response;
/** The site's answer to `noStart` when a container would have to start: nothing done. */
const wouldStart = () => new Response(null, { status: 204 });
const LIST_KEY = "quai:terminals:premiers-pas";
/** What estimateTerminalSize gives for the fake box and cell below. */
const SIZE = terminalSize(FAKE_BOX.clientWidth, FAKE_BOX.clientHeight - TERMINAL_CHROME_HEIGHT, 8, Math.floor(16 * TERMINAL_LINE_HEIGHT));
const holder = globalThis as unknown as Record<string, unknown>;

/** The page's Resource Timing: what the fake PerformanceObserver hands its callback. */
let observed: ((entries: Array<{ name: string }>) => void) | null;
/** The document's DOMContentLoaded listener, if the script added one. */
let contentLoaded: (() => void) | null;

function page({ path = "/cours/premiers-pas", wide = true, open = null as string | null, storage = true, scripts = [] as string[], list = null as string | null } = {}) {
  observed = null;
  vi.stubGlobal("window", globalThis);
  contentLoaded = null;
  vi.stubGlobal("document", {
    readyState: "loading",
    querySelectorAll: () => scripts.map((src) => ({ src })),
    // A window whose workbench box is 700 × 600 px; the canvas measures an 8 × 16 px cell.
    ...fakeWindowForEstimate(),
    addEventListener: (type: string, listener: () => void) => type === "DOMContentLoaded" && (contentLoaded = listener),
  });
  vi.stubGlobal(
    "PerformanceObserver",
    class {
      constructor(callback: (list: { getEntries(): Array<{ name: string }> }) => void) {
        observed = (entries) => callback({ getEntries: () => entries });
      }
      observe() {}
      disconnect() {
        observed = null;
      }
    },
  );
  vi.stubGlobal("location", { pathname: path });
  vi.stubGlobal("matchMedia", (query: string) => ({ matches: query === "(min-width: 1024px)" && wide }));
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => {
      if (!storage) throw new Error("SecurityError");
      return key === OPEN_KEY ? open : key === LIST_KEY ? list : null;
    },
  });
}
const runInlineScript = () => new Function(earlySandboxScript("premiers-pas-1", LIST_KEY))();
/** Lets the script's promise chain run (the fake fetch answers at once). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeEach(() => {
  calls = [];
  noStartAnswer = () => json(200, session);
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>;
    calls.push({ url, method: init?.method, body });
    return body.noStart ? noStartAnswer() : json(200, session);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete holder[EARLY_SANDBOX_GLOBAL];
  delete holder[EARLY_TERMINAL_GLOBAL];
});

describe("the page's inline sandbox request", () => {
  it("asks at once on a chapter whose workbench is on screen, for a sandbox that needs no start, naming the first terminal and its size", async () => {
    page();
    runInlineScript();
    const terminal = { id: "premiers-pas-1", ...SIZE };
    expect(calls).toEqual([{ url: "/api/sandbox", method: "POST", body: { noStart: true, terminal } }]);
    expect(holder[EARLY_TERMINAL_GLOBAL]).toEqual(SIZE);
    expect(holder[EARLY_SANDBOX_GLOBAL]).toBeInstanceOf(Promise);
    expect(((await holder[EARLY_SANDBOX_GLOBAL]) as Response).status).toBe(200);
    expect(performance.getEntriesByName("quai:sandbox-asked", "mark").length).toBeGreaterThan(0);
  });

  it("names no terminal when the chapter has its terminal list already (the bundle opens the right one)", () => {
    page({ list: JSON.stringify({ ids: ["premiers-pas-2"], active: "premiers-pas-2" }) });
    runInlineScript();
    expect(calls).toEqual([{ url: "/api/sandbox", method: "POST", body: { noStart: true } }]);
    expect(holder[EARLY_TERMINAL_GLOBAL]).toBeUndefined();
  });

  it("asks even when localStorage is refused (private mode)", () => {
    page({ storage: false });
    runInlineScript();
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["a narrow window (the phone's sheet asks when opened)", { wide: false }],
    ["a workbench the learner closed", { open: "false" }],
    ["a page that is not a chapter", { path: "/cours/premiers-pas/autre" }],
  ])("does not ask on %s", (_what, options) => {
    page(options);
    runInlineScript();
    expect(calls).toEqual([]);
    expect(holder[EARLY_SANDBOX_GLOBAL]).toBeUndefined();
  });

  it("when a start is needed (204, nothing handed), asks again once the page's own scripts are downloaded (a network change would abort them)", async () => {
    noStartAnswer = wouldStart;
    page({ scripts: ["http://localhost/_next/a.js", "http://localhost/_next/b.js", "http://localhost/_next/a.js"] });
    runInlineScript();
    await settle();
    expect(calls).toHaveLength(1);
    observed!([{ name: "http://localhost/_next/a.js" }, { name: "http://localhost/favicon.ico" }]);
    expect(calls).toHaveLength(1);
    observed!([{ name: "http://localhost/_next/b.js" }]);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toEqual({ terminal: { id: "premiers-pas-1", ...SIZE } });
    // The store reads the second answer, the sandbox.
    expect(await ((await holder[EARLY_SANDBOX_GLOBAL]) as Response).json()).toEqual(session);
  });

  it("asks again at DOMContentLoaded if that comes first (the scripts are downloaded by then on the same machine)", async () => {
    noStartAnswer = wouldStart;
    page({ scripts: ["http://localhost/_next/a.js"] });
    runInlineScript();
    await settle();
    expect(calls).toHaveLength(1);
    contentLoaded!();
    expect(calls).toHaveLength(2);
    observed?.([{ name: "http://localhost/_next/a.js" }]); // once only
    expect(calls).toHaveLength(2);
  });

  it("asks again after 1.5 s at the latest, whatever the scripts did", async () => {
    noStartAnswer = wouldStart;
    page({ scripts: ["http://localhost/_next/a.js"] });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      runInlineScript();
      await vi.waitFor(() => expect(observed).not.toBeNull());
      vi.advanceTimersByTime(1_400);
      expect(calls).toHaveLength(1);
      vi.advanceTimersByTime(100);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("any other refusal is the answer the store reads (no second request)", async () => {
    noStartAnswer = () => json(503, { error: { code: "capacity", message: "Quai est complet pour le moment." } });
    page();
    runInlineScript();
    expect(((await holder[EARLY_SANDBOX_GLOBAL]) as Response).status).toBe(503);
    await settle();
    expect(calls).toHaveLength(1);
  });

  it("is read by the store's first start instead of a second request, once", async () => {
    page();
    runInlineScript();
    const store = new SandboxSessionStore();
    expect((await store.start())?.sandboxId).toBe("aaaaaaaaaaaa");
    expect(calls).toHaveLength(1); // the inline script's, nothing more
    expect(takeEarlySandboxRequest()).toBeUndefined();
  });

  it("when it failed without an answer, the store sends the request again itself", async () => {
    page();
    holder[EARLY_SANDBOX_GLOBAL] = Promise.reject(new TypeError("net::ERR_NETWORK_CHANGED"));
    (holder[EARLY_SANDBOX_GLOBAL] as Promise<Response>).catch(() => undefined);
    const store = new SandboxSessionStore();
    expect((await store.start())?.sandboxId).toBe("aaaaaaaaaaaa");
    expect(calls).toEqual([{ url: "/api/sandbox", method: "POST", body: {} }]);
  });

  it("an error answer to it reaches the learner as any other (French, with its code)", async () => {
    page();
    holder[EARLY_SANDBOX_GLOBAL] = Promise.resolve(json(429, { error: { code: "too_many_starts", message: "Trop de démarrages : réessayez dans 30 s." } }));
    const store = new SandboxSessionStore();
    expect(await store.start()).toBeNull();
    expect(store.getSnapshot()).toEqual({ kind: "error", code: "too_many_starts", message: "Trop de démarrages : réessayez dans 30 s." });
    expect(calls).toEqual([]);
  });
});
