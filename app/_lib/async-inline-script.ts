/**
 * A script's code as the address of an `async` script (a `data:` URL), for
 * code that must run before the page's stylesheets have arrived. A plain
 * inline `<script>` after a stylesheet `<link>` (Next puts its CSS first in
 * the head) waits for every stylesheet to load before it runs: 100–200 ms
 * into a first visit on 2 cores (bench:web's resource timings). An `async`
 * script never waits for stylesheets, and a `data:` one needs no request:
 * it runs at the parser's next pause. React puts it in the head.
 */
export function asyncInlineScript(code: string): string {
  // `'` too: React would write it as an HTML entity, which scripts/hold-next-scripts would have to decode.
  return `data:text/javascript,${encodeURIComponent(code).replaceAll("'", "%27")}`;
}
