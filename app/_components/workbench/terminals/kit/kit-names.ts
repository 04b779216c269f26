/**
 * Names shared by the terminal kit (terminal-kit.ts, a bundle of its own),
 * the page's inline scripts and the site's bundle: they meet on `window`
 * and in the DOM, not through imports.
 */

/** Where the kit is served from (esbuild writes it to public/_quai/; `?v=` its hash, terminal-kit-url.ts). */
export const KIT_PATH = "/_quai/terminal-kit.js";
/** The page's `<script>` that loads the kit carries this attribute. */
export const KIT_SCRIPT_ATTRIBUTE = "data-quai-terminal-kit";
/** Where the kit leaves its functions once it has run. */
export const KIT_GLOBAL = "__quaiTerminalKit";
/** Dispatched on `window` once the kit has run. */
export const KIT_READY_EVENT = "quai:terminal-kit";
/** The box the kit mounts the page's first terminal in; its value is that terminal's id. */
export const BOOT_ATTRIBUTE = "data-terminal-boot";
/** Called by the inline scripts once the socket is open and once the boot box is read (the kit sets it when it ran first). */
export const EARLY_SOCKET_OPENED_HOOK = "__quaiEarlySocketOpened";
