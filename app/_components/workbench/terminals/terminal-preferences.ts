"use client";

import { useSyncExternalStore } from "react";

/**
 * How the learner wants every terminal of the page to behave, shared by the
 * panel (its switches) and the views (xterm's options, the key handler).
 *
 * - `screenReader`: xterm's screen-reader mode (an accessible copy of the
 *   screen, output announced); remembered in localStorage.
 * - `tabExits`: « Tab quitte le terminal » (Ctrl+M), for this page only, like
 *   Monaco's own switch.
 */
export interface TerminalPreferences {
  screenReader: boolean;
  tabExits: boolean;
}

export const SCREEN_READER_KEY = "quai:terminal-screen-reader";

const SERVER: TerminalPreferences = { screenReader: false, tabExits: false };
let current: TerminalPreferences | null = null;
const listeners = new Set<() => void>();

function read(): TerminalPreferences {
  if (current) return current;
  let screenReader = false;
  try {
    screenReader = localStorage.getItem(SCREEN_READER_KEY) === "true";
  } catch {
    // storage refused: off
  }
  current = { screenReader, tabExits: false };
  return current;
}

export function terminalPreferences(): TerminalPreferences {
  return read();
}

export function setTerminalPreferences(change: Partial<TerminalPreferences>): void {
  current = { ...read(), ...change };
  if (change.screenReader !== undefined) {
    try {
      localStorage.setItem(SCREEN_READER_KEY, String(change.screenReader));
    } catch {
      // private mode: remembered for this page only
    }
  }
  for (const listener of listeners) listener();
}

export function subscribeTerminalPreferences(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTerminalPreferences(): TerminalPreferences {
  return useSyncExternalStore(subscribeTerminalPreferences, read, () => SERVER);
}
