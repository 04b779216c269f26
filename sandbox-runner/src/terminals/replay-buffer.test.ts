import { describe, expect, it } from "vitest";
import { ReplayBuffer } from "./replay-buffer.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("ReplayBuffer", () => {
  it("serves any range by absolute offset across chunks", () => {
    const buf = new ReplayBuffer(100);
    buf.append(bytes("hello "));
    buf.append(bytes("world"));
    expect(buf.end).toBe(11);
    expect(text(buf.read(3, 5).data)).toBe("lo wo");
    expect(text(buf.read(6, 100).data)).toBe("world");
    expect(buf.read(11, 10).data.byteLength).toBe(0);
  });

  it("drops the oldest bytes beyond capacity and reports the offset it could serve", () => {
    const buf = new ReplayBuffer(8);
    buf.append(bytes("abcdef"));
    buf.append(bytes("ghijkl"));
    expect(buf.size).toBe(8);
    expect(buf.oldest).toBe(4);
    const { offset, data } = buf.read(0, 100);
    expect(offset).toBe(4);
    expect(text(data)).toBe("efghijkl");
  });

  it("rejects a nonsensical capacity with an exact message", () => {
    expect(() => new ReplayBuffer(0)).toThrow("replay buffer capacity must be a positive integer, got 0");
  });
});
