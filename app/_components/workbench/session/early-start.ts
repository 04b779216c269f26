import { WORKBENCH_MARKER } from "../../../_lib/workbench-events";
import { SandboxSessionStore } from "./sandbox-session";

/** The layout shows the workbench beside the lesson from this width on (workbench-layout.tsx). */
export const DESKTOP = "(min-width: 1024px)";
/** Where the layout remembers that the learner closed the workbench ("false"). */
export const OPEN_KEY = "quai:workbench-open";

let early: SandboxSessionStore | null = null;

/**
 * Asks for the learner's sandbox while the page's scripts start, before
 * React has hydrated it (that takes a second or more on a busy laptop): when
 * the server-rendered page has a workbench that will be on screen (a wide
 * window, the workbench not closed by the learner). The phone's sheet and a
 * closed workbench still ask when they are opened. Returns whether it asked.
 */
export function startSandboxEarly(): boolean {
  if (early || typeof document === "undefined" || !document.querySelector(`[${WORKBENCH_MARKER}]`)) return false;
  let closed = false;
  try {
    closed = localStorage.getItem(OPEN_KEY) === "false";
  } catch {
    // private mode: the workbench is open
  }
  if (closed || !matchMedia(DESKTOP).matches) return false;
  early = new SandboxSessionStore();
  void early.start();
  return true;
}

/** The store the early start made (once), else a new one. */
export function takeSessionStore(): SandboxSessionStore {
  const store = early ?? new SandboxSessionStore();
  early = null;
  return store;
}
