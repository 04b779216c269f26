import { describe, expect, it } from "vitest";
import { holdNextScripts } from "./hold";

const head = (extra: string) =>
  `<!DOCTYPE html><html lang="fr"><head><meta charSet="utf-8"/><link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>` +
  `<script src="/_next/static/chunks/1k2w3nq2-wg_-.js" async=""></script><script src="/_next/static/chunks/turbopack-077h.js" async=""></script>` +
  `${extra}<script async="" src="/_quai/terminal-kit.js?v=1" fetchPriority="high" data-quai-terminal-kit=""></script><script src="/_next/static/chunks/polyfill.js" noModule=""></script></head>`;
const body = `<body><script src="/_next/static/chunks/late.js" async=""></script><p>leçon</p></body></html>`;
const early = `<script async="" src="data:text/javascript,if(!window.next)%7Bvar%20a%3D%271%27%7D" data-quai-early-scripts=""></script>`;

describe("holdNextScripts", () => {
  it("takes a chapter page's Next scripts out of its head, and nothing else", () => {
    const { html, held } = holdNextScripts(head(early) + body);
    expect(held).toBe(2);
    expect(html).not.toMatch(/<script src="\/_next\/static\/chunks\/(1k2w|turbopack)/);
    // The script in the body is not the head's: it stays, marked to be asked for again if it fails to load.
    expect(html).toContain(`<body><script src="/_next/static/chunks/late.js" async="" data-quai-retry=""></script><p>leçon</p></body></html>`);
    // The noModule polyfill, the stylesheet and the body stay as they were.
    expect(html).toContain(`<script src="/_next/static/chunks/polyfill.js" noModule=""></script>`);
    expect(html.endsWith(body.replace('async=""', 'async="" data-quai-retry=""'))).toBe(true);
  });

  it("moves the early scripts to the head's start, as an inline script with their code and the list of the scripts held, then the kit", () => {
    const { html } = holdNextScripts(head(early) + body);
    expect(html).not.toContain("data:text/javascript");
    expect(html.startsWith(
      `<!DOCTYPE html><html lang="fr"><head><meta charSet="utf-8"/>` +
        `<script data-quai-early-scripts="">window.__quaiHeldScripts=["/_next/static/chunks/1k2w3nq2-wg_-.js","/_next/static/chunks/turbopack-077h.js"];if(!window.next){var a='1'}</script>` +
        `<script async="" src="/_quai/terminal-kit.js?v=1" fetchPriority="high" data-quai-terminal-kit=""></script><link rel="stylesheet"`,
    )).toBe(true);
    expect(html.match(/terminal-kit\.js/g)).toHaveLength(1);
  });

  it("refuses early scripts it could not inline as they are", () => {
    const closing = early.replace("%7D", "%3C%2Fscript%3E%7D");
    expect(() => holdNextScripts(head(closing) + body)).toThrow(/cannot be inlined/);
    expect(() => holdNextScripts(head(early.replace("%27", "&#x27;")) + body)).toThrow(/HTML entity/);
  });

  it("leaves a page without the early scripts alone, and a page held already", () => {
    const plain = head("") + body;
    expect(holdNextScripts(plain)).toEqual({ html: plain, held: 0 });
    const once = holdNextScripts(head(early) + body).html;
    expect(holdNextScripts(once)).toEqual({ html: once, held: 0 });
    expect(holdNextScripts("<p>no head</p>")).toEqual({ html: "<p>no head</p>", held: 0 });
  });
});
