/**
 * Next's scripts wait for the first terminal on a first visit. On 2 cores a
 * chapter's first visit spent ~0.5 s of the browser's one main thread
 * evaluating Next's chunks and hydrating the page between the terminal
 * socket's opening and the prompt (Chromium traces of bench:web): the
 * socket's frames and the terminal's drawing waited behind them. Since a
 * warm sandbox's shell is started ahead (sandbox-runner's spare-shells.ts),
 * the prompt reaches the browser ~0.4 s after navigation, and the page read
 * it 0.3–0.6 s later (runner, site and page timestamps of one visit). And
 * their ten downloads took the browser's six connections to the site
 * (HTTP/1.1) when the sandbox request and the terminal kit needed one: both
 * waited 150–250 ms for a free connection. So `npm run build` takes the
 * chapter pages' `<script async src>` tags for Next's chunks out of the head
 * and lists them in HELD_SCRIPTS_GLOBAL (scripts/hold-next-scripts), and
 * this inline script, run at the head's start:
 *
 * - has them downloaded (`<link rel="preload">` marked
 *   HELD_SCRIPT_ATTRIBUTE) right after the task that sends the sandbox
 *   request, so they queue behind it and the kit, not the reverse;
 * - adds them back as scripts once the first terminal's prompt is on
 *   screen (FIRST_TERMINAL_READY_EVENT, which the terminal kit sends, then
 *   the next frame: run at the event, Next's first long task delayed the
 *   prompt's frame by 100–200 ms); at once when no terminal is coming at
 *   load (a returning learner, a narrow window, a closed workbench, a
 *   sandbox that must start, an error), through RELEASE_HELD_SCRIPTS, called
 *   by the early scripts; at the learner's first click or key press on the
 *   page (so that what they reach for works as soon as possible);
 *   HOLD_AT_MOST_MS after navigation at the latest.
 *
 * Measured (bench:web, same-hour A/B, 20 first visits each): prompt median
 * 1,064 → 754 ms; the page is interactive about when it was (the workbench's
 * `sandbox-ready`, set by React, 1.14–1.34 s held against 1.23–1.29 s not
 * held): the scripts are downloaded meanwhile and run right after the
 * prompt. Until React has hydrated, a click on the page's buttons does
 * nothing, held or not; the terminal itself (the kit) needs no React.
 *
 * Without held scripts (`npm run dev`, another page) it does nothing.
 */
import { FIRST_TERMINAL_READY_EVENT } from "../../../_lib/workbench-events";

/** Marks the `<link rel="preload" as="script">` of one of Next's scripts, held back. */
export const HELD_SCRIPT_ATTRIBUTE = "data-quai-held-script";
/** The addresses of the scripts held, in their order: the build writes them at the start of the early scripts. */
export const HELD_SCRIPTS_GLOBAL = "__quaiHeldScripts";
/** Where the inline script leaves its release function for the early scripts. */
export const RELEASE_HELD_SCRIPTS = "__quaiReleaseScripts";
/** The page's scripts run this long after navigation at the latest, whatever the terminal does. */
export const HOLD_AT_MOST_MS = 2000;
/**
 * A script that fails to load is asked for again (RETRY_AFTER_MS, then twice
 * that, and so on), LOAD_TRIES times in all: without Next's scripts the page
 * never becomes interactive. Seen on a machine where the browser runs beside
 * Docker: a sandbox's new bridge network makes Chromium fail the requests
 * in flight (net::ERR_NETWORK_CHANGED), and five of the ten scripts were
 * lost. A cold start changes the network more than once (the network, then
 * the container's interface): five tries within 2.5 s leave it more room
 * than the three within 0.75 s there were.
 *
 * The same goes for Next's scripts left in the body (the build marks them
 * RETRY_SCRIPT_ATTRIBUTE, scripts/hold-next-scripts): Turbopack's runtime
 * waits for such a chunk to arrive and never asks for it again; one lost
 * left the page without React, « Démarrage… » for good (e2e/https.test.ts,
 * 1 run in 4).
 */
export const LOAD_TRIES = 5;
export const RETRY_AFTER_MS = 250;
/** Marks Next's `<script async src>` left in a held page's body: asked for again, as a held one, when it fails to load. */
export const RETRY_SCRIPT_ATTRIBUTE = "data-quai-retry";

export function heldScriptsScript(): string {
  return `(function(){var w=window,done=false,held=w[${JSON.stringify(HELD_SCRIPTS_GLOBAL)}]||[];
setTimeout(function(){if(done)return;for(var i=0;i<held.length;i++){var l=document.createElement("link");l.rel="preload";l.as="script";l.href=held[i];l.setAttribute(${JSON.stringify(HELD_SCRIPT_ATTRIBUTE)},"");document.head.appendChild(l)}},0);
function add(src,tries){var s=document.createElement("script");s.src=src;s.async=true;
s.onerror=function(){if(tries<${LOAD_TRIES})setTimeout(function(){s.remove();add(src,tries+1)},${RETRY_AFTER_MS}*tries)};document.head.appendChild(s)}
w.addEventListener("error",function(e){var s=e.target;if(!s||s.tagName!=="SCRIPT"||!s.hasAttribute(${JSON.stringify(RETRY_SCRIPT_ATTRIBUTE)}))return;var src=s.getAttribute("src");s.remove();setTimeout(function(){add(src,2)},${RETRY_AFTER_MS})},true);
function release(){if(done)return;done=true;
for(var i=0;i<held.length;i++)add(held[i],1);
w.removeEventListener(${JSON.stringify(FIRST_TERMINAL_READY_EVENT)},painted);w.removeEventListener("pointerdown",release,true);w.removeEventListener("keydown",release,true)}
function painted(){requestAnimationFrame(function(){setTimeout(release,0)})}
w[${JSON.stringify(RELEASE_HELD_SCRIPTS)}]=release;
w.addEventListener(${JSON.stringify(FIRST_TERMINAL_READY_EVENT)},painted);w.addEventListener("pointerdown",release,true);w.addEventListener("keydown",release,true);
setTimeout(release,Math.max(0,${HOLD_AT_MOST_MS}-performance.now()))})();`;
}

/** The early scripts' call: the page's scripts run now (nothing is gained by holding them). */
export const RELEASE_CALL = `(typeof window[${JSON.stringify(RELEASE_HELD_SCRIPTS)}]==="function"&&window[${JSON.stringify(RELEASE_HELD_SCRIPTS)}]())`;
