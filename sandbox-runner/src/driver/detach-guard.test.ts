import { describe, expect, it } from "vitest";
import { DETACH_SEQUENCE, DetachGuard } from "./detach-guard.js";
import { DETACH_KEYS } from "./docker-exec.js";

/** Docker's escape proxy, as moby/term implements it: buffers a matching prefix, resets on a mismatch. */
function dockerDetaches(bytes: number[]): boolean {
  let pos = 0;
  for (const b of bytes) {
    if (b === DETACH_SEQUENCE[pos]) {
      pos++;
      if (pos === DETACH_SEQUENCE.length) return true;
    } else pos = 0;
  }
  return false;
}

const bytes = (guard: DetachGuard, ...chunks: number[][]) => chunks.flatMap((c) => [...guard.filter(Uint8Array.from(c))]);

describe("DetachGuard", () => {
  it("matches the detach keys given to Docker", () => {
    const ctrl: Record<string, number> = { "^": 0x1e, "@": 0x00 };
    expect([...DETACH_SEQUENCE]).toEqual(DETACH_KEYS.split(",").map((k) => ctrl[k.replace("ctrl-", "")]));
  });

  it("lets ordinary input through untouched, ctrl-p ctrl-q included", () => {
    const input = [...Buffer.from("docker run -it busybox sh\r"), 0x10, 0x11, 0x03, 0x1e, 0x00, 0x41];
    expect(bytes(new DetachGuard(), input)).toEqual(input);
  });

  it("never lets the whole sequence reach Docker, even split across writes", () => {
    const seq = [...DETACH_SEQUENCE];
    const out = bytes(new DetachGuard(), seq.slice(0, 2), seq.slice(2, 5), seq.slice(5), seq, [0x41]);
    expect(dockerDetaches(out)).toBe(false);
    expect(out.at(-1)).toBe(0x41);
  });

  it("holds against every short input built from the sequence's own bytes", () => {
    const alphabet = [0x1e, 0x00, 0x41];
    for (let n = 1; n <= 9; n++) {
      for (let code = 0; code < alphabet.length ** n; code++) {
        const input: number[] = [];
        for (let c = code, i = 0; i < n; i++, c = Math.floor(c / alphabet.length)) input.push(alphabet[c % alphabet.length]!);
        expect(dockerDetaches(bytes(new DetachGuard(), input))).toBe(false);
      }
    }
  });
});
