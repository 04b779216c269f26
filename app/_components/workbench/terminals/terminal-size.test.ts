import { describe, expect, it } from "vitest";
import { terminalSize } from "./terminal-size";

describe("terminalSize", () => {
  it("counts the cells that fit in the box, padding and scrollbar left out", () => {
    // 640 px wide: (640 - 22) / 8 = 77.25 columns; 400 px high: (400 - 12) / 18 = 21.5 rows.
    expect(terminalSize(640, 400, 8, 18)).toEqual({ cols: 77, rows: 21 });
  });

  it("gives xterm's usual 80 × 24 for a box not laid out yet, and never less than 2 × 1", () => {
    expect(terminalSize(0, 0, 8, 18)).toEqual({ cols: 80, rows: 24 });
    expect(terminalSize(10, 5, 8, 18)).toEqual({ cols: 2, rows: 1 });
  });
});
