import { KIT_GLOBAL, KIT_PATH, KIT_READY_EVENT, KIT_SCRIPT_ATTRIBUTE } from "./kit-names";
import type { TerminalKit } from "./terminal-kit";

/** A kit that has not run this long after it was asked for did not load (a failed download, a script error). */
const KIT_WAIT_MS = 20_000;

/** The kit if it has run already (the page's script), else null. */
export function terminalKitNow(): TerminalKit | null {
  if (typeof window === "undefined") return null;
  return ((window as unknown as Record<string, TerminalKit | undefined>)[KIT_GLOBAL] as TerminalKit | undefined) ?? null;
}

let loading: Promise<TerminalKit> | null = null;
/** The page's kit address (with its version): a new try after a failure asks for the same file. */
let address: string | null = null;

/**
 * The terminal kit (xterm.js and the terminal's DOM side), once it has run:
 * the page's own script (a chapter's HTML has one), or one added now (a
 * page without it, or after a failure). A kit that fails to load is
 * reported after KIT_WAIT_MS at most, and fetched again by the next caller.
 */
export function loadTerminalKit(): Promise<TerminalKit> {
  const now = terminalKitNow();
  if (now) return Promise.resolve(now);
  loading ??= new Promise<TerminalKit>((resolve, reject) => {
    let script = document.querySelector<HTMLScriptElement>(`script[${KIT_SCRIPT_ATTRIBUTE}]`);
    if (!script) {
      script = document.createElement("script");
      script.src = address ?? KIT_PATH;
      script.async = true;
      script.setAttribute(KIT_SCRIPT_ATTRIBUTE, "");
      document.head.append(script);
    }
    const src = script.src;
    address = src;
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener(KIT_READY_EVENT, ready);
      script.removeEventListener("error", failed);
    };
    const ready = () => {
      done();
      const kit = terminalKitNow();
      if (kit) resolve(kit);
      else reject(new Error(`terminal kit ${src} ran but did not register itself`));
    };
    const failed = () => {
      done();
      // The next caller adds a script of its own, fetched again.
      script.removeAttribute(KIT_SCRIPT_ATTRIBUTE);
      loading = null;
      reject(new Error(`terminal kit ${src} did not load`));
    };
    const timer = setTimeout(failed, KIT_WAIT_MS);
    window.addEventListener(KIT_READY_EVENT, ready);
    script.addEventListener("error", failed);
    // It may have run between the first check and these listeners.
    if (terminalKitNow()) ready();
  });
  return loading;
}
