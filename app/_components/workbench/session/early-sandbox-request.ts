/**
 * The very first step of a chapter's workbench: asking for the learner's
 * sandbox from a small inline script in the page's HTML, as soon as the
 * browser parses it, instead of once the page's scripts have loaded and run
 * (bench:web, a first visit on 2 cores: the request left at ~1.0 s, after
 * ~0.4 MB of JavaScript was compiled and run). The workbench's store takes
 * the response (SandboxSessionStore.start, through takeEarlySandboxRequest)
 * and reads it as any other answer of the API. No dependency: this module is
 * imported by the server-rendered page and by the browser's bundle.
 */

/** The layout shows the workbench beside the lesson from this width on (workbench-layout.tsx). */
export const DESKTOP = "(min-width: 1024px)";
/** Where the layout remembers that the learner closed the workbench ("false"). */
export const OPEN_KEY = "quai:workbench-open";
/** A chapter's path; its slug in group 1. */
export const CHAPTER_PATH = /^\/cours\/([a-z0-9-]+)\/?$/;
/** Where the inline script leaves its request (a Promise<Response>) for the store. */
export const EARLY_SANDBOX_GLOBAL = "__quaiEarlySandbox";
/** A function the inline script calls with its request once sent (early-socket.ts's script sets it). */
export const EARLY_SANDBOX_SENT_HOOK = "__quaiEarlySandboxSent";

/** What the inline script leaves before it has sent (the store then takes the asking over). */
const PENDING = "pending";
/** It sends at the latest this long after the page's scripts were asked for, whatever they did. */
const SEND_AT_LATEST_MS = 1500;

/**
 * The inline script: asks only when the workbench will be on screen at once
 * (a wide window, not closed by the learner), as early-start.ts does; the
 * phone's sheet and a closed workbench ask when they are opened.
 *
 * It sends once the page's own scripts have been downloaded (a Resource
 * Timing entry for each `<script src>`), or at DOMContentLoaded, or after
 * SEND_AT_LATEST_MS, whichever comes first; not before: a sandbox start may
 * create a Docker network, and Chromium aborts every request in flight when
 * the network interfaces of its machine change (ERR_NETWORK_CHANGED) — on the
 * Docker host itself (a laptop running Quai, the e2e tests) the page's
 * scripts were lost and it never started (seen in e2e/https.test.ts). There
 * they come from the same machine and are downloaded by ~0.35 s, before
 * DOMContentLoaded (~0.5 s; the observer's callback, a task of its own, came
 * later, ~0.7 s); they run until ~0.9 s, so the request still leaves well
 * before the bundle would send it.
 *
 * When the store starts before it has sent, the store asks itself and the
 * script sends nothing. Any error (no localStorage in private mode, an old
 * browser) leaves the asking to the bundle; a failed request is the store's
 * to read (it sends it again), never an unhandled rejection.
 */
export const EARLY_SANDBOX_SCRIPT = `(function(){try{var open=null;try{open=localStorage.getItem(${JSON.stringify(OPEN_KEY)})}catch(e){}
if(open==="false"||!matchMedia(${JSON.stringify(DESKTOP)}).matches||!${CHAPTER_PATH}.test(location.pathname))return;
var K=${JSON.stringify(EARLY_SANDBOX_GLOBAL)},w=window,wanted={},left=0,observer=null,timer;w[K]=${JSON.stringify(PENDING)};
function send(){if(w[K]!==${JSON.stringify(PENDING)})return;if(observer)observer.disconnect();clearTimeout(timer);
performance.mark("quai:sandbox-asked");
var sent=fetch("/api/sandbox",{method:"POST",headers:{"content-type":"application/json"},body:"{}",cache:"no-store"});
sent.catch(function(){});w[K]=sent;if(typeof w[${JSON.stringify(EARLY_SANDBOX_SENT_HOOK)}]==="function")w[${JSON.stringify(EARLY_SANDBOX_SENT_HOOK)}](sent)}
var scripts=document.querySelectorAll("script[src]");for(var i=0;i<scripts.length;i++){var u=scripts[i].src;if(!wanted[u]){wanted[u]=1;left++}}
function seen(list){for(var j=0;j<list.length;j++){if(wanted[list[j].name]===1){wanted[list[j].name]=2;left--}}if(left<=0)send()}
timer=setTimeout(send,${SEND_AT_LATEST_MS});
if(!left||typeof PerformanceObserver!=="function"||document.readyState!=="loading")return send();
document.addEventListener("DOMContentLoaded",send);
observer=new PerformanceObserver(function(l){seen(l.getEntries())});observer.observe({type:"resource",buffered:true});
}catch(e){}})();`;

/**
 * The inline script's request, once (the first start takes it); undefined
 * when it did not ask, or has not sent yet (it then sends nothing).
 */
export function takeEarlySandboxRequest(): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const holder = window as unknown as Record<string, Promise<Response> | string | undefined>;
  const request = holder[EARLY_SANDBOX_GLOBAL];
  holder[EARLY_SANDBOX_GLOBAL] = "taken";
  return typeof request === "object" ? request : undefined;
}
