import { describe, expect, it } from "vitest";
import { keyAction } from "./terminal-keys";
import type { KeyLike } from "./terminal-keys";

const key = (over: Partial<KeyLike>): KeyLike => ({ type: "keydown", key: "a", code: "KeyA", ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...over });

describe("keyAction", () => {
  it("copies on Ctrl+Shift+C and leaves Ctrl+C to the shell", () => {
    expect(keyAction(key({ key: "C", code: "KeyC", ctrlKey: true, shiftKey: true }), false)).toEqual({ do: "copy" });
    expect(keyAction(key({ type: "keyup", key: "C", code: "KeyC", ctrlKey: true, shiftKey: true }), false)).toEqual({ do: "skip" });
    expect(keyAction(key({ key: "c", code: "KeyC", ctrlKey: true }), false)).toEqual({ do: "terminal" });
  });

  it("leaves Ctrl+Shift+V to the browser's paste", () => {
    expect(keyAction(key({ key: "V", code: "KeyV", ctrlKey: true, shiftKey: true }), false)).toEqual({ do: "skip" });
  });

  it("switches « Tab quitte le terminal » with Ctrl+M or Ctrl+Shift+M, and Tab then leaves the terminal", () => {
    expect(keyAction(key({ key: "m", code: "KeyM", ctrlKey: true }), false)).toEqual({ do: "toggle-tab-exits" });
    expect(keyAction(key({ key: "M", code: "KeyM", ctrlKey: true, shiftKey: true }), true)).toEqual({ do: "toggle-tab-exits" });
    expect(keyAction(key({ key: "Tab", code: "Tab" }), false)).toEqual({ do: "terminal" });
    expect(keyAction(key({ key: "Tab", code: "Tab" }), true)).toEqual({ do: "skip" });
    expect(keyAction(key({ key: "Tab", code: "Tab", shiftKey: true }), true)).toEqual({ do: "skip" });
  });

  it("never takes AltGr's Ctrl+Alt characters (Windows) or Option's (macOS)", () => {
    expect(keyAction(key({ key: "©", code: "KeyC", ctrlKey: true, altKey: true, shiftKey: true }), false)).toEqual({ do: "terminal" });
    expect(keyAction(key({ key: "µ", code: "KeyM", ctrlKey: true, altKey: true }), true)).toEqual({ do: "terminal" });
    expect(keyAction(key({ key: "|", code: "KeyL", altKey: true, shiftKey: true }), true)).toEqual({ do: "terminal" });
  });
});
