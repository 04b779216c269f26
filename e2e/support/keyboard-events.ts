import type { CDPSession } from "playwright-core";

/**
 * What a browser delivers to a page when a person types on a French,
 * Swiss French or BÉPO keyboard, per platform, replayed with Chromium's own
 * input pipeline (CDP `Input.dispatchKeyEvent`: trusted events, the page
 * cannot tell them from a keyboard's; `Input.imeSetComposition` and
 * `Input.insertText` for what the platform's input method does with dead
 * keys). Playwright's `page.keyboard` cannot do this: it drops the text of a
 * key pressed with Ctrl or Alt, so AltGr's characters never arrive.
 *
 * Where each shape comes from:
 * - Windows: AltGr reaches the page as ControlLeft then AltRight ("AltGraph")
 *   down, and each character as a keydown with ctrlKey and altKey set, `key`
 *   the character and `keyCode` the layout's virtual-key code, followed by a
 *   keypress with the character (WM_CHAR). Traced in Chrome on Windows in
 *   jcubic/jquery.terminal#288 ("Keydown 17 Control / 18 AltGraph / 187 \ /
 *   Keypress 92", ctrlKey and altKey true) and the shape xterm.js's own tests
 *   replay ("Third level shift / On MS Windows", src/browser/Terminal.test.ts).
 *   Dead keys give a keydown "Dead" and no keypress; the next key's keypress
 *   carries the composed character (no composition events on Windows) —
 *   xterm.js#2479: AZERTY AltGr+2 is a dead tilde, then Space gives « ~ ».
 * - Linux (X11/Wayland, XKB): AltGr is ISO_Level3_Shift, a keydown "AltGraph"
 *   (code AltRight) with neither ctrlKey nor altKey; the character's keydown
 *   has no modifier flag, then keypress and input (xterm.js#3129's traces).
 *   Dead keys go through the input method as a composition: keydown 229
 *   "Dead", compositionstart/update, then the next key's composition end.
 * - macOS: Option is the third level: keydown "Alt" (altKey), then the
 *   character's keydown with altKey, `key` the character, keypress, input
 *   (xterm.js tests "On Mac OS: should emit key with alt + key on keyPress";
 *   openshift/console#16486 for what goes wrong with macOptionIsMeta). Dead
 *   keys are compositions, as darobin's trace of Chromium on macOS shows
 *   (keydown 229, compositionstart, compositionupdate "`", keydown 229,
 *   compositionupdate "à", compositionend "à"):
 *   https://gist.github.com/darobin/0204811507bb043670b68cf7b1b10614
 *
 * Layout tables: xkeyboard-config's symbols/fr (basic and bepo) and
 * symbols/ch (fr); the Windows virtual-key codes are those of the same keys
 * on the Windows layouts (kbdfr, kbdsf, bépo). Apple's French layouts put
 * some characters on other keys; the macOS shape is replayed with the same
 * keys, Option in place of AltGr (xterm.js never reads the layout, only the
 * shape: which modifiers, which `key`, which events).
 */
export type Platform = "windows" | "linux" | "mac";

/** `navigator.platform` of each, which xterm.js reads to interpret modifiers. */
export const PLATFORM_STRING: Record<Platform, string> = { windows: "Win32", linux: "Linux x86_64", mac: "MacIntel" };
export const USER_AGENT: Record<Platform, string> = {
  windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
  linux: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
  mac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
};

/** One character of a layout: the physical key (`code`), its Windows virtual-key code, and the level it is on. */
export interface LayoutKey {
  char: string;
  code: string;
  vk: number;
  level: "plain" | "shift" | "third";
  /** On these platforms the key is dead: the character comes with the next key, Space. */
  deadOn?: Platform[];
}

const third = (char: string, code: string, vk: number, deadOn?: Platform[]): LayoutKey => ({ char, code, vk, level: "third", deadOn });

