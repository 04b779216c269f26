import type { ITheme } from "@xterm/xterm";

/** The terminal is dark in both site themes, like the lesson's command blocks (#0d1526). */
export const TERMINAL_BACKGROUND = "#0b1222";

export const terminalTheme: ITheme = {
  background: TERMINAL_BACKGROUND,
  foreground: "#e2e8f0",
  cursor: "#60a5fa",
  cursorAccent: TERMINAL_BACKGROUND,
  selectionBackground: "#2f7df655",
  black: "#1e293b",
  red: "#f87171",
  green: "#4ade80",
  yellow: "#facc15",
  blue: "#60a5fa",
  magenta: "#c084fc",
  cyan: "#22d3ee",
  white: "#e2e8f0",
  brightBlack: "#64748b",
  brightRed: "#fca5a5",
  brightGreen: "#86efac",
  brightYellow: "#fde047",
  brightBlue: "#93c5fd",
  brightMagenta: "#d8b4fe",
  brightCyan: "#67e8f9",
  brightWhite: "#f8fafc",
};

export const TERMINAL_FONT = '"JetBrains Mono", "Cascadia Code", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
