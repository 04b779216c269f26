/**
 * A click on one of the page's buttons before React has started is kept and
 * given to the button once React has hydrated it. Until React's root exists
 * (Next's scripts run it), a server-rendered button has no handler: a click
 * on « ▶ Exécuter » did nothing, and nothing told the
 * learner. On a first visit Next's scripts wait for the first prompt
 * (held-scripts.ts), and React has hydrated the page 0.4–0.7 s after the
 * prompt is on screen (bench:web): a learner quick to click met it there.
 *
 * Only clicks a person made (`isTrusted`) on an enabled `<button>` while
 * React's root does not exist yet are kept: once it exists, React itself
 * holds a click on a part of the page not yet hydrated and hands it over
 * when it is. A kept click is replayed (`button.click()`) once React has
 * hydrated that button (it then carries React's props), once, within
 * EARLY_CLICKS_MS of navigation; a button gone from the page meanwhile is
 * dropped. A link needs no React: it is left to the browser.
 */

/** Clicks are kept, and replayed, until this long after navigation. */
export const EARLY_CLICKS_MS = 10_000;
/** How often kept clicks look for their button's hydration. */
const REPLAY_EVERY_MS = 50;

export function earlyClicksScript(): string {
  return `(function(){var w=window,kept=[],timer=null,until=${EARLY_CLICKS_MS};
function marked(o,prefix){var k=Object.keys(o);for(var i=0;i<k.length;i++)if(k[i].indexOf(prefix)===0)return true;return false}
function replay(){timer=null;var left=[];for(var i=0;i<kept.length;i++){var b=kept[i];if(!b.isConnected)continue;if(marked(b,"__reactProps$"))b.click();else left.push(b)}
kept=left;if(kept.length&&performance.now()<until)timer=setTimeout(replay,${REPLAY_EVERY_MS})}
function early(e){if(performance.now()>=until){w.removeEventListener("click",early,true);return}
var t=e.target,b=t&&t.closest?t.closest("button"):null;if(!e.isTrusted||!b||b.disabled||marked(document,"__reactContainer$"))return;
kept.push(b);if(!timer)timer=setTimeout(replay,${REPLAY_EVERY_MS})}
w.addEventListener("click",early,true)})();`;
}
