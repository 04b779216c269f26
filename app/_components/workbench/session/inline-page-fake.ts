import { vi } from "vitest";

/**
 * What the inline scripts read of the window to size the first terminal
 * (inline-estimate.ts), faked for unit tests: a 1430 × 656 window (a
 * workbench box of 700 × 600 px, a classic scrollbar taken off) and a
 * canvas that measures an 8 × 16 px cell.
 */
export const FAKE_BOX = { clientWidth: 700, clientHeight: 600 };

export function fakeWindowForEstimate(): Pick<Document, "createElement"> {
  vi.stubGlobal("innerWidth", 1430);
  vi.stubGlobal("innerHeight", 656);
  const canvas = { getContext: () => ({ font: "", measureText: () => ({ width: 8, fontBoundingBoxAscent: 12, fontBoundingBoxDescent: 4 }) }) };
  return { createElement: (() => canvas) as unknown as Document["createElement"] };
}
