import type { Element, RootContent } from "hast";
import { exerciseAnchor, quizAnchor } from "./anchors";
import { BLOCK_ELEMENT } from "./blocks/types";
import type { Block } from "./blocks/types";
import type { Course } from "./course";
import { hastText, isElement } from "./markdown";

/**
 * The client search's index, built at build time: one entry per section
 * (h2/h3), exercise and quiz, holding plain text. Tuples keep the JSON small;
 * the browser fetches it on the first focus of the search box.
 */
export interface SearchIndex {
  chapters: Array<{ slug: string; title: string }>;
  /** [chapter index, anchor ("" for the chapter top), heading, text] */
  entries: Array<[number, string, string, string]>;
}

/** Long sections are cut: the first paragraphs say what a section is about. */
const MAX_TEXT = 600;

export function buildSearchIndex(course: Course): SearchIndex {
  const entries: SearchIndex["entries"] = [];
  course.chapters.forEach((chapter, chapterIndex) => {
    let current = { anchor: "", heading: chapter.frontmatter.title, text: [chapter.frontmatter.description] };
    const flush = () => {
      entries.push([chapterIndex, current.anchor, current.heading, cut(squash(current.text.join(" ")))]);
    };
    for (const node of chapter.hast.children) {
      if (isElement(node) && (node.tagName === "h2" || node.tagName === "h3") && typeof node.properties.id === "string") {
        flush();
        current = { anchor: node.properties.id, heading: squash(hastText(node)), text: [] };
        continue;
      }
      if (isElement(node, BLOCK_ELEMENT)) {
        const block = chapter.blocks[Number(node.properties.dataBlock)];
        if (block?.kind === "exercise" || block?.kind === "quiz") {
          entries.push(blockEntry(chapterIndex, block));
          continue;
        }
        current.text.push(block ? blockText(block, node) : "");
        continue;
      }
      current.text.push(hastText(node as RootContent));
    }
    flush();
  });
  return { chapters: course.chapters.map((c) => ({ slug: c.slug, title: c.frontmatter.title })), entries };
}

function blockEntry(chapterIndex: number, block: Extract<Block, { kind: "exercise" | "quiz" }>): [number, string, string, string] {
  if (block.kind === "exercise") {
    return [chapterIndex, exerciseAnchor(block.exercise.id), `Exercice : ${block.exercise.title}`, cut(squash(hastText(block.statement)))];
  }
  return [chapterIndex, quizAnchor(block.quiz.id), `Quiz : ${squash(hastText(block.question))}`, cut(squash(block.choices.map((c) => hastText(c)).join(" · ")))];
}

function blockText(block: Block, node: Element): string {
  switch (block.kind) {
    case "command":
      return block.code;
    case "file":
      return block.path;
    case "figure":
      return block.alt;
    case "callout":
      return hastText(node);
    default:
      // Output and code excerpts are noise for a search.
      return "";
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function cut(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const at = text.lastIndexOf(" ", MAX_TEXT);
  return `${text.slice(0, at > MAX_TEXT * 0.8 ? at : MAX_TEXT)}…`;
}

