import { TERMINAL_FONT } from "./terminal-theme";

/** The terminal's font, as terminal-view.tsx sets it. */
export const TERMINAL_FONT_SIZE = 13.5;
export const TERMINAL_LINE_HEIGHT = 1.15;
/** terminal-view.tsx's padding (py-1.5 pl-2) and room for xterm's scrollbar. */
export const PADDING_X = 8 + 14;
export const PADDING_Y = 12;
/** What the workbench holds above a terminal on a wide screen: its tab bar (h-11) and the terminals' tabs (h-9). */
export const TERMINAL_CHROME_HEIGHT = 44 + 36;

/**
 * The columns and rows xterm.js will likely fit in `box`, before it has
 * loaded: the shell starts at about the right size, and xterm.js sends the
 * exact one once it has measured (a resize the shell takes in its stride).
 * `chromeHeight`: what the box holds above the terminal (tab bars).
 */
export function estimateTerminalSize(box: HTMLElement, chromeHeight = 0): { cols: number; rows: number } {
  let cellWidth = TERMINAL_FONT_SIZE * 0.6;
  let cellHeight = Math.ceil(TERMINAL_FONT_SIZE * 1.17);
  const context = document.createElement("canvas").getContext("2d");
  if (context) {
    context.font = `${TERMINAL_FONT_SIZE}px ${TERMINAL_FONT}`;
    const metrics = context.measureText("W");
    if (metrics.width > 0) cellWidth = metrics.width;
    const height = metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent;
    if (height > 0) cellHeight = Math.ceil(height);
  }
  return terminalSize(box.clientWidth, box.clientHeight - chromeHeight, cellWidth, Math.floor(cellHeight * TERMINAL_LINE_HEIGHT));
}

/** Columns and rows of a box for a cell size, never below xterm's minimum (2 × 1), 80 × 24 for a box not laid out. */
export function terminalSize(width: number, height: number, cellWidth: number, rowHeight: number): { cols: number; rows: number } {
  if (width <= 0 || height <= 0) return { cols: 80, rows: 24 };
  return { cols: Math.max(2, Math.floor((width - PADDING_X) / cellWidth)), rows: Math.max(1, Math.floor((height - PADDING_Y) / rowHeight)) };
}
