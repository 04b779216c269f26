"use client";

import { useSyncExternalStore } from "react";
import { SERVER_PREFERENCES, subscribeTerminalPreferences, terminalPreferences } from "./terminal-preferences";
import type { TerminalPreferences } from "./terminal-preferences";

/** The terminals' preferences, for a component (re-rendered when they change). */
export function useTerminalPreferences(): TerminalPreferences {
  return useSyncExternalStore(subscribeTerminalPreferences, terminalPreferences, () => SERVER_PREFERENCES);
}
