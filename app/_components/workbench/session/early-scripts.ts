import { earlyClicksScript } from "./early-clicks";
import { earlySandboxScript } from "./early-sandbox-request";
import { earlySocketScript } from "./early-socket";
import { heldScriptsScript } from "./held-scripts";

/** Marks the page's `<script>` that loads them: scripts/hold-next-scripts.ts holds Next's scripts only on a page that has it. */
export const EARLY_SCRIPTS_ATTRIBUTE = "data-quai-early-scripts";

/**
 * What a chapter's page runs before its bundle, in order: the keeper of
 * clicks made before React has started (early-clicks.ts), the hold on Next's
 * scripts until the first prompt (held-scripts.ts), the sandbox request
 * (early-sandbox-request.ts), the first terminal's socket (early-socket.ts).
 * The page renders it as an `async` script (asyncInlineScript); `npm run
 * build` moves it to the head's start as an inline script
 * (scripts/hold-next-scripts), where it runs as soon as it is read. React
 * also loads such a script after a client-side navigation, when the bundle
 * runs already (`window.next`, set by Next's bootstrap) and does all this
 * itself; it then does nothing.
 */
export function earlyScripts(terminalId: string, listKey: string): string {
  return `if(!window.next){${earlyClicksScript()}\n${heldScriptsScript()}\n${earlySandboxScript(terminalId, listKey)}\n${earlySocketScript(terminalId, listKey)}}`;
}
