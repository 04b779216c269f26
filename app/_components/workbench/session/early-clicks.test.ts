import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EARLY_CLICKS_MS, earlyClicksScript } from "./early-clicks";

// The page is faked (unit tests): which clicks the inline script keeps, and when it gives them back.
let now = 0;
let listener: ((e: unknown) => void) | null;
let doc: Record<string, unknown>;

interface FakeButton {
  clicks: number;
  disabled: boolean;
  isConnected: boolean;
  closest: (selector: string) => FakeButton | null;
  click: () => void;
  [key: string]: unknown;
}

function button(): FakeButton {
  const b: FakeButton = {
    clicks: 0,
    disabled: false,
    isConnected: true,
    closest: (selector) => (selector === "button" ? b : null),
    click: () => void b.clicks++,
  };
  return b;
}
const personClicks = (target: unknown, isTrusted = true) => listener?.({ target, isTrusted });
const hydrate = (b: FakeButton) => (b["__reactProps$k2x9"] = { onClick: () => undefined });

beforeEach(() => {
  vi.useFakeTimers();
  now = 200;
  listener = null;
  doc = {};
  vi.stubGlobal("performance", { now: () => now });
  vi.stubGlobal("document", doc);
  vi.stubGlobal("window", {
    addEventListener: (type: string, l: (e: unknown) => void, capture: boolean) => type === "click" && capture && (listener = l),
    removeEventListener: (type: string, l: unknown) => type === "click" && l === listener && (listener = null),
  });
  new Function(earlyClicksScript())();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("clicks made before React has started", () => {
  it("gives a kept click to its button once React has hydrated it, once", () => {
    const run = button();
    personClicks(run);
    vi.advanceTimersByTime(500);
    expect(run.clicks).toBe(0);
    hydrate(run);
    vi.advanceTimersByTime(50);
    expect(run.clicks).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(run.clicks).toBe(1);
  });

  it("keeps a click on what is inside a button (its icon, its label)", () => {
    const run = button();
    const label = { closest: (selector: string) => (selector === "button" ? run : null) };
    personClicks(label);
    hydrate(run);
    vi.advanceTimersByTime(50);
    expect(run.clicks).toBe(1);
  });

  it("keeps nothing once React's root exists (React holds those itself), nor a click no person made, nor one on a disabled button or outside any button", () => {
    const a = button();
    const b = button();
    b.disabled = true;
    personClicks(a, false);
    personClicks(b);
    personClicks({ closest: () => null });
    doc["__reactContainer$k2x9"] = {};
    personClicks(a);
    hydrate(a);
    hydrate(b);
    vi.advanceTimersByTime(1000);
    expect([a.clicks, b.clicks]).toEqual([0, 0]);
  });

  it("drops a click whose button left the page, and gives up at EARLY_CLICKS_MS", () => {
    const gone = button();
    const never = button();
    personClicks(gone);
    personClicks(never);
    gone.isConnected = false;
    hydrate(gone);
    now = EARLY_CLICKS_MS;
    vi.advanceTimersByTime(50);
    hydrate(never);
    vi.advanceTimersByTime(1000);
    expect([gone.clicks, never.clicks]).toEqual([0, 0]);
    // Past it, clicks are no longer watched at all.
    personClicks(button());
    expect(listener).toBeNull();
  });
});
