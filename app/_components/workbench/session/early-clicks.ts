/**
 * A click on one of the page's buttons before the page has hydrated is kept
 * and given to the button once React has hydrated it. Until then a
 * server-rendered button has no handler: before React's root exists a click
 * on « ▶ Exécuter » did nothing, and once it exists but is still hydrating
 * React drops it too: it tries to hydrate the clicked part at once, and when
 * that part waits for a chunk of code still loading (the lesson's client
 * components), it stops the click's propagation and forgets it (CI, once:
 * the command never ran; a probe clicking 0–800 ms after navigation then
 * lost every click that fell in that window).
 * On a first visit Next's scripts wait for the first prompt
 * (held-scripts.ts), and React has hydrated the page 0.4–0.7 s after the
 * prompt is on screen (bench:web): a learner quick to click met it there.
 *
 * Until the workbench's layout has mounted (READY_MARK: React has hydrated
 * the page's tree, the lesson's buttons and the workbench with them), a
 * click a person made (`isTrusted`) on an enabled `<button>` is kept: its
 * propagation is stopped (React must neither drop it nor handle it half-way)
 * and its default prevented (a submit button does not send its form as a
 * plain page load). A kept click is replayed (`button.click()`) once the
 * layout has mounted and React has hydrated that button (it then carries
 * React's props), once; a button gone from the page meanwhile, or not
 * hydrated within REPLAY_WITHIN_MS of the layout's mount, is dropped, and
 * nothing is kept past KEEP_AT_MOST_MS after navigation (React never
 * started: a script that failed). Once the layout has mounted the keeper
 * stops listening. A link needs no React: it is left to the browser.
 */

/** A kept click waits at most this long after the workbench's layout has mounted for its button to be hydrated. */
export const REPLAY_WITHIN_MS = 10_000;
/** Nothing is kept or replayed past this long after navigation. */
export const KEEP_AT_MOST_MS = 60_000;
/**
 * The workbench's layout has mounted (workbench-layout.tsx's markStep("hydrated")):
 * React has hydrated the page, and a command sent then reaches the terminal
 * the workbench takes over from the early scripts. Replayed as soon as the
 * button alone was hydrated, « Exécuter » reached the workbench mid-way
 * through that handover and its command was lost (e2e, 3 runs of 3).
 */
const READY_MARK = "quai:hydrated";
/** How often kept clicks look for the layout and their button's hydration. */
const LOOK_EVERY_MS = 50;

export function earlyClicksScript(): string {
  return `(function(){var w=window,kept=[],timer=null,readyAt=0;
function marked(o,prefix){var k=Object.keys(o);for(var i=0;i<k.length;i++)if(k[i].indexOf(prefix)===0)return true;return false}
function ready(){return performance.getEntriesByName(${JSON.stringify(READY_MARK)},"mark").length>0}
function replay(){timer=null;var now=performance.now();if(!readyAt&&ready())readyAt=now;
if(readyAt){var left=[];for(var i=0;i<kept.length;i++){var b=kept[i];if(!b.isConnected)continue;if(marked(b,"__reactProps$"))b.click();else left.push(b)}kept=left}
if(now>=${KEEP_AT_MOST_MS}||(readyAt&&now-readyAt>=${REPLAY_WITHIN_MS}))kept=[];if(kept.length)timer=setTimeout(replay,${LOOK_EVERY_MS})}
function early(e){if(ready()||performance.now()>=${KEEP_AT_MOST_MS}){w.removeEventListener("click",early,true);return}
var t=e.target,b=t&&t.closest?t.closest("button"):null;if(!e.isTrusted||!b||b.disabled)return;
e.stopPropagation();e.preventDefault();kept.push(b);if(!timer)timer=setTimeout(replay,${LOOK_EVERY_MS})}
w.addEventListener("click",early,true)})();`;
}
