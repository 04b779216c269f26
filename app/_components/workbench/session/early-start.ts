import { WORKBENCH_MARKER } from "../../../_lib/workbench-events";
import { markStep } from "../marks";
import { EarlyConnection } from "../terminals/early-connection";
import { terminalKitNow } from "../terminals/kit/load-kit";
import { socketUrl } from "../terminals/socket-url";
import { parseList, storageKey } from "../terminals/terminal-ids";
import { TERMINAL_CHROME_HEIGHT, estimateTerminalSize } from "../terminals/terminal-size";
import type { SocketLike } from "@quai/sandbox-runner/protocol";
import { CHAPTER_PATH, DESKTOP, OPEN_KEY } from "./early-sandbox-request";
import { takeInlineSocket } from "./early-socket";
import { SandboxSessionStore } from "./sandbox-session";

/** A socket opened early that no terminal took within this time (its list changed meanwhile) is closed. */
const UNCLAIMED_MS = 30_000;

let early: SandboxSessionStore | null = null;
const sockets = new Map<string, EarlyConnection>();

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // private mode
  }
}

/**
 * Asks for the learner's sandbox while the page's scripts start, before
 * React has hydrated it (that takes a second or more on a busy laptop), and
 * opens the socket of the terminal that will be shown as soon as the sandbox
 * is known: when the server-rendered page has a workbench that will be on
 * screen (a wide window, the workbench not closed by the learner). The
 * phone's sheet and a closed workbench still ask when they are opened.
 * Returns whether it asked.
 */
export function startSandboxEarly(): boolean {
  const aside = typeof document === "undefined" ? null : document.querySelector<HTMLElement>(`[${WORKBENCH_MARKER}]`);
  const chapter = typeof location === "undefined" ? undefined : CHAPTER_PATH.exec(location.pathname)?.[1];
  if (early || !aside || !chapter || stored(OPEN_KEY) === "false" || !matchMedia(DESKTOP).matches) return false;
  const store = new SandboxSessionStore();
  early = store;
  // A listener, not `start().then`: React's own listener comes after this one, so the socket
  // is there before the render that mounts the terminal (which would otherwise open a second one).
  const unsubscribe = store.subscribe(() => {
    const session = store.session;
    if (!session) return;
    unsubscribe();
    openEarly(store, session.sandboxId, parseList(chapter, stored(storageKey(chapter))).active, aside);
  });
  void store.start();
  return true;
}

function openEarly(store: SandboxSessionStore, sandboxId: string, terminalId: string, aside: HTMLElement): void {
  const key = `${sandboxId}:${terminalId}`;
  const url = async (offset: number, c: number, r: number) => {
    markStep("socket-asked");
    return socketUrl(sandboxId, terminalId, await store.terminalToken(sandboxId), offset, c, r);
  };
  // Already on screen: the terminal kit took the inline script's socket and mounted the terminal.
  const booted = terminalKitNow()?.takeBooted(sandboxId, terminalId);
  booted?.setUrl(url);
  const connection = booted?.early ?? openNow(url, sandboxId, terminalId, aside);
  sockets.set(key, connection);
  setTimeout(() => {
    if (sockets.get(key) !== connection) return;
    sockets.delete(key);
    terminalKitNow()?.takeMounted(connection)?.dispose();
    connection.close();
  }, UNCLAIMED_MS);
}

function openNow(url: (offset: number, cols: number, rows: number) => Promise<string>, sandboxId: string, terminalId: string, aside: HTMLElement): EarlyConnection {
  // Opened by the page's inline script on the sandbox's answer (early-socket.ts), or now.
  const inline = takeInlineSocket(sandboxId, terminalId);
  const { cols, rows } = inline ?? estimateTerminalSize(aside, TERMINAL_CHROME_HEIGHT);
  let first = inline?.open ?? null;
  const connection = new EarlyConnection({
    url,
    cols,
    rows,
    // The inline script's socket for the first connection; a reconnection opens its own.
    socket: (address) => {
      const socket = first ? first() : (new WebSocket(address) as unknown as SocketLike);
      first = null;
      return socket;
    },
  });
  connection.connection.connect();
  return connection;
}

/** The store the early start made (once), else a new one. */
export function takeSessionStore(): SandboxSessionStore {
  const store = early ?? new SandboxSessionStore();
  early = null;
  return store;
}

/** The socket the early start opened for this terminal, if any (once). */
export function takeEarlyConnection(sandboxId: string, terminalId: string): EarlyConnection | null {
  const key = `${sandboxId}:${terminalId}`;
  const connection = sockets.get(key) ?? null;
  sockets.delete(key);
  return connection;
}
