/**
 * The terminal kit: xterm.js, its addons and the terminal's DOM side
 * (mount-terminal.ts), built by esbuild into a script of its own
 * (`npm run build:terminal-kit`, public/_quai/) that a chapter's HTML loads
 * with `<script async>` (React puts it in the head). It runs as soon as it
 * has arrived, while the page is still being read, not after React has
 * loaded and hydrated the workbench (bench:web on 2 cores: the terminal
 * opened ~1.5 s after navigation, a few hundred ms after hydration).
 *
 * On a first visit the page's inline scripts have asked for the sandbox and
 * opened the first terminal's socket (early-socket.ts); the kit takes that
 * socket and mounts the terminal in the workbench's boot box
 * (`[data-terminal-boot]`, terminals-panel.tsx), so the welcome text and
 * the prompt are drawn as they come. The workbench takes the connection
 * (early-start.ts, through takeBooted) and the terminal (terminal-view.tsx,
 * through takeMounted) once React runs. Every other terminal is mounted by
 * the workbench with this kit's mountTerminal.
 */
import type { SocketLike } from "@quai/sandbox-runner/protocol";
import { markStep } from "../../marks";
import { EARLY_SOCKET_GLOBAL, takeInlineSocket } from "../../session/early-socket";
import { EarlyConnection } from "../early-connection";
import { mountTerminal } from "./mount-terminal";
import type { MountedTerminal } from "./mount-terminal";
import { BOOT_ATTRIBUTE, EARLY_SOCKET_OPENED_HOOK, KIT_GLOBAL, KIT_READY_EVENT } from "./kit-names";

export { mountTerminal };
export type { MountedTerminal, TerminalBinding, TerminalHandle } from "./mount-terminal";

markStep("xterm-loaded");

/** A terminal mounted by the kit that the workbench did not take within this time is closed. */
const UNCLAIMED_MS = 30_000;

type SocketUrl = (offset: number, cols: number, rows: number) => Promise<string>;

export interface BootedTerminal {
  early: EarlyConnection;
  /** How the connection gets its address from now on (a fresh token for each reconnection). */
  setUrl(url: SocketUrl): void;
}

const booted = new Map<string, { entry: BootedTerminal; mounted: MountedTerminal }>();
const mountedBy = new WeakMap<EarlyConnection, MountedTerminal>();

/** The connection of the terminal the kit mounted for this sandbox and terminal (once), or null. */
export function takeBooted(sandboxId: string, terminalId: string): BootedTerminal | null {
  const key = `${sandboxId}:${terminalId}`;
  const found = booted.get(key);
  booted.delete(key);
  if (!found) return null;
  mountedBy.set(found.entry.early, found.mounted);
  return found.entry;
}

/** The terminal the kit mounted on this connection (once), or null. */
export function takeMounted(early: EarlyConnection): MountedTerminal | null {
  const mounted = mountedBy.get(early) ?? null;
  mountedBy.delete(early);
  return mounted;
}

/** Takes the inline script's socket and mounts its terminal in the boot box; false when there is none (yet). */
function boot(): boolean {
  const box = document.querySelector<HTMLElement>(`[${BOOT_ATTRIBUTE}]`);
  const terminalId = box?.getAttribute(BOOT_ATTRIBUTE);
  const held = (window as unknown as Record<string, unknown>)[EARLY_SOCKET_GLOBAL] as { sandboxId?: unknown } | undefined;
  if (!box || !terminalId || !held || typeof held !== "object" || typeof held.sandboxId !== "string") return false;
  const sandboxId = held.sandboxId;
  const inline = takeInlineSocket(sandboxId, terminalId);
  if (!inline) return true;
  // Reconnections need a new token, which only the workbench's store can ask for.
  let url: SocketUrl | null = null;
  let urlGiven: () => void = () => undefined;
  const urlReady = new Promise<void>((resolve) => (urlGiven = resolve));
  let first: (() => SocketLike) | null = inline.open;
  const early = new EarlyConnection({
    // The first connection is the inline script's socket (opened already); a reconnection waits for the workbench's token.
    url: async (offset, cols, rows) => {
      if (first) return "inline";
      await urlReady;
      return url!(offset, cols, rows);
    },
    cols: inline.cols,
    rows: inline.rows,
    socket: (address) => {
      const socket = first ? first() : (new WebSocket(address) as unknown as SocketLike);
      first = null;
      return socket;
    },
  });
  early.connection.connect();
  const mounted = mountTerminal(box, early, terminalId);
  markStep("terminal-booted");
  const entry: BootedTerminal = {
    early,
    setUrl(next) {
      url = next;
      urlGiven();
    },
  };
  const key = `${sandboxId}:${terminalId}`;
  booted.set(key, { entry, mounted });
  setTimeout(() => {
    if (booted.get(key)?.entry !== entry) return;
    booted.delete(key);
    mounted.dispose();
    early.close();
  }, UNCLAIMED_MS);
  return true;
}

const page = typeof window === "undefined" ? null : (window as unknown as Record<string, unknown>);
// Once per page, even if the script ran twice (a second copy of it on the page).
if (page && !page[KIT_GLOBAL]) {
  const api: TerminalKit = { mountTerminal, takeBooted, takeMounted };
  page[KIT_GLOBAL] = api;
  window.dispatchEvent(new Event(KIT_READY_EVENT));
  // The socket and the boot box are there already, or an inline script calls this when it opens the socket
  // (early-socket.ts) and once the box has been read (bootBoxParsedScript): the kit may run before either.
  if (!boot()) page[EARLY_SOCKET_OPENED_HOOK] = () => void boot();
}

export type TerminalKit = { mountTerminal: typeof mountTerminal; takeBooted: typeof takeBooted; takeMounted: typeof takeMounted };
