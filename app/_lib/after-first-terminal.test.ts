import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EARLY_SANDBOX_GLOBAL } from "../_components/workbench/session/early-sandbox-request";
import { afterFirstTerminal, announceFirstTerminal } from "./after-first-terminal";

// Node's EventTarget and performance stand in for the page's window (unit test).
const holder = globalThis as unknown as Record<string, unknown>;
let win: EventTarget & Record<string, unknown>;

beforeEach(() => {
  // Timers only: the real performance keeps the marks the module reads.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  win = new EventTarget() as EventTarget & Record<string, unknown>;
  vi.stubGlobal("window", win);
  performance.clearMarks();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete holder[EARLY_SANDBOX_GLOBAL];
});

describe("afterFirstTerminal", () => {
  it("runs at once on a page that starts no terminal at load", async () => {
    const run = vi.fn();
    afterFirstTerminal(run);
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("waits for the first terminal's prompt on a page whose terminal starts at load, and runs once", async () => {
    win[EARLY_SANDBOX_GLOBAL] = "pending";
    const run = vi.fn();
    afterFirstTerminal(run);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).not.toHaveBeenCalled();
    announceFirstTerminal();
    announceFirstTerminal();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs after 5 s when no prompt comes (a sandbox refused, a queue)", async () => {
    win[EARLY_SANDBOX_GLOBAL] = "pending";
    const run = vi.fn();
    afterFirstTerminal(run);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs at once when the prompt came before it was asked (a later mount)", async () => {
    win[EARLY_SANDBOX_GLOBAL] = "taken";
    announceFirstTerminal();
    const run = vi.fn();
    afterFirstTerminal(run);
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs nothing once cancelled (the component unmounted)", async () => {
    win[EARLY_SANDBOX_GLOBAL] = "pending";
    const run = vi.fn();
    afterFirstTerminal(run)();
    announceFirstTerminal();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(run).not.toHaveBeenCalled();
  });
});
