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
/** Where the inline script leaves its request (a Promise<Response>) for the store. */
export const EARLY_SANDBOX_GLOBAL = "__quaiEarlySandbox";

/**
 * The inline script: asks only when the workbench will be on screen at once
 * (a wide window, not closed by the learner), as early-start.ts does; the
 * phone's sheet and a closed workbench ask when they are opened. Any error
 * (no localStorage in private mode, an old browser) leaves the asking to the
 * bundle; a failed request is the store's to read (it sends it again), never
 * an unhandled rejection.
 */
export const EARLY_SANDBOX_SCRIPT = `(function(){try{var open=null;try{open=localStorage.getItem(${JSON.stringify(OPEN_KEY)})}catch(e){}
if(open==="false"||!matchMedia(${JSON.stringify(DESKTOP)}).matches||!/^\\/cours\\/[a-z0-9-]+\\/?$/.test(location.pathname))return;
performance.mark("quai:sandbox-asked");
var sent=fetch("/api/sandbox",{method:"POST",headers:{"content-type":"application/json"},body:"{}",cache:"no-store"});
sent.catch(function(){});window[${JSON.stringify(EARLY_SANDBOX_GLOBAL)}]=sent;
}catch(e){}})();`;

/** The inline script's request, once (the first start takes it); undefined when it did not ask. */
export function takeEarlySandboxRequest(): Promise<Response> | undefined {
  if (typeof window === "undefined") return undefined;
  const holder = window as unknown as Record<string, Promise<Response> | undefined>;
  const request = holder[EARLY_SANDBOX_GLOBAL];
  delete holder[EARLY_SANDBOX_GLOBAL];
  return request;
}
