/**
 * xterm.js 6.0.0 decides it runs in Node when a `process` with a `title`
 * exists (src/common/Platform.ts), and Next's client bundles give every
 * module a `process` polyfill that has one. In the site, xterm therefore
 * sees neither Windows nor macOS, and its key handling misreads the third
 * level of French keyboards: on Windows the keypress of AltGr (Ctrl+Alt) is
 * dropped, on macOS Option sends ESC + the key. Measured with each
 * platform's real events in e2e/keyboards.test.ts. Known upstream
 * (xterm.js#4995, #6062), fixed on xterm.js's master by #5571, not in a
 * release yet: remove this once @xterm/xterm has it.
 *
 * The terminal's key handling reads the platform from its core's `browser`
 * object (CoreBrowserTerminal.browser: `_keyDown`, `_keyPress`,
 * `_isThirdLevelShift`); this gives it the one the browser reports, as xterm
 * would compute it without the polyfill.
 */

/** The platform flags xterm.js computes in src/common/Platform.ts. */
export interface XtermBrowserFlags {
  isNode: boolean;
  isFirefox: boolean;
  isLegacyEdge: boolean;
  isSafari: boolean;
  isMac: boolean;
  isIpad: boolean;
  isIphone: boolean;
  isWindows: boolean;
  isLinux: boolean;
  isChromeOS: boolean;
}

/** The flags for a browser with this `navigator.userAgent` and `navigator.platform` (xterm's own rules). */
export function browserFlags(userAgent: string, platform: string): XtermBrowserFlags {
  return {
    isNode: false,
    isFirefox: userAgent.includes("Firefox"),
    isLegacyEdge: userAgent.includes("Edge"),
    isSafari: /^((?!chrome|android).)*safari/i.test(userAgent),
    isMac: ["Macintosh", "MacIntel", "MacPPC", "Mac68K"].includes(platform),
    isIpad: platform === "iPad",
    isIphone: platform === "iPhone",
    isWindows: ["Windows", "Win16", "Win32", "WinCE"].includes(platform),
    isLinux: platform.includes("Linux"),
    isChromeOS: /\bCrOS\b/.test(userAgent),
  };
}

/** Gives `term` the browser's platform when xterm took the page for Node; true if it had to. */
export function fixXtermPlatform(term: object, nav: { userAgent: string; platform: string } = navigator): boolean {
  const core = (term as { _core?: { browser?: Partial<XtermBrowserFlags> } })._core;
  if (!core?.browser?.isNode) return false;
  core.browser = { ...core.browser, ...browserFlags(nav.userAgent, nav.platform) };
  return true;
}
