/**
 * How the learner wants every terminal of the page to behave, shared by the
 * panel (its switches) and the views (xterm's options, the key handler).
 *
 * - `screenReader`: xterm's screen-reader mode (an accessible copy of the
 *   screen, output announced); remembered in localStorage.
 * - `tabExits`: « Tab quitte le terminal » (Ctrl+M), for this page only, like
 *   Monaco's own switch.
 *
 * The state is the page's, on `globalThis`: the terminal kit (a bundle of its
 * own, terminals/kit/) and the site's bundle each have a copy of this module.
 */
export interface TerminalPreferences {
  screenReader: boolean;
  tabExits: boolean;
}

export const SCREEN_READER_KEY = "quai:terminal-screen-reader";

export const SERVER_PREFERENCES: TerminalPreferences = { screenReader: false, tabExits: false };

type Shared = { current: TerminalPreferences | null; listeners: Set<() => void> };
const holder = globalThis as typeof globalThis & { __quaiTerminalPreferences?: Shared };
const shared = (holder.__quaiTerminalPreferences ??= { current: null, listeners: new Set() });

function read(): TerminalPreferences {
  if (shared.current) return shared.current;
  let screenReader = false;
  try {
    screenReader = localStorage.getItem(SCREEN_READER_KEY) === "true";
  } catch {
    // storage refused: off
  }
  shared.current = { screenReader, tabExits: false };
  return shared.current;
}

export function terminalPreferences(): TerminalPreferences {
  return read();
}

export function setTerminalPreferences(change: Partial<TerminalPreferences>): void {
  shared.current = { ...read(), ...change };
  if (change.screenReader !== undefined) {
    try {
      localStorage.setItem(SCREEN_READER_KEY, String(change.screenReader));
    } catch {
      // private mode: remembered for this page only
    }
  }
  for (const listener of shared.listeners) listener();
}

export function subscribeTerminalPreferences(listener: () => void): () => void {
  shared.listeners.add(listener);
  return () => shared.listeners.delete(listener);
}
