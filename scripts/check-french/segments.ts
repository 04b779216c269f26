import type { Element, Root, RootContent } from "hast";
import type { Course } from "../../app/_lib/content";
import { frenchSpacing } from "../../app/_lib/content/typography";

/**
 * The French prose of the course, cut into segments (a paragraph, a list
 * item, a table cell, a title, a check's message) with the file and line they
 * come from. Code is not prose: inline code becomes PLACEHOLDER, a word the
 * checker is told to accept, so that a sentence around it stays a sentence.
 */

export const PLACEHOLDER = "Quaicode";

export interface Segment {
  file: string;
  line: number;
  text: string;
}

/** Elements that hold a run of prose (a figure's caption is its alt text, checked with the figure block); nested ones (a list inside a list item) are their own segments. */
const PROSE = new Set(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"]);
const NESTED_BLOCKS = new Set(["ul", "ol", "p", "pre", "table", "blockquote", "quai-block", "div"]);

function inlineText(node: Element): string {
  let out = "";
  for (const child of node.children as RootContent[]) {
    if (child.type === "text") out += child.value;
    else if (child.type === "element") {
      // Code is not prose; italics hold the course's English terms (*bind mount*, *Settings › Resources*).
      if (child.tagName === "code" || child.tagName === "kbd" || child.tagName === "em") out += PLACEHOLDER;
      else if (child.tagName === "br") out += " ";
      else if (!NESTED_BLOCKS.has(child.tagName)) out += inlineText(child);
    }
  }
  return out;
}

/**
 * Text typed without backticks (check messages, titles, objectives) still
 * names commands, options, paths and image references: those become the
 * placeholder too, so that only the French around them is checked.
 */
export function maskCode(text: string): string {
  return (
    text
      .replace(/\bdocker(?:\s+(?!(?:et|puis|ou|avec|pour|sans|dans|sur|qui|que|est|a|au|en|le|la|les|un|une|des|du|de)\b)[^\s,;()«»]+)+/g, PLACEHOLDER)
      // An option, with its value when the value is code-like (--memory 64m, -p 8080:80).
      .replace(/(^|[\s(])--?[A-Za-z][\w.-]*(?:=[^\s,;()«»]*[^\s,;()«».]|\s+(?=[^\s,;()«»]*\d)[^\s,;()«»]*[^\s,;()«».])?/g, `$1${PLACEHOLDER}`)
      .replace(/(^|[\s(])~?\/[\w./~-]*/g, `$1${PLACEHOLDER}`)
      .replace(/(^|[\s(«])[\w.-]+\/[\w./-]+/g, `$1${PLACEHOLDER}`)
      .replace(/\b[\w.-]+(?::[\w.-]+)?@sha256:[0-9a-f…]*/g, PLACEHOLDER)
      .replace(/\b[\w.-]+:[\w.-]+/g, PLACEHOLDER)
      // File names (app.sh, compose.yaml, .env), identifiers (depends_on), settings (status=exited).
      .replace(/(^|[\s(«])\.?[\w-]+(?:\.[A-Za-z][\w-]*)+/g, `$1${PLACEHOLDER}`)
      .replace(/(^|[\s(«])\.[A-Za-z][\w-]*/g, `$1${PLACEHOLDER}`)
      .replace(/[\w-]*_[\w-]*/g, PLACEHOLDER)
      .replace(/[^\s,;()«»]*=[^\s,;()«»]*/g, PLACEHOLDER)
  );
}

/** Every prose segment of a hast tree; `baseLine` is the file line of the tree's line 1. */
export function hastSegments(tree: Root, file: string, baseLine: number, fixedLine = false): Segment[] {
  const out: Segment[] = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children as RootContent[]) {
      if (child.type !== "element") continue;
      if (child.tagName === "pre") continue;
      if (PROSE.has(child.tagName)) {
        const text = squash(inlineText(child));
        const line = fixedLine ? baseLine : baseLine + (child.position?.start.line ?? 1) - 1;
        if (text !== "") out.push({ file, line, text });
      }
      walk(child);
    }
  };
  walk(tree);
  return out;
}

export function squash(text: string): string {
  return text.replace(/\s+/g, (s) => (/[\u00A0\u202F]/.test(s) && !/[ \t\n]/.test(s) ? s : " ")).trim();
}

/**
 * The messages a check prints for the learner: the strings of its echo and
 * printf lines, shell expansions replaced by the placeholder, with the French
 * spacing the exercise panel adds when it shows them.
 */
export function checkMessages(script: string): string[] {
  const out: string[] = [];
  for (const line of script.split("\n")) {
    for (const match of line.matchAll(/\b(?:echo|printf)\s+(?:-[a-z]+\s+)?(?=["'])/g)) {
      const raw = shellWord(line, match.index + match[0].length);
      let text = raw.slice(1, -1);
      if (raw.startsWith('"')) text = text.replace(/\$\((?:[^()]|\([^()]*\))*\)/g, PLACEHOLDER).replace(/\\(["$`\\])/g, "$1");
      text = text
        .replace(/\$\{[^}]*\}/g, PLACEHOLDER)
        .replace(/\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9#?@*])/g, PLACEHOLDER)
        .replace(/\\n/g, " ")
        .replace(/%s/g, PLACEHOLDER)
        // In a check's message, straight quotes hold code and « … » a name or a value the check found.
        .replace(/"[^"]*"/g, PLACEHOLDER)
        .replace(/(^|[\s([])'[^']*'(?=$|[\s),.;:\]])/g, `$1${PLACEHOLDER}`)
        .replace(/«[^»]*»/g, `« ${PLACEHOLDER} »`);
      text = squash(frenchSpacing(maskCode(text)));
      if (/[a-zà-ÿ]{2,}\s+[a-zà-ÿ]{2,}/i.test(text)) out.push(text);
    }
  }
  return out;
}

/**
 * The quoted shell word that starts at `start` ("…" or '…'), command
 * substitutions included: "a $(printf '%s' "$b") c" is one word.
 */
export function shellWord(line: string, start: number): string {
  const quote = line[start];
  if (quote === "'") {
    const end = line.indexOf("'", start + 1);
    return end < 0 ? line.slice(start) : line.slice(start, end + 1);
  }
  let depth = 0;
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") i++;
    else if (c === "$" && line[i + 1] === "(") {
      depth++;
      i++;
    } else if (depth > 0 && c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) break;
      i = end;
    } else if (depth > 0 && c === "(") depth++;
    else if (depth > 0 && c === ")") depth--;
    else if (depth === 0 && c === '"') return line.slice(start, i + 1);
  }
  return line.slice(start);
}

/** Every French segment of the course: frontmatter, prose, exercises, quizzes, callouts, figures, check messages. */
export function courseSegments(course: Course): Segment[] {
  const out: Segment[] = [];
  for (const chapter of course.chapters) {
    const file = chapter.file;
    const fm = chapter.frontmatter;
    for (const text of [fm.title, fm.description, ...fm.objectives]) out.push({ file, line: 1, text: squash(maskCode(text)) });
    out.push(...hastSegments(chapter.hast, file, 1));
    for (const block of chapter.blocks) {
      const at = (tree: Root) => hastSegments(tree, file, block.line, true);
      if (block.kind === "exercise") {
        out.push({ file, line: block.line, text: squash(maskCode(block.title)) });
        out.push(...at(block.statement), ...block.hints.flatMap(at));
        for (const text of checkMessages(block.exercise.check)) out.push({ file, line: block.line, text });
      } else if (block.kind === "quiz") {
        out.push(...at(block.question), ...block.choices.flatMap(at), ...at(block.explanation));
      } else if (block.kind === "callout" && block.title) {
        out.push({ file, line: block.line, text: squash(maskCode(block.title)) });
      } else if (block.kind === "figure") {
        out.push({ file, line: block.line, text: squash(maskCode(block.alt)) });
      }
    }
  }
  return out;
}
