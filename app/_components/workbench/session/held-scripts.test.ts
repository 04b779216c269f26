import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HELD_SCRIPTS_GLOBAL, heldScriptsScript } from "./held-scripts";

// The page is faked (unit tests): which scripts the inline script adds back, and when.
const holder = globalThis as unknown as Record<string, unknown>;
let added: Array<{ src: string; async: boolean }>;

beforeEach(() => {
  vi.useFakeTimers();
  added = [];
  vi.stubGlobal("window", globalThis);
  vi.stubGlobal("document", {
    createElement: () => ({ src: "", async: false }),
    head: { appendChild: (script: { src: string; async: boolean }) => added.push({ ...script }) },
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete holder[HELD_SCRIPTS_GLOBAL];
});

describe("Next's scripts asked for after the sandbox request", () => {
  it("adds them back, async and in order, once the task that runs the early scripts is over", () => {
    holder[HELD_SCRIPTS_GLOBAL] = ["/_next/static/chunks/a.js", "/_next/static/chunks/turbopack-b.js"];
    new Function(heldScriptsScript())();
    // The sandbox request leaves in the same task, after this script.
    expect(added).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(added).toEqual([
      { src: "/_next/static/chunks/a.js", async: true },
      { src: "/_next/static/chunks/turbopack-b.js", async: true },
    ]);
  });

  it("does nothing on a page whose scripts were not held (npm run dev)", () => {
    new Function(heldScriptsScript())();
    vi.advanceTimersByTime(0);
    expect(added).toEqual([]);
  });
});
