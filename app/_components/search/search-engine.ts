import type { SearchIndex } from "../../_lib/content/search-index";

/**
 * Accent- and case-insensitive search over the prebuilt index. Loaded on the
 * first focus of the search box, with the index itself.
 */

export interface SearchResult {
  href: string;
  chapterTitle: string;
  heading: string;
  /** Snippet split into plain and matching parts. */
  snippet: Array<{ text: string; match: boolean }>;
}

interface Prepared {
  href: string;
  chapterTitle: string;
  heading: string;
  text: string;
  foldedHeading: string;
  foldedTitle: string;
  foldedText: string;
}

/** Lowercase without accents, keeping the string's length so indexes map back. */
export function fold(text: string): string {
  let out = "";
  for (const ch of text) {
    const f = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    out += f.length === ch.length ? f : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}

export function prepare(index: SearchIndex): Prepared[] {
  return index.entries.map(([chapter, anchor, heading, text]) => {
    const c = index.chapters[chapter]!;
    return {
      href: `/cours/${c.slug}${anchor ? `#${anchor}` : ""}`,
      chapterTitle: c.title,
      heading,
      text,
      foldedHeading: fold(heading),
      foldedTitle: fold(c.title),
      foldedText: fold(text),
    };
  });
}

export function search(entries: Prepared[], query: string, limit = 8): SearchResult[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const scored: Array<{ entry: Prepared; score: number; order: number }> = [];
  entries.forEach((entry, order) => {
    let score = 0;
    for (const term of terms) {
      const inHeading = entry.foldedHeading.includes(term);
      const inTitle = entry.foldedTitle.includes(term);
      const inText = entry.foldedText.includes(term);
      if (!inHeading && !inTitle && !inText) return;
      if (inHeading) score += 10 + (new RegExp(`(^|[^a-z0-9])${escape(term)}`).test(entry.foldedHeading) ? 5 : 0);
      if (inTitle) score += 3;
      if (inText) score += 1 + Math.min(3, entry.foldedText.split(term).length - 2);
    }
    scored.push({ entry, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map(({ entry }) => ({
    href: entry.href,
    chapterTitle: entry.chapterTitle,
    heading: entry.heading,
    snippet: snippet(entry.text, entry.foldedText, terms),
  }));
}

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** ~150 characters around the first match, with every term marked. */
function snippet(text: string, folded: string, terms: string[]): SearchResult["snippet"] {
  const first = Math.min(...terms.map((t) => folded.indexOf(t)).filter((i) => i >= 0), Number.POSITIVE_INFINITY);
  const start = Number.isFinite(first) ? Math.max(0, first - 50) : 0;
  const end = Math.min(text.length, start + 150);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    let at = folded.indexOf(term, start);
    while (at !== -1 && at < end) {
      ranges.push([at, Math.min(end, at + term.length)]);
      at = folded.indexOf(term, at + term.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: SearchResult["snippet"] = [];
  let cursor = start;
  if (start > 0) parts.push({ text: "…", match: false });
  for (const [from, to] of ranges) {
    if (from < cursor) continue;
    if (from > cursor) parts.push({ text: text.slice(cursor, from), match: false });
    parts.push({ text: text.slice(from, to), match: true });
    cursor = to;
  }
  if (cursor < end) parts.push({ text: text.slice(cursor, end), match: false });
  if (end < text.length) parts.push({ text: "…", match: false });
  return parts;
}
