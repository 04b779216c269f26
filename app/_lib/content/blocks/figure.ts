import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Image } from "mdast";
import type { TransformContext } from "../context";
import { frenchSpacing } from "../typography";
import type { FigureBlock } from "./types";

const FIGURE_URL = /^\/figures\/([A-Za-z0-9][A-Za-z0-9._-]*\.(?:svg|png|jpe?g|webp))$/;

/** `![Légende](/figures/x.svg)`: the file must exist and the alt text (the caption) is required. */
export function figureBlock(node: Image, line: number, ctx: TransformContext): FigureBlock | undefined {
  const match = FIGURE_URL.exec(node.url);
  if (!match) {
    ctx.sink.add(line, `image "${node.url}": figures must be files of public/figures, referenced as /figures/<name>.svg`);
    return undefined;
  }
  const alt = (node.alt ?? "").trim();
  if (alt === "") ctx.sink.add(line, `figure ${node.url} has no alt text; write ![Légende en français](${node.url})`);
  const file = path.join(ctx.figuresDir, match[1]!);
  if (!existsSync(file)) {
    ctx.sink.add(line, `figure ${node.url} does not exist (expected public/figures/${match[1]})`);
    return undefined;
  }
  const size = node.url.endsWith(".svg") ? svgSize(readFileSync(file, "utf8")) : undefined;
  return { kind: "figure", line, src: node.url, alt: frenchSpacing(alt), width: size?.width, height: size?.height };
}

/** Intrinsic size from the SVG's viewBox (or width/height), so the page reserves the space. */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (!root) return undefined;
  const viewBox = /\bviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*["']/i.exec(root);
  if (viewBox) return { width: Math.round(Number(viewBox[1])), height: Math.round(Number(viewBox[2])) };
  const width = /\bwidth\s*=\s*["']([\d.]+)(?:px)?["']/i.exec(root);
  const height = /\bheight\s*=\s*["']([\d.]+)(?:px)?["']/i.exec(root);
  if (width && height) return { width: Math.round(Number(width[1])), height: Math.round(Number(height[1])) };
  return undefined;
}
