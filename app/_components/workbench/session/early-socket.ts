import type { SocketLike } from "@quai/sandbox-runner/protocol";
import { EARLY_SOCKET_OPENED_HOOK } from "../terminals/kit/kit-names";
import { EARLY_SANDBOX_GLOBAL, EARLY_SANDBOX_SENT_HOOK, EARLY_TERMINAL_GLOBAL } from "./early-sandbox-request";
import { INLINE_ESTIMATE, INLINE_WORKBENCH_BOX } from "./inline-estimate";

/**
 * The second step of a chapter's workbench before its scripts have run: as
 * soon as the inline sandbox request (early-sandbox-request.ts) is answered,
 * a second inline script opens the first terminal's socket with the token
 * that answer carries, so that the runner starts the shell while the page's
 * scripts still run and React hydrates. The bundle used to open it only once
 * its own code ran: on 2 cores, the answer came ~0.7 s after navigation and
 * the socket left ~0.3 s later, then waited for the shell (bench:web).
 *
 * The terminal kit, when it has run (terminals/kit/terminal-kit.ts), takes the
 * socket at once and draws what it brings; the script tells it when it opens.
 *
 * Only for a learner whose chapter has no terminal list yet (a first visit:
 * its first terminal is known); with a list, the bundle opens the right one.
 * Everything the socket receives before the bundle takes it is kept in
 * order; takeInlineSocket hands it over as a SocketLike that replays it.
 * Not taken within UNCLAIMED_MS (the bundle did not start: a script error,
 * a window made narrow), it is closed.
 */

/** POST /api/sandbox's answer carries the sandbox and its terminal token in these headers too (route.ts). */
export const SANDBOX_ID_HEADER = "x-quai-sandbox";
export const TERMINAL_TOKEN_HEADER = "x-quai-terminal-token";

/** Where the script leaves the socket it opened. */
export const EARLY_SOCKET_GLOBAL = "__quaiEarlySocket";
const UNCLAIMED_MS = 30_000;

export interface InlineSocket {
  sandboxId: string;
  terminalId: string;
  cols: number;
  rows: number;
  ws: WebSocket;
  /** What arrived before the bundle took the socket, in order. */
  events: Array<{ type: string; event: Event }>;
}

/**
 * The inline script for a chapter whose first terminal is `terminalId` and
 * whose terminal list is kept under `listKey` (terminal-ids.ts). Any error
 * leaves the socket to the bundle.
 */
export function earlySocketScript(terminalId: string, listKey: string): string {
  return `(function(){try{var w=window,S=${JSON.stringify(EARLY_SOCKET_GLOBAL)},estimate=${INLINE_ESTIMATE},box=${INLINE_WORKBENCH_BOX};
function open(s){if(w[S]||!s||typeof s.sandboxId!=="string"||typeof s.token!=="string")return;
var list=null;try{list=localStorage.getItem(${JSON.stringify(listKey)})}catch(e){return}if(list!==null)return;
var size=w[${JSON.stringify(EARLY_TERMINAL_GLOBAL)}]||estimate(box());
var q=new URLSearchParams({token:s.token,offset:"0",cols:String(size.cols),rows:String(size.rows)});
var ws=new WebSocket((location.protocol==="https:"?"wss":"ws")+"://"+location.host+"/ws/sandboxes/"+s.sandboxId+"/terminals/"+${JSON.stringify(terminalId)}+"?"+q);
ws.binaryType="arraybuffer";var events=[];function keep(e){events.push({type:e.type,event:e})}
ws.onopen=keep;ws.onmessage=keep;ws.onerror=keep;ws.onclose=keep;performance.mark("quai:socket-asked");
var held={sandboxId:s.sandboxId,terminalId:${JSON.stringify(terminalId)},cols:size.cols,rows:size.rows,ws:ws,events:events};w[S]=held;
if(typeof w[${JSON.stringify(EARLY_SOCKET_OPENED_HOOK)}]==="function")w[${JSON.stringify(EARLY_SOCKET_OPENED_HOOK)}]();
setTimeout(function(){if(w[S]===held){w[S]="closed";ws.close(1000)}},${UNCLAIMED_MS})}
function sent(request){request.then(function(r){if(r.ok)open({sandboxId:r.headers.get(${JSON.stringify(SANDBOX_ID_HEADER)}),token:r.headers.get(${JSON.stringify(TERMINAL_TOKEN_HEADER)})})},function(){})}
var K=${JSON.stringify(EARLY_SANDBOX_GLOBAL)};if(w[K]&&typeof w[K].then==="function")sent(w[K]);else w[${JSON.stringify(EARLY_SANDBOX_SENT_HOOK)}]=sent;
}catch(e){}})();`;
}

/**
 * The inline script after the workbench's markup: its boot box (the first
 * terminal's, terminals-panel.tsx) now exists. The socket may have opened
 * and the kit run while the lesson was still being read; the kit then left
 * EARLY_SOCKET_OPENED_HOOK to be called again.
 */
export function bootBoxParsedScript(): string {
  return `(function(){try{var f=window[${JSON.stringify(EARLY_SOCKET_OPENED_HOOK)}];if(typeof f==="function")f()}catch(e){}})();`;
}

/**
 * The socket the inline script opened for this terminal: `open()` gives it
 * as a SocketLike that first replays what it kept (asynchronously: once the
 * caller has set its handlers), then forwards; until then the socket keeps
 * what comes. Null when there is none, or when it is for another sandbox or
 * terminal (then closed).
 */
export function takeInlineSocket(sandboxId: string, terminalId: string): { open: () => SocketLike; cols: number; rows: number } | null {
  if (typeof window === "undefined") return null;
  const holder = window as unknown as Record<string, InlineSocket | string | undefined>;
  const held = holder[EARLY_SOCKET_GLOBAL];
  holder[EARLY_SOCKET_GLOBAL] = "taken";
  if (!held || typeof held !== "object") return null;
  if (held.sandboxId !== sandboxId || held.terminalId !== terminalId) {
    held.ws.close(1000);
    return null;
  }
  return { open: () => adopt(held), cols: held.cols, rows: held.rows };
}

function adopt({ ws, events }: InlineSocket): SocketLike {
  const socket: SocketLike = {
    get binaryType() {
      return ws.binaryType;
    },
    set binaryType(value: string) {
      ws.binaryType = value as BinaryType;
    },
    get readyState() {
      return ws.readyState;
    },
    send: (data) => ws.send(data),
    close: (code) => ws.close(code),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  const deliver = (type: string, event: Event) => {
    if (type === "open") socket.onopen?.(event);
    else if (type === "message") socket.onmessage?.(event as MessageEvent);
    else if (type === "close") socket.onclose?.(event as CloseEvent);
    else if (type === "error") socket.onerror?.(event);
  };
  queueMicrotask(() => {
    // Until this runs, the inline script's handlers keep what comes: nothing is lost or reordered.
    for (const { type, event } of events.splice(0)) deliver(type, event);
    ws.onopen = (e) => deliver("open", e);
    ws.onmessage = (e) => deliver("message", e);
    ws.onerror = (e) => deliver("error", e);
    ws.onclose = (e) => deliver("close", e);
  });
  return socket;
}
