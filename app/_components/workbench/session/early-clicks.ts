/**
 * A click on one of the page's buttons before React has started is kept and
 * given to the button once React has hydrated it. Until React's root exists
 * (Next's scripts run it), a server-rendered button has no handler: a click
 * on « ▶ Exécuter » did nothing, and nothing told the learner. On a first visit Next's scripts wait for the first prompt
 * (held-scripts.ts), and React has hydrated the page 0.4–0.7 s after the
 * prompt is on screen (bench:web): a learner quick to click met it there.
 *
 * Only clicks a person made (`isTrusted`) on an enabled `<button>` while
 * React's root does not exist yet are kept: once it exists, React itself
 * holds a click on a part of the page not yet hydrated and hands it over
 * when it is, and the keeper stops listening. A kept click is replayed
 * (`button.click()`) once React has hydrated that button (it then carries
 * React's props) and the workbench's layout has mounted (READY_MARK), once;
 * a button gone from the page meanwhile, or not replayed within
 * REPLAY_WITHIN_MS of React's start, is dropped, and nothing
 * is kept past KEEP_AT_MOST_MS after navigation (React never started: a
 * script that failed). A link needs no React: it is left to the browser.
 */

/** A kept click waits at most this long after React's root exists for its button to be hydrated. */
export const REPLAY_WITHIN_MS = 10_000;
/** Nothing is kept or replayed past this long after navigation. */
export const KEEP_AT_MOST_MS = 60_000;
/**
 * The workbench's layout has mounted (workbench-layout.tsx's markStep("hydrated")):
 * a command sent then reaches the terminal it takes over from the early
 * scripts. Replayed as soon as the button alone was hydrated, « Exécuter »
 * reached the workbench mid-way through that handover and its command was
 * lost (e2e, 3 runs of 3).
 */
const READY_MARK = "quai:hydrated";
/** How often kept clicks look for React and their button's hydration. */
const LOOK_EVERY_MS = 50;

export function earlyClicksScript(): string {
  return `(function(){var w=window,d=document,kept=[],timer=null,rootAt=0;
function marked(o,prefix){var k=Object.keys(o);for(var i=0;i<k.length;i++)if(k[i].indexOf(prefix)===0)return true;return false}
function replay(){timer=null;var now=performance.now();if(!rootAt&&marked(d,"__reactContainer$"))rootAt=now;
if(rootAt&&performance.getEntriesByName(${JSON.stringify(READY_MARK)},"mark").length){var left=[];for(var i=0;i<kept.length;i++){var b=kept[i];if(!b.isConnected)continue;if(marked(b,"__reactProps$"))b.click();else left.push(b)}kept=left}
if(now>=${KEEP_AT_MOST_MS}||(rootAt&&now-rootAt>=${REPLAY_WITHIN_MS}))kept=[];if(kept.length)timer=setTimeout(replay,${LOOK_EVERY_MS})}
function early(e){if(marked(d,"__reactContainer$")||performance.now()>=${KEEP_AT_MOST_MS}){w.removeEventListener("click",early,true);return}
var t=e.target,b=t&&t.closest?t.closest("button"):null;if(!e.isTrusted||!b||b.disabled)return;
kept.push(b);if(!timer)timer=setTimeout(replay,${LOOK_EVERY_MS})}
w.addEventListener("click",early,true)})();`;
}