/** The nine characters of the issue, on each layout. */
export const LAYOUTS: Record<"AZERTY" | "BÉPO" | "Suisse romande", LayoutKey[]> = {
  AZERTY: [
    third("|", "Digit6", 54),
    third("~", "Digit2", 50, ["windows"]),
    third("#", "Digit3", 51),
    third("{", "Digit4", 52),
    third("[", "Digit5", 53),
    third("\\", "Digit8", 56),
    third("@", "Digit0", 48),
    third("]", "Minus", 219),
    third("}", "Equal", 187),
  ],
  BÉPO: [
    third("|", "KeyQ", 66),
    third("~", "KeyB", 75),
    { char: "#", code: "Backquote", vk: 222, level: "shift" },
    third("{", "KeyX", 89),
    third("[", "Digit4", 52),
    third("\\", "KeyZ", 220),
    { char: "@", code: "Digit6", vk: 54, level: "plain" },
    third("]", "Digit5", 53),
    third("}", "KeyC", 88),
  ],
  "Suisse romande": [
    third("|", "Digit7", 55),
    third("~", "Equal", 221, ["windows", "linux", "mac"]),
    third("#", "Digit3", 51),
    third("{", "Quote", 220),
    third("[", "BracketLeft", 186),
    third("\\", "IntlBackslash", 226),
    third("@", "Digit2", 50),
    third("]", "BracketRight", 192),
    third("}", "Backslash", 223),
  ],
};

type Step = { method: "Input.dispatchKeyEvent"; params: Record<string, unknown> } | { method: "Input.imeSetComposition"; params: { text: string; selectionStart: number; selectionEnd: number } } | { method: "Input.insertText"; params: { text: string } };

const ALT = 1;
const CTRL = 2;
const SHIFT = 8;
const key = (params: Record<string, unknown>): Step => ({ method: "Input.dispatchKeyEvent", params });

/** The third-level modifier going down and up, and the flags it adds to the keys in between. */
function thirdLevel(platform: Platform): { down: Step[]; up: Step[]; flags: number } {
  if (platform === "windows") {
    return {
      down: [key({ type: "rawKeyDown", key: "Control", code: "ControlLeft", windowsVirtualKeyCode: 17, location: 1, modifiers: CTRL }), key({ type: "rawKeyDown", key: "AltGraph", code: "AltRight", windowsVirtualKeyCode: 18, location: 2, modifiers: CTRL | ALT })],
      up: [key({ type: "keyUp", key: "AltGraph", code: "AltRight", windowsVirtualKeyCode: 18, location: 2, modifiers: CTRL }), key({ type: "keyUp", key: "Control", code: "ControlLeft", windowsVirtualKeyCode: 17, location: 1, modifiers: 0 })],
      flags: CTRL | ALT,
    };
  }
  if (platform === "linux") {
    return {
      down: [key({ type: "rawKeyDown", key: "AltGraph", code: "AltRight", windowsVirtualKeyCode: 225, location: 2, modifiers: 0 })],
      up: [key({ type: "keyUp", key: "AltGraph", code: "AltRight", windowsVirtualKeyCode: 225, location: 2, modifiers: 0 })],
      flags: 0,
    };
  }
  return {
    down: [key({ type: "rawKeyDown", key: "Alt", code: "AltLeft", windowsVirtualKeyCode: 18, location: 1, modifiers: ALT })],
    up: [key({ type: "keyUp", key: "Alt", code: "AltLeft", windowsVirtualKeyCode: 18, location: 1, modifiers: 0 })],
    flags: ALT,
  };
}

const SHIFT_DOWN = key({ type: "rawKeyDown", key: "Shift", code: "ShiftLeft", windowsVirtualKeyCode: 16, location: 1, modifiers: SHIFT });
const shiftUp = (flags: number) => key({ type: "keyUp", key: "Shift", code: "ShiftLeft", windowsVirtualKeyCode: 16, location: 1, modifiers: flags });

/**
 * A dead key then a base key: Windows reports no composition (keydown
 * "Dead", then the base key's keypress carries the composed character);
 * Linux and macOS input methods compose (keydown 229, composition events).
 */
function deadThen(platform: Platform, dead: { code: string; vk: number; shown: string; flags: number }, base: { key: string; code: string; vk: number; composed: string }, between: Step[] = []): Step[] {
  if (platform === "windows") {
    return [
      key({ type: "rawKeyDown", key: "Dead", code: dead.code, windowsVirtualKeyCode: dead.vk, modifiers: dead.flags }),
      key({ type: "keyUp", key: "Dead", code: dead.code, windowsVirtualKeyCode: dead.vk, modifiers: dead.flags }),
      ...between,
      key({ type: "keyDown", key: base.key, code: base.code, windowsVirtualKeyCode: base.vk, text: base.composed, unmodifiedText: base.composed, modifiers: 0 }),
      key({ type: "keyUp", key: base.key, code: base.code, windowsVirtualKeyCode: base.vk, modifiers: 0 }),
    ];
  }
  return [
    key({ type: "rawKeyDown", key: "Dead", code: dead.code, windowsVirtualKeyCode: 229, modifiers: dead.flags }),
    { method: "Input.imeSetComposition", params: { text: dead.shown, selectionStart: 1, selectionEnd: 1 } },
    key({ type: "keyUp", key: "Dead", code: dead.code, windowsVirtualKeyCode: dead.vk, modifiers: dead.flags }),
    ...between,
    key({ type: "rawKeyDown", key: base.composed, code: base.code, windowsVirtualKeyCode: 229, modifiers: 0 }),
    { method: "Input.insertText", params: { text: base.composed } },
    key({ type: "keyUp", key: base.key, code: base.code, windowsVirtualKeyCode: base.vk, modifiers: 0 }),
  ];
}

