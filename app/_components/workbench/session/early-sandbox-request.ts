/**
 * The very first step of a chapter's workbench: asking for the learner's
 * sandbox from a small inline script in the page's HTML, as soon as the
 * browser parses it, instead of once the page's scripts have loaded and run
 * (bench:web, a first visit on 2 cores: the request left at ~1.0 s, after
 * ~0.4 MB of JavaScript was compiled and run). The workbench's store takes
 * the response (SandboxSessionStore.start, through takeEarlySandboxRequest)
 * and reads it as any other answer of the API. Imported by the
 * server-rendered page and by the browser's bundle: no React, no zod.
 */
import { HELD_SCRIPT_ATTRIBUTE, RELEASE_CALL } from "./held-scripts";
import { INLINE_ESTIMATE, INLINE_WORKBENCH_BOX } from "./inline-estimate";

/** The layout shows the workbench beside the lesson from this width on (workbench-layout.tsx). */
export const DESKTOP = "(min-width: 1024px)";
/** Where the layout remembers that the learner closed the workbench ("false"). */
export const OPEN_KEY = "quai:workbench-open";
/** A chapter's path; its slug in group 1. */
export const CHAPTER_PATH = /^\/cours\/([a-z0-9-]+)\/?$/;
/** Where the inline script leaves its request (a Promise<Response>: the final answer) for the store. */
export const EARLY_SANDBOX_GLOBAL = "__quaiEarlySandbox";
/** A function the inline script calls with its request once sent (early-socket.ts's script sets it, when it ran first). */
export const EARLY_SANDBOX_SENT_HOOK = "__quaiEarlySandboxSent";

/** Where the inline script leaves the first terminal's id and estimated size, when it named one (early-socket.ts uses the same). */
export const EARLY_TERMINAL_GLOBAL = "__quaiEarlyTerminal";
/** Its second try (after a 204: a start was needed) leaves at the latest this long after the page's scripts were asked for. */
const SEND_AT_LATEST_MS = 1500;

/**
 * The inline script, rendered before the lesson and the workbench (the
 * earlier the better: the lesson's markup takes a few hundred ms to read on
 * 2 cores; the first terminal's box is computed from the window,
 * INLINE_WORKBENCH_BOX): asks only when the workbench will be on screen at once (a wide
 * window, not closed by the learner), as early-start.ts does; the phone's
 * sheet and a closed workbench ask when they are opened. On a first visit
 * (no terminal list for the chapter under `listKey`) it names the terminal
 * the page opens at once, `terminalId`, with the size of its box: the runner
 * starts its shell with the sandbox (api.ts's firstTerminalSchema).
 *
 * It asks at once for a sandbox that needs no container started
 * (`noStart`: the learner's running one, or a warm one). A start may create a
 * Docker network, and Chromium aborts every request in flight when the
 * network interfaces of its machine change (ERR_NETWORK_CHANGED): on the
 * Docker host itself (a laptop running Quai, the e2e tests) the page's
 * scripts were lost and it never started (seen in e2e/https.test.ts). So
 * when the answer is 204 (nothing handed: a start was needed), it asks
 * again, without `noStart`,
 * once the page's own scripts have been downloaded (a Resource Timing entry
 * for each `<script src>`), or at DOMContentLoaded, or after
 * SEND_AT_LATEST_MS, whichever comes first.
 *
 * The store reads the final answer (takeEarlySandboxRequest). Any error (no
 * localStorage in private mode, an old browser) leaves the asking to the
 * bundle; a failed request is the store's to read (it sends it again),
 * never an unhandled rejection.
 */
export function earlySandboxScript(terminalId: string, listKey: string): string {
  return `(function(){try{var open=null;try{open=localStorage.getItem(${JSON.stringify(OPEN_KEY)})}catch(e){}
if(open==="false"||!matchMedia(${JSON.stringify(DESKTOP)}).matches||!${CHAPTER_PATH}.test(location.pathname))return ${RELEASE_CALL};
var K=${JSON.stringify(EARLY_SANDBOX_GLOBAL)},w=window,body={},list=null;try{list=localStorage.getItem(${JSON.stringify(listKey)})}catch(e){}
if(list!==null)${RELEASE_CALL};else{var size=(${INLINE_ESTIMATE})((${INLINE_WORKBENCH_BOX})());w[${JSON.stringify(EARLY_TERMINAL_GLOBAL)}]=size;body.terminal={id:${JSON.stringify(terminalId)},cols:size.cols,rows:size.rows}}
function post(noStart){performance.mark("quai:sandbox-asked");body.noStart=noStart||undefined;
return fetch("/api/sandbox",{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify(body),cache:"no-store"})}
function later(){return new Promise(function(resolve){var wanted={},left=0,observer=null,timer,done=false;
function send(){if(done)return;done=true;if(observer)observer.disconnect();clearTimeout(timer);resolve(post(false))}
var scripts=document.querySelectorAll("script[src],link[${HELD_SCRIPT_ATTRIBUTE}]");for(var i=0;i<scripts.length;i++){var u=scripts[i].src||scripts[i].href;if(!wanted[u]&&u.indexOf("data:")!==0){wanted[u]=1;left++}}
timer=setTimeout(send,${SEND_AT_LATEST_MS});
if(!left||typeof PerformanceObserver!=="function"||document.readyState!=="loading")return send();
document.addEventListener("DOMContentLoaded",send);
observer=new PerformanceObserver(function(l){var e=l.getEntries();for(var j=0;j<e.length;j++){if(wanted[e[j].name]===1){wanted[e[j].name]=2;left--}}if(left<=0)send()});
observer.observe({type:"resource",buffered:true})})}
var sent=post(true).then(function(r){if(!r.ok||r.status===204)${RELEASE_CALL};return r.status===204?later():r});
sent.catch(function(){${RELEASE_CALL}});w[K]=sent;if(typeof w[${JSON.stringify(EARLY_SANDBOX_SENT_HOOK)}]==="function")w[${JSON.stringify(EARLY_SANDBOX_SENT_HOOK)}](sent)
}catch(e){${RELEASE_CALL}}})();`;
}

/** The inline script's request, once (the first start takes it); undefined when it did not ask. */
export function takeEarlySandboxRequest(): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const holder = window as unknown as Record<string, Promise<Response> | string | undefined>;
  const request = holder[EARLY_SANDBOX_GLOBAL];
  holder[EARLY_SANDBOX_GLOBAL] = "taken";
  return typeof request === "object" ? request : undefined;
}
