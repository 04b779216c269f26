import { HELD_SCRIPTS_GLOBAL, RETRY_SCRIPT_ATTRIBUTE } from "../../app/_components/workbench/session/held-scripts";
import { KIT_SCRIPT_ATTRIBUTE } from "../../app/_components/workbench/terminals/kit/kit-names";
import { EARLY_SCRIPTS_ATTRIBUTE } from "../../app/_components/workbench/session/early-scripts";

/** Next's chunk scripts as `next build` writes them in a page's head. */
const NEXT_SCRIPT = /<script src="(\/_next\/static\/[^"<>]+\.js)" async=""><\/script>/g;

/** The early scripts as the page renders them: an `async` script whose address is its code (asyncInlineScript). */
const EARLY_SCRIPTS = new RegExp(`<script async="" src="data:text/javascript,([^"]*)" ${EARLY_SCRIPTS_ATTRIBUTE}=""></script>`);
/** Where the head's first script may go: after what must come first (the charset, within the first 1024 bytes). */
const HEAD_START = '<meta charSet="utf-8"/>';

/** The terminal kit's `<script async>` tag (page.tsx; React puts it after Next's). */
const KIT_SCRIPT = new RegExp(`<script [^>]*${KIT_SCRIPT_ATTRIBUTE}=""></script>`);

/**
 * A prerendered page's HTML with Next's `<script async>` chunks held back
 * until the first prompt (held-scripts.ts explains why and what releases them): their tags leave
 * the head, their addresses are listed at the start of the early scripts,
 * which move to the head's start, followed by the terminal kit's tag (so
 * that the browser asks for the kit before anything else). Only a page
 * that carries the early scripts (EARLY_SCRIPTS_ATTRIBUTE in its head: a
 * chapter with a workbench) is changed; others, and a page held already,
 * come back as they are, with `held: 0`. In the body, Next's scripts are
 * only marked to be asked for again if they fail to load (retriedInBody).
 */
export function holdNextScripts(html: string): { html: string; held: number } {
  const end = html.indexOf("</head>");
  if (end < 0) return { html, held: 0 };
  const head = html.slice(0, end);
  if (!head.includes(EARLY_SCRIPTS_ATTRIBUTE)) return { html, held: 0 };
  const held: string[] = [];
  const changed = head.replace(NEXT_SCRIPT, (_tag, src: string) => {
    held.push(src);
    return "";
  });
  if (!held.length) return { html, held: 0 };
  return { html: earlyScriptsFirst(changed, held) + retriedInBody(html.slice(end)), held: held.length };
}

/**
 * Next's scripts in the body (the bootstrap's first chunk) stay where they
 * are, and load as they did; marked, they are asked for again when they
 * fail to load (held-scripts.ts, RETRY_SCRIPT_ATTRIBUTE).
 */
function retriedInBody(rest: string): string {
  return rest.replace(NEXT_SCRIPT, (_tag, src: string) => `<script src="${src}" async="" ${RETRY_SCRIPT_ATTRIBUTE}=""></script>`);
}

/**
 * The early scripts moved to the head's start as a plain inline script:
 * there they run as soon as they are read, before the stylesheets' links
 * (an inline script after them waits for every stylesheet) and without the
 * wait of an `async` script (a `data:` one ran after DOMContentLoaded in
 * one visit out of three, bench:web). React cannot put a script there.
 */
function earlyScriptsFirst(head: string, held: string[]): string {
  const found = EARLY_SCRIPTS.exec(head);
  const at = head.indexOf(HEAD_START);
  if (!found || at < 0) throw new Error("hold-next-scripts: a page with held scripts must have its early scripts and a charset to put them after");
  // asyncInlineScript leaves nothing React writes as an HTML entity; a `&` would be one.
  if (found[1]!.includes("&")) throw new Error("hold-next-scripts: the early scripts' address holds an HTML entity");
  const code = decodeURIComponent(found[1]!);
  if (/<\/script|<!--/i.test(code)) throw new Error("hold-next-scripts: the early scripts cannot be inlined (they contain </script or <!--)");
  const kit = KIT_SCRIPT.exec(head)?.[0] ?? "";
  const rest = head.replace(found[0], "").replace(kit, "");
  const after = at + HEAD_START.length;
  const list = `window.${HELD_SCRIPTS_GLOBAL}=${JSON.stringify(held)};`;
  return `${rest.slice(0, after)}<script ${EARLY_SCRIPTS_ATTRIBUTE}="">${list}${code}</script>${kit}${rest.slice(after)}`;
}
