import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SandboxSession } from "../../../_lib/api-types";
import { EARLY_SANDBOX_GLOBAL, EARLY_SANDBOX_SCRIPT, OPEN_KEY, takeEarlySandboxRequest } from "./early-sandbox-request";
import { SandboxSessionStore } from "./sandbox-session";

// The browser's globals are faked here: what the inline script decides, and that the store reads its answer.
const session: SandboxSession = { sandboxId: "aaaaaaaaaaaa", token: "t", tokenExpiresAt: Date.now() + 600_000, expiresAt: Date.now() + 7_200_000, terminals: [] };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
let calls: Array<{ url: string; method: string | undefined }>;
const holder = globalThis as unknown as Record<string, unknown>;

/** The page's Resource Timing: what the fake PerformanceObserver hands its callback. */
let observed: ((entries: Array<{ name: string }>) => void) | null;
/** The document's DOMContentLoaded listener, if the script added one. */
let contentLoaded: (() => void) | null;

function page({ path = "/cours/premiers-pas", wide = true, open = null as string | null, storage = true, scripts = [] as string[] } = {}) {
  observed = null;
  vi.stubGlobal("window", globalThis);
  contentLoaded = null;
  vi.stubGlobal("document", {
    readyState: "loading",
    querySelectorAll: () => scripts.map((src) => ({ src })),
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
      return key === OPEN_KEY ? open : null;
    },
  });
}
const runInlineScript = () => new Function(EARLY_SANDBOX_SCRIPT)();

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method });
    return json(200, session);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete holder[EARLY_SANDBOX_GLOBAL];
});

describe("the page's inline sandbox request", () => {
  it("asks at once on a chapter whose workbench is on screen, and leaves the request for the store", async () => {
    page();
    runInlineScript();
    expect(calls).toEqual([{ url: "/api/sandbox", method: "POST" }]);
    expect(holder[EARLY_SANDBOX_GLOBAL]).toBeInstanceOf(Promise);
    expect(performance.getEntriesByName("quai:sandbox-asked", "mark").length).toBeGreaterThan(0);
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

  it("waits until the page's own scripts are downloaded (a network change would abort them), then asks", () => {
    page({ scripts: ["http://localhost/_next/a.js", "http://localhost/_next/b.js", "http://localhost/_next/a.js"] });
    runInlineScript();
    expect(calls).toEqual([]);
    observed!([{ name: "http://localhost/_next/a.js" }, { name: "http://localhost/favicon.ico" }]);
    expect(calls).toEqual([]);
    observed!([{ name: "http://localhost/_next/b.js" }]);
    expect(calls).toEqual([{ url: "/api/sandbox", method: "POST" }]);
    expect(holder[EARLY_SANDBOX_GLOBAL]).toBeInstanceOf(Promise);
  });

  it("asks at DOMContentLoaded if that comes first (the scripts are downloaded by then on the same machine)", () => {
    page({ scripts: ["http://localhost/_next/a.js"] });
    runInlineScript();
    expect(calls).toEqual([]);
    contentLoaded!();
    expect(calls).toHaveLength(1);
    observed?.([{ name: "http://localhost/_next/a.js" }]); // once only
    expect(calls).toHaveLength(1);
  });

  it("asks after 1.5 s at the latest, whatever the scripts did", () => {
    vi.useFakeTimers();
    try {
      page({ scripts: ["http://localhost/_next/a.js"] });
      runInlineScript();
      vi.advanceTimersByTime(1_400);
      expect(calls).toEqual([]);
      vi.advanceTimersByTime(100);
      expect(calls).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends nothing once the store has started on its own before it sent", async () => {
    page({ scripts: ["http://localhost/_next/a.js"] });
    runInlineScript();
    expect(takeEarlySandboxRequest()).toBeUndefined(); // the store asks itself
    observed?.([{ name: "http://localhost/_next/a.js" }]);
    expect(calls).toEqual([]);
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
    expect(calls).toEqual([{ url: "/api/sandbox", method: "POST" }]);
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
