/**
 * `npm run build`'s last step: holds Next's scripts back in the prerendered
 * chapter pages (hold.ts, held-scripts.ts). Fails when no page was changed:
 * a Next upgrade that writes its pages or its script tags differently must
 * be noticed at build time, not as a slower prompt.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { holdNextScripts } from "./hold";

const PAGES = path.join(process.cwd(), ".next", "server", "app");

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return htmlFiles(file);
    return entry.name.endsWith(".html") ? [file] : [];
  });
}

let pages = 0;
let scripts = 0;
for (const file of htmlFiles(PAGES)) {
  const { html, held } = holdNextScripts(readFileSync(file, "utf8"));
  if (!held) continue;
  writeFileSync(file, html);
  pages++;
  scripts += held;
}
if (!pages) {
  console.error(`hold-next-scripts: no prerendered chapter page under ${PAGES} had Next's scripts to hold (has Next's output changed?)`);
  process.exit(1);
}
console.log(`hold-next-scripts: ${scripts} scripts held in ${pages} chapter pages`);
