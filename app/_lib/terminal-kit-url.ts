import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { KIT_PATH } from "../_components/workbench/terminals/kit/kit-names";

let url: string | null = null;

/**
 * The terminal kit's address with its content hash (`?v=`, the WebGL module's too), so that the
 * browser may keep it for good (next.config.js: immutable under /_quai/).
 * `npm run build` (and `npm run dev`) write it before Next runs
 * (`build:terminal-kit`); without it the chapter pages cannot be made.
 */
export function terminalKitUrl(): string {
  if (url) return url;
  const hash = createHash("sha256");
  // The kit and the WebGL module it loads with the same version (mount-terminal.ts).
  for (const name of [KIT_PATH, KIT_PATH.replace(/[^/]+$/, "addon-webgl.js")]) {
    const file = path.join(process.cwd(), "public", name);
    try {
      hash.update(readFileSync(file));
    } catch (error) {
      throw new Error(`terminal kit: ${file} is missing: run \`npm run build:terminal-kit\` (part of \`npm run build\`)`, { cause: error });
    }
  }
  url = `${KIT_PATH}?v=${hash.digest("hex").slice(0, 16)}`;
  return url;
}
