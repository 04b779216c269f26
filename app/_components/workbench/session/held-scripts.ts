/**
 * Next's scripts are asked for after the sandbox request. A browser opens at
 * most six connections to a site over HTTP/1.1: on a chapter's first visit
 * the ten `<script async>` tags Next writes in the head took them all at
 * once, and the sandbox request and the terminal kit waited 150–250 ms for
 * a free one (bench:web's resource timings on 2 cores). So `npm run build`
 * takes those tags out of the prerendered chapter pages' heads and lists
 * their addresses in HELD_SCRIPTS_GLOBAL at the start of the early scripts
 * (scripts/hold-next-scripts), which run at the head's start, before the
 * terminal kit's tag: this script adds the same scripts back, `async` and in
 * their order, once the task that sends the sandbox request is over. They
 * run as before, only requested a moment later.
 *
 * Holding them back until the first prompt was tried: ~80 ms better at the
 * median of 6 visits (within the spread), at the price of a page whose
 * buttons did nothing until then (a click before React's root is lost).
 *
 * Without a list (`npm run dev`: nothing held) it does nothing.
 */

/** The addresses of the scripts held, in their order: the build writes them at the start of the early scripts. */
export const HELD_SCRIPTS_GLOBAL = "__quaiHeldScripts";

export function heldScriptsScript(): string {
  return `(function(){var held=window[${JSON.stringify(HELD_SCRIPTS_GLOBAL)}]||[];setTimeout(function(){
for(var i=0;i<held.length;i++){var s=document.createElement("script");s.src=held[i];s.async=true;document.head.appendChild(s)}},0)})();`;
}