const SPACE = { key: " ", code: "Space", vk: 32 };

/** The events of typing one character of a layout on a platform. */
export function typeKey(platform: Platform, k: LayoutKey): Step[] {
  if (k.level === "plain" || k.level === "shift") {
    const flags = k.level === "shift" ? SHIFT : 0;
    const press = [key({ type: "keyDown", key: k.char, code: k.code, windowsVirtualKeyCode: k.vk, text: k.char, unmodifiedText: k.char, modifiers: flags }), key({ type: "keyUp", key: k.char, code: k.code, windowsVirtualKeyCode: k.vk, modifiers: flags })];
    return k.level === "shift" ? [SHIFT_DOWN, ...press, shiftUp(0)] : press;
  }
  const level = thirdLevel(platform);
  if (k.deadOn?.includes(platform)) {
    // The modifier is released between the dead key and Space, as a person does.
    return [...level.down, ...deadThen(platform, { code: k.code, vk: k.vk, shown: k.char, flags: level.flags }, { ...SPACE, composed: k.char }, level.up)];
  }
  return [
    ...level.down,
    key({ type: "keyDown", key: k.char, code: k.code, windowsVirtualKeyCode: k.vk, text: k.char, unmodifiedText: k.char, modifiers: level.flags }),
    key({ type: "keyUp", key: k.char, code: k.code, windowsVirtualKeyCode: k.vk, modifiers: level.flags }),
    ...level.up,
  ];
}

/** ^ then e (ê), ¨ (Shift+^) then e (ë), ^ then Space (^): AZERTY's dead circumflex key (BracketLeft, VK_OEM_6). */
export function deadKeys(platform: Platform): { steps: Step[]; text: string } {
  const circumflex = { code: "BracketLeft", vk: 221, shown: "^", flags: 0 };
  const e = { key: "e", code: "KeyE", vk: 69 };
  return {
    steps: [
      ...deadThen(platform, circumflex, { ...e, composed: "ê" }),
      SHIFT_DOWN,
      ...deadThen(platform, { ...circumflex, shown: "¨", flags: SHIFT }, { ...e, composed: "ë" }, [shiftUp(0)]),
      ...deadThen(platform, circumflex, { ...SPACE, composed: "^" }),
    ],
    text: "êë^",
  };
}

export const ENTER: Step[] = [key({ type: "keyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, text: "\r", unmodifiedText: "\r", modifiers: 0 }), key({ type: "keyUp", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, modifiers: 0 })];

export async function replay(cdp: CDPSession, steps: Step[]): Promise<void> {
  for (const step of steps) await cdp.send(step.method, step.params as never);
}

/**
 * Characters typed one after the other, `pauseMs` apart: 30 ms is still
 * faster than any person (150 words a minute is 80 ms a character). With no
 * pause at all, on a host at load 15, the shell once read « |# » twice with
 * macOS's shape (Swiss French, around the dead tilde); likely xterm.js's look
 * at its textarea after a key (a setTimeout of 0) running after the next key
 * too, a race no keyboard can produce. Not reproduced on a quiet host.
 */
/**
 * The steps at a person's pace: `pauseMs` after each key released. The dead
 * keys' steps replayed back to back (all within a millisecond) once gave
 * « êëë^^ », « êëë^ » or « êë » for « êë^ » (4 runs of 9 on a host at load 4–5,
 * 2026-12-04): the same xterm.js race as above, which no keyboard produces.
 */
export async function replayAsTyped(cdp: CDPSession, steps: Step[], pauseMs = 30): Promise<void> {
  for (const step of steps) {
    await cdp.send(step.method, step.params as never);
    if ((step.params as { type?: string }).type === "keyUp") await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

export async function typeKeys(cdp: CDPSession, platform: Platform, keys: LayoutKey[], pauseMs = 30): Promise<void> {
  for (const k of keys) {
    await replay(cdp, typeKey(platform, k));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
