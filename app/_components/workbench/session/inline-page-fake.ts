import { vi } from "vitest";

/**
 * What the inline scripts read of the window to size the first terminal
 * (inline-estimate.ts), faked for unit tests: a 1430 × 656 window with a
 * 15 px classic scrollbar (a workbench box of 700 × 600 px), and a canvas
 * that measures an 8 × 16 px cell.
 */
export const FAKE_BOX = { clientWidth: 700, clientHeight: 600 };

export function fakeWindowForEstimate(scrollbar = 15): Pick<Document, "createElement" | "documentElement"> {
  vi.stubGlobal("innerWidth", 1430);
  vi.stubGlobal("innerHeight", 656);
  const canvas = { getContext: () => ({ font: "", measureText: () => ({ width: 8, fontBoundingBoxAscent: 12, fontBoundingBoxDescent: 4 }) }) };
  const probe = () => ({ style: { cssText: "" }, offsetWidth: 100, clientWidth: 100 - scrollbar });
  return {
    createElement: ((tag: string) => (tag === "canvas" ? canvas : probe())) as unknown as Document["createElement"],
    documentElement: { appendChild: () => undefined, removeChild: () => undefined } as unknown as HTMLElement,
  };
}
