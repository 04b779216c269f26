/** The terminals' keyboard help, read by screen readers with the terminal's input (aria-describedby). */
export const TERMINAL_HINT_ID = "quai-terminal-hint";

/**
 * The few keys the workbench takes from the terminal before xterm.js sees
 * them (`attachCustomKeyEventHandler`); everything else, AltGr, Option and
 * dead keys included, is xterm's (with its platform fixed, xterm-platform.ts).
 *
 * - Ctrl+Shift+C copies the selection (Linux terminals' habit; Ctrl+C stays
 *   the shell's interrupt). Ctrl+Shift+V needs nothing: it is the browser's
 *   own « coller » (plain text), which xterm receives as a paste.
 * - Ctrl+M (or Ctrl+Shift+M, Monaco's key on macOS) switches « Tab quitte
 *   le terminal »: the keyboard way out of the terminal, as in Monaco and VS
 *   Code. While it is on, Tab and Shift+Tab move the focus instead of
 *   completing in the shell. The shell loses Ctrl+M, which is only another
 *   Enter there.
 */

/** The parts of a KeyboardEvent the decision needs. */
export interface KeyLike {
  type: string;
  key: string;
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

export type KeyAction =
  /** xterm handles the key as usual. */
  | { do: "terminal" }
  /** Copy the selection; nobody else sees the key. */
  | { do: "copy" }
  /** Switch « Tab quitte le terminal ». */
  | { do: "toggle-tab-exits" }
  /** xterm ignores the key; the browser does what it does (moves the focus, pastes). */
  | { do: "skip" };

const only = (e: KeyLike, ctrl: boolean, shift: boolean) => e.ctrlKey === ctrl && e.shiftKey === shift && !e.altKey && !e.metaKey;

/** What a key event does in the terminal; `tabExits`: « Tab quitte le terminal » is on. */
export function keyAction(e: KeyLike, tabExits: boolean): KeyAction {
  if (only(e, true, true) && e.code === "KeyC") return e.type === "keydown" ? { do: "copy" } : { do: "skip" };
  if (only(e, true, true) && e.code === "KeyV") return { do: "skip" };
  if ((only(e, true, false) || only(e, true, true)) && e.code === "KeyM") return e.type === "keydown" ? { do: "toggle-tab-exits" } : { do: "skip" };
  if (tabExits && e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) return { do: "skip" };
  return { do: "terminal" };
}
