import { EARLY_SANDBOX_GLOBAL } from "../_components/workbench/session/early-sandbox-request";
import { FIRST_TERMINAL_READY_EVENT } from "./workbench-events";

/** The longest a page waits for its first terminal before loading what waited for it. */
export const FIRST_TERMINAL_WAIT_MS = 5000;
const READY_MARK = "quai:first-terminal-ready";

/** Whether the page's first terminal is there, or no terminal is coming at load (the inline script did not ask for a sandbox). */
function settled(): boolean {
  return !(EARLY_SANDBOX_GLOBAL in window) || performance.getEntriesByName(READY_MARK, "mark").length > 0;
}

/**
 * Runs `run` once the page's first terminal shows its prompt, or at once on
 * a page that starts no terminal at load, or after FIRST_TERMINAL_WAIT_MS:
 * what can wait (the workshop banner and its schemas) does not take the
 * browser's one main thread from the path to the prompt. Returns a cancel.
 */
export function afterFirstTerminal(run: () => void, waitMs = FIRST_TERMINAL_WAIT_MS): () => void {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    cancel();
    run();
  };
  const timer = setTimeout(go, settled() ? 0 : waitMs);
  window.addEventListener(FIRST_TERMINAL_READY_EVENT, go);
  function cancel() {
    done = true;
    clearTimeout(timer);
    window.removeEventListener(FIRST_TERMINAL_READY_EVENT, go);
  }
  return cancel;
}

/** The first terminal of the page is there (its prompt, or a shell that already ran): once per page. */
export function announceFirstTerminal(): void {
  if (performance.getEntriesByName(READY_MARK, "mark").length > 0) return;
  performance.mark(READY_MARK);
  window.dispatchEvent(new Event(FIRST_TERMINAL_READY_EVENT));
}
