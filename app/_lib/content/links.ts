import { existsSync } from "node:fs";
import path from "node:path";
import type { ParsedChapter } from "./chapter";
import type { ContentIssue } from "./issues";

/**
 * Checks every link of the course once all chapters are parsed: internal
 * links must name an existing chapter and anchor (`/cours/<slug>#anchor`,
 * or `#anchor` in the same chapter); anything else must be an absolute
 * http(s) or mailto address.
 */
export function checkLinks(chapters: ReadonlyArray<ParsedChapter>, options: { listed: ReadonlySet<string>; figuresDir: string }): ContentIssue[] {
  const bySlug = new Map(chapters.map((c) => [c.slug, c]));
  const issues: ContentIssue[] = [];
  for (const chapter of chapters) {
    for (const { url, line } of chapter.links) {
      const problem = checkLink(url, chapter, bySlug, options);
      if (problem) issues.push({ file: chapter.file, line, message: `link ${url}: ${problem}` });
    }
  }
  return issues;
}

function checkLink(
  url: string,
  from: ParsedChapter,
  bySlug: ReadonlyMap<string, ParsedChapter>,
  options: { listed: ReadonlySet<string>; figuresDir: string },
): string | undefined {
  if (/^(https?:\/\/|mailto:)/i.test(url)) return undefined;
  if (url.startsWith("#")) return checkAnchor(from, url.slice(1), "this chapter");
  if (url === "/") return undefined;
  const figure = /^\/figures\/([^/?#]+)$/.exec(url);
  if (figure) return existsSync(path.join(options.figuresDir, figure[1]!)) ? undefined : `public/figures/${figure[1]} does not exist`;
  const internal = /^\/cours\/([^/?#]+)\/?(?:#(.*))?$/.exec(url);
  if (!internal) {
    return url.startsWith("/")
      ? "unknown internal address; link to a chapter as /cours/<slug> or /cours/<slug>#anchor"
      : "relative links do not work here; use /cours/<slug>#anchor, #anchor, or a full https:// address";
  }
  const slug = internal[1]!;
  const target = bySlug.get(slug);
  if (!target || !options.listed.has(slug)) {
    const known = [...bySlug.keys()].filter((s) => options.listed.has(s));
    const guess = closest(slug, known);
    return `no chapter "${slug}" in the course${guess ? ` (did you mean "${guess}"?)` : ""}`;
  }
  return internal[2] === undefined ? undefined : checkAnchor(target, internal[2], `chapter "${slug}"`);
}

function checkAnchor(chapter: ParsedChapter, rawAnchor: string, where: string): string | undefined {
  let anchor: string;
  try {
    anchor = decodeURIComponent(rawAnchor);
  } catch {
    return `anchor "#${rawAnchor}" is not valid URL encoding`;
  }
  if (anchor === "") return "empty anchor";
  if (chapter.anchors.has(anchor)) return undefined;
  const guess = closest(anchor, [...chapter.anchors]);
  return `no heading with anchor "#${anchor}" in ${where}${guess ? ` (did you mean "#${guess}"?)` : ""}`;
}

/** The candidate within a small edit distance, to turn a typo into a fix. */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
