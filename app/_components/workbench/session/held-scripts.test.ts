import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FIRST_TERMINAL_READY_EVENT } from "../../../_lib/workbench-events";
import { HELD_SCRIPTS_GLOBAL, HOLD_AT_MOST_MS, LOAD_TRIES, RELEASE_CALL, RELEASE_HELD_SCRIPTS, RETRY_AFTER_MS, RETRY_SCRIPT_ATTRIBUTE, heldScriptsScript } from "./held-scripts";

// The page is faked (unit tests): which scripts the inline script adds back, and when.
const holder = globalThis as unknown as Record<string, unknown>;
let added: Array<{ src: string; async: boolean }>;
/** The script elements added, to fail their load. */
let scripts: Array<{ src: string; onerror: (() => void) | null; removed: boolean }>;
let preloaded: Array<{ href: string; rel: string; as: string; held: boolean }>;
let listeners: Map<string, Set<() => void>>;
let frames: Array<() => void>;

beforeEach(() => {
  vi.useFakeTimers();
  added = [];
  scripts = [];
  preloaded = [];
  listeners = new Map();
  frames = [];
  vi.stubGlobal("window", globalThis);
  vi.stubGlobal("performance", { now: () => 300 });
  vi.stubGlobal("requestAnimationFrame", (callback: () => void) => frames.push(callback));
  vi.stubGlobal("addEventListener", (type: string, listener: () => void) => {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type)!.add(listener);
  });
  vi.stubGlobal("removeEventListener", (type: string, listener: () => void) => listeners.get(type)?.delete(listener));
  vi.stubGlobal("document", {
    createElement: (tag: string) => ({
      tag,
      src: "",
      async: false,
      onerror: null,
      removed: false,
      setAttribute(name: string) {
        (this as unknown as Record<string, boolean>)[name] = true;
      },
      remove() {
        this.removed = true;
      },
    }),
    head: {
      appendChild: (el: { tag: string; src: string; async: boolean; href?: string; rel?: string; as?: string; onerror: (() => void) | null; removed: boolean }) => {
        if (el.tag !== "script") return preloaded.push({ href: el.href!, rel: el.rel!, as: el.as!, held: "data-quai-held-script" in el });
        scripts.push(el);
        return added.push({ src: el.src, async: el.async });
      },
    },
  });
  holder[HELD_SCRIPTS_GLOBAL] = ["/_next/static/chunks/a.js", "/_next/static/chunks/turbopack-b.js"];
  new Function(heldScriptsScript())();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete holder[HELD_SCRIPTS_GLOBAL];
  delete holder[RELEASE_HELD_SCRIPTS];
});

const fire = (type: string) => [...(listeners.get(type) ?? [])].forEach((listener) => listener());
const fireError = (target: unknown) => [...(listeners.get("error") ?? [])].forEach((listener) => (listener as (e: unknown) => void)({ target }));
const release = () => new Function(`return ${RELEASE_CALL}`)();

describe("Next's scripts held until the first terminal", () => {
  it("has them downloaded once the task that sends the sandbox request is over, marked as held", () => {
    expect(preloaded).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(preloaded).toEqual([
      { href: "/_next/static/chunks/a.js", rel: "preload", as: "script", held: true },
      { href: "/_next/static/chunks/turbopack-b.js", rel: "preload", as: "script", held: true },
    ]);
    expect(added).toEqual([]);
  });

  it("adds them back, in order and async, once the first prompt's frame is painted, and only once", () => {
    fire(FIRST_TERMINAL_READY_EVENT);
    expect(added).toEqual([]);
    frames.shift()!();
    expect(added).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(added).toEqual([
      { src: "/_next/static/chunks/a.js", async: true },
      { src: "/_next/static/chunks/turbopack-b.js", async: true },
    ]);
    release();
    fire("pointerdown");
    vi.advanceTimersByTime(HOLD_AT_MOST_MS);
    expect(added).toHaveLength(2);
  });

  it("adds them back at once when an early script calls the release (no terminal coming at load), with no preload then", () => {
    release();
    expect(added.map((s) => s.src)).toEqual(["/_next/static/chunks/a.js", "/_next/static/chunks/turbopack-b.js"]);
    vi.advanceTimersByTime(0);
    expect(preloaded).toEqual([]);
  });

  it("adds them back at the learner's first click or key press", () => {
    fire("keydown");
    expect(added).toHaveLength(2);
  });

  it("adds them back at the latest HOLD_AT_MOST_MS after navigation, whatever the terminal does", () => {
    vi.advanceTimersByTime(HOLD_AT_MOST_MS - 300 - 1);
    expect(added).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(added).toHaveLength(2);
  });

  it("asks again for a script that failed to load, later each time, LOAD_TRIES times in all", () => {
    release();
    const failing = scripts[1]!;
    failing.onerror!();
    vi.advanceTimersByTime(RETRY_AFTER_MS - 1);
    expect(added).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(failing.removed).toBe(true);
    expect(added.at(-1)).toEqual({ src: "/_next/static/chunks/turbopack-b.js", async: true });
    for (let tries = 2; tries < LOAD_TRIES; tries++) {
      scripts.at(-1)!.onerror!();
      vi.advanceTimersByTime(tries * RETRY_AFTER_MS - 1);
      expect(added).toHaveLength(1 + tries);
      vi.advanceTimersByTime(1);
      expect(added).toHaveLength(2 + tries);
    }
    expect(added).toHaveLength(2 + LOAD_TRIES - 1);
    scripts.at(-1)!.onerror!();
    vi.advanceTimersByTime(60_000);
    expect(added).toHaveLength(2 + LOAD_TRIES - 1);
    expect(scripts[0]!.removed).toBe(false);
  });

  it("asks again for one of Next's scripts left in the body (marked by the build) that failed to load, not for another script", () => {
    const inBody = { tagName: "SCRIPT", src: "", removed: false, attributes: { src: "/_next/static/chunks/boot.js", [RETRY_SCRIPT_ATTRIBUTE]: "" } as Record<string, string>, hasAttribute(name: string) { return name in this.attributes; }, getAttribute(name: string) { return this.attributes[name] ?? null; }, remove() { this.removed = true; } };
    const other = { ...inBody, removed: false, attributes: { src: "/_quai/terminal-kit.js" } as Record<string, string> };
    fireError(other);
    fireError(inBody);
    expect(inBody.removed).toBe(true);
    expect(other.removed).toBe(false);
    vi.advanceTimersByTime(RETRY_AFTER_MS);
    expect(added).toEqual([{ src: "/_next/static/chunks/boot.js", async: true }]);
    // Then as a held script: later each time, up to LOAD_TRIES in all.
    const latest = () => scripts.filter((s) => s.src === "/_next/static/chunks/boot.js").at(-1)!;
    for (let tries = 2; tries < LOAD_TRIES; tries++) {
      latest().onerror!();
      vi.advanceTimersByTime(tries * RETRY_AFTER_MS);
    }
    latest().onerror!();
    vi.advanceTimersByTime(60_000);
    expect(added.filter((s) => s.src === "/_next/static/chunks/boot.js")).toHaveLength(LOAD_TRIES - 1);
  });

  it("does nothing on a page without held scripts (npm run dev)", () => {
    delete holder[HELD_SCRIPTS_GLOBAL];
    delete holder[RELEASE_HELD_SCRIPTS];
    new Function(heldScriptsScript())();
    added = [];
    release();
    expect(added).toEqual([]);
  });
});
