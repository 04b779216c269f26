import type { SocketLike } from "@quai/sandbox-runner/protocol";
import { PADDING_X, PADDING_Y, TERMINAL_CHROME_HEIGHT, TERMINAL_FONT_SIZE, TERMINAL_LINE_HEIGHT } from "../terminals/terminal-size";
import { TERMINAL_FONT } from "../terminals/terminal-theme";
import { WORKBENCH_MARKER } from "../../../_lib/workbench-events";
import { EARLY_SANDBOX_GLOBAL, EARLY_SANDBOX_SENT_HOOK } from "./early-sandbox-request";

/**
 * The second step of a chapter's workbench before its scripts have run: as
 * soon as the inline sandbox request (early-sandbox-request.ts) is answered,
 * a second inline script opens the first terminal's socket with the token
 * that answer carries, so that the runner starts the shell while the page's
 * scripts still run and React hydrates. The bundle used to open it only once
 * its own code ran: on 2 cores, the answer came ~0.7 s after navigation and
 * the socket left ~0.3 s later, then waited for the shell (bench:web).
 *
 * Only for a learner whose chapter has no terminal list yet (a first visit:
 * its first terminal is known); with a list, the bundle opens the right one.
 * Everything the socket receives before the bundle takes it is kept in
 * order; takeInlineSocket hands it over as a SocketLike that replays it.
 * Not taken within UNCLAIMED_MS (the bundle did not start: a script error,
 * a window made narrow), it is closed.
 */

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
 * estimateTerminalSize (terminal-size.ts) for the inline script, with the
 * same constants; early-socket.test.ts checks that both give the same size.
 */
export const INLINE_ESTIMATE = `function(box){var cw=${TERMINAL_FONT_SIZE}*0.6,ch=Math.ceil(${TERMINAL_FONT_SIZE}*1.17);
var c=document.createElement("canvas").getContext("2d");if(c){c.font=${JSON.stringify(`${TERMINAL_FONT_SIZE}px ${TERMINAL_FONT}`)};var m=c.measureText("W");
if(m.width>0)cw=m.width;var h=m.fontBoundingBoxAscent+m.fontBoundingBoxDescent;if(h>0)ch=Math.ceil(h)}
var w=box.clientWidth,hh=box.clientHeight-${TERMINAL_CHROME_HEIGHT},rh=Math.floor(ch*${TERMINAL_LINE_HEIGHT});
if(w<=0||hh<=0)return{cols:80,rows:24};return{cols:Math.max(2,Math.floor((w-${PADDING_X})/cw)),rows:Math.max(1,Math.floor((hh-${PADDING_Y})/rh))}}`;

/**
 * The inline script for a chapter whose first terminal is `terminalId` and
 * whose terminal list is kept under `listKey` (terminal-ids.ts). Any error
 * leaves the socket to the bundle.
 */
export function earlySocketScript(terminalId: string, listKey: string): string {
  return `(function(){try{var w=window,S=${JSON.stringify(EARLY_SOCKET_GLOBAL)},estimate=${INLINE_ESTIMATE};
function open(s){if(w[S]||!s||typeof s.sandboxId!=="string"||typeof s.token!=="string")return;
var list=null;try{list=localStorage.getItem(${JSON.stringify(listKey)})}catch(e){return}if(list!==null)return;
var box=document.querySelector(${JSON.stringify(`[${WORKBENCH_MARKER}]`)});if(!box)return;var size=estimate(box);
var q=new URLSearchParams({token:s.token,offset:"0",cols:String(size.cols),rows:String(size.rows)});
var ws=new WebSocket((location.protocol==="https:"?"wss":"ws")+"://"+location.host+"/ws/sandboxes/"+s.sandboxId+"/terminals/"+${JSON.stringify(terminalId)}+"?"+q);
ws.binaryType="arraybuffer";var events=[];function keep(e){events.push({type:e.type,event:e})}
ws.onopen=keep;ws.onmessage=keep;ws.onerror=keep;ws.onclose=keep;performance.mark("quai:socket-asked");
var held={sandboxId:s.sandboxId,terminalId:${JSON.stringify(terminalId)},cols:size.cols,rows:size.rows,ws:ws,events:events};w[S]=held;
setTimeout(function(){if(w[S]===held){w[S]="closed";ws.close(1000)}},${UNCLAIMED_MS})}
function sent(request){request.then(function(r){return r.ok?r.clone().json():null}).then(open,function(){})}
var K=${JSON.stringify(EARLY_SANDBOX_GLOBAL)};if(w[K]&&typeof w[K].then==="function")sent(w[K]);else w[${JSON.stringify(EARLY_SANDBOX_SENT_HOOK)}]=sent;
}catch(e){}})();`;
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
