import { describe, expect, it } from "vitest";
import { browserFlags, fixXtermPlatform } from "./xterm-platform";

const WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

describe("fixXtermPlatform", () => {
  it("gives a terminal that took the page for Node the browser's platform", () => {
    const term = { _core: { browser: { isNode: true, isMac: false, isWindows: false } } };
    expect(fixXtermPlatform(term, { userAgent: WINDOWS_CHROME, platform: "Win32" })).toBe(true);
    expect(term._core.browser).toMatchObject({ isNode: false, isWindows: true, isMac: false, isSafari: false, isFirefox: false });
  });

  it("leaves a terminal that read the platform itself alone", () => {
    const browser = { isNode: false, isMac: true };
    const term = { _core: { browser } };
    expect(fixXtermPlatform(term, { userAgent: WINDOWS_CHROME, platform: "Win32" })).toBe(false);
    expect(term._core.browser).toBe(browser);
  });

  it("reads macOS, Linux and Firefox as xterm does", () => {
    expect(browserFlags("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15", "MacIntel")).toMatchObject({ isMac: true, isSafari: true });
    expect(browserFlags("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Linux x86_64")).toMatchObject({ isLinux: true, isFirefox: true, isMac: false });
  });
});
