import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KEEP_AT_MOST_MS, REPLAY_WITHIN_MS, earlyClicksScript } from "./early-clicks";

// The page is faked (unit tests): which clicks the inline script keeps, and when it gives them back.
let now = 0;
let listener: ((e: unknown) => void) | null;
let doc: Record<string, unknown>;
let layoutMounted = false;

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
interface FakeClick {
  target: unknown;
  isTrusted: boolean;
  stopped: boolean;
  prevented: boolean;
  stopPropagation: () => void;
  preventDefault: () => void;
}
const personClicks = (target: unknown, isTrusted = true): FakeClick => {
  const event: FakeClick = {
    target,
    isTrusted,
    stopped: false,
    prevented: false,
    stopPropagation: () => void (event.stopped = true),
    preventDefault: () => void (event.prevented = true),
  };
  listener?.(event);
  return event;
};
const hydrate = (b: FakeButton) => (b["__reactProps$k2x9"] = { onClick: () => undefined });
const reactStarts = (mounted = true) => {
  doc["__reactContainer$k2x9"] = {};
  layoutMounted = mounted;
};

beforeEach(() => {
  vi.useFakeTimers();
  now = 200;
  listener = null;
  doc = {};
  layoutMounted = false;
  vi.stubGlobal("performance", { now: () => now, getEntriesByName: (name: string) => (name === "quai:hydrated" && layoutMounted ? [{}] : []) });
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

describe("clicks made before the page has hydrated", () => {
  it("gives a kept click to its button once React has hydrated it, once, however long React took to start", () => {
    const run = button();
    personClicks(run);
    now = 30_000;
    vi.advanceTimersByTime(30_000);
    expect(run.clicks).toBe(0);
    reactStarts();
    vi.advanceTimersByTime(500);
    expect(run.clicks).toBe(0);
    hydrate(run);
    vi.advanceTimersByTime(50);
    expect(run.clicks).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(run.clicks).toBe(1);
  });

  it("waits for the workbench's layout too (the terminal it takes over from the early scripts)", () => {
    const run = button();
    personClicks(run);
    reactStarts(false);
    hydrate(run);
    vi.advanceTimersByTime(1000);
    expect(run.clicks).toBe(0);
    layoutMounted = true;
    vi.advanceTimersByTime(50);
    expect(run.clicks).toBe(1);
  });

  it("keeps a click on what is inside a button (its icon, its label)", () => {
    const run = button();
    const label = { closest: (selector: string) => (selector === "button" ? run : null) };
    personClicks(label);
    reactStarts();
    hydrate(run);
    vi.advanceTimersByTime(50);
    expect(run.clicks).toBe(1);
  });

  it("keeps a click made while React hydrates (its root is there, the button not yet), and stops it: React would drop it", () => {
    reactStarts(false);
    const run = button();
    const click = personClicks(run);
    expect([click.stopped, click.prevented]).toEqual([true, true]);
    vi.advanceTimersByTime(500);
    expect(run.clicks).toBe(0);
    hydrate(run);
    layoutMounted = true;
    vi.advanceTimersByTime(50);
    expect(run.clicks).toBe(1);
  });

  it("stops listening once the workbench's layout has mounted: React then has every click", () => {
    reactStarts();
    const run = button();
    hydrate(run);
    const click = personClicks(run);
    expect(click.stopped).toBe(false);
    expect(listener).toBeNull();
    vi.advanceTimersByTime(1000);
    expect(run.clicks).toBe(0);
  });

  it("keeps neither a click no person made, nor one on a disabled button or outside any button", () => {
    const a = button();
    const b = button();
    b.disabled = true;
    const clicks = [personClicks(a, false), personClicks(b), personClicks({ closest: () => null })];
    expect(clicks.map((c) => c.stopped)).toEqual([false, false, false]);
    reactStarts();
    hydrate(a);
    hydrate(b);
    vi.advanceTimersByTime(1000);
    expect([a.clicks, b.clicks]).toEqual([0, 0]);
  });

  it("drops a click whose button left the page, or was not hydrated within REPLAY_WITHIN_MS of the layout's mount", () => {
    const gone = button();
    const late = button();
    personClicks(gone);
    personClicks(late);
    gone.isConnected = false;
    hydrate(gone);
    reactStarts();
    vi.advanceTimersByTime(50);
    now += REPLAY_WITHIN_MS;
    vi.advanceTimersByTime(50);
    hydrate(late);
    vi.advanceTimersByTime(1000);
    expect([gone.clicks, late.clicks]).toEqual([0, 0]);
  });

  it("keeps nothing past KEEP_AT_MOST_MS after navigation (React never started)", () => {
    const run = button();
    personClicks(run);
    now = KEEP_AT_MOST_MS;
    vi.advanceTimersByTime(50);
    reactStarts();
    hydrate(run);
    vi.advanceTimersByTime(1000);
    expect(run.clicks).toBe(0);
    personClicks(button());
    expect(listener).toBeNull();
  });
});
