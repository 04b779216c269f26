import type { TerminalConnection } from "@quai/sandbox-runner/protocol";
import type { Terminal } from "@xterm/xterm";

/**
 * Live terminals of the page, by terminal id, on `window.__quaiTerminals`.
 * The end-to-end tests and `npm run bench:web` read the screen and time the
 * echo through it (a WebGL canvas has no text to read); nothing else uses it.
 */
export interface LiveTerminal {
  term: Terminal;
  connection: TerminalConnection;
  /** The buffer's text, wrapped rows joined (the buffer, not the canvas). */
  text(): string;
  /** Connection states and control messages so far, with page timestamps (for test reports). */
  events: string[];
}

type Holder = typeof globalThis & { __quaiTerminals?: Map<string, LiveTerminal> };

export function liveTerminals(): Map<string, LiveTerminal> {
  const holder = globalThis as Holder;
  holder.__quaiTerminals ??= new Map();
  return holder.__quaiTerminals;
}

/** The buffer as the shell wrote it: rows that only wrap a long line are joined back. */
export function bufferText(term: Terminal): string {
  const buffer = term.buffer.active;
  let text = "";
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    text += (i > 0 && !line.isWrapped ? "\n" : "") + line.translateToString(!buffer.getLine(i + 1)?.isWrapped);
  }
  return text.replace(/\n+$/, "");
}
