import type { Root as HastRoot } from "hast";
import { exerciseAnchor, quizAnchor } from "./anchors";
import type { Block, ExerciseBlock, QuizBlock } from "./blocks/types";
import type { LinkRef, TransformContext } from "./context";
import { readFrontmatter } from "./frontmatter";
import type { IssueSink } from "./issues";
import { hastText, isElement, mdastToHast, parseChapterMarkdown } from "./markdown";
import type { Frontmatter } from "./schema";
import { transformChapter } from "./transform";
import { frenchSpacing } from "./typography";

export interface Heading {
  depth: number;
  id: string;
  text: string;
}

export interface ParsedChapter {
  slug: string;
  /** Path relative to the repository root, as in error messages. */
  file: string;
  /** Undefined when the frontmatter is invalid (the course then fails to load). */
  frontmatter: Frontmatter | undefined;
  hast: HastRoot;
  blocks: Block[];
  /** Every heading, in order, with its rehype-slug id. */
  headings: Heading[];
  /** Heading ids plus exercise and quiz anchors. */
  anchors: Set<string>;
  links: LinkRef[];
}

/** Parses and validates one chapter; problems go to the sink. */
export function parseChapter(text: string, options: { slug: string; figuresDir: string; sink: IssueSink }): ParsedChapter {
  const { slug, figuresDir, sink } = options;
  const read = readFrontmatter(text.replace(/\r\n?/g, "\n"), sink);
  const { body } = read;
  const frontmatter = read.frontmatter && {
    ...read.frontmatter,
    title: frenchSpacing(read.frontmatter.title),
    description: frenchSpacing(read.frontmatter.description),
    objectives: read.frontmatter.objectives.map(frenchSpacing),
  };

  const ctx: TransformContext = { sink, slug, sandbox: frontmatter?.sandbox ?? true, figuresDir, blocks: [], links: [] };
  const mdast = parseChapterMarkdown(body);
  transformChapter(mdast, ctx);
  const hast = mdastToHast(mdast);

  const headings: Heading[] = [];
  const collect = (node: HastRoot | HastRoot["children"][number]) => {
    if (isElement(node) && /^h[1-6]$/.test(node.tagName) && typeof node.properties.id === "string") {
      headings.push({ depth: Number(node.tagName[1]), id: node.properties.id, text: hastText(node).trim() });
    }
    if ("children" in node) for (const child of node.children) collect(child);
  };
  collect(hast);

  const anchors = new Set(headings.map((h) => h.id));
  for (const block of ctx.blocks) {
    if (block.kind === "exercise") anchors.add(exerciseAnchor(block.exercise.id));
    if (block.kind === "quiz") anchors.add(quizAnchor(block.quiz.id));
  }

  return { slug, file: sink.file, frontmatter, hast, blocks: ctx.blocks, headings, anchors, links: ctx.links };
}

export function exercisesOf(chapter: Pick<ParsedChapter, "blocks">): ExerciseBlock[] {
  return chapter.blocks.filter((b): b is ExerciseBlock => b.kind === "exercise");
}

export function quizzesOf(chapter: Pick<ParsedChapter, "blocks">): QuizBlock[] {
  return chapter.blocks.filter((b): b is QuizBlock => b.kind === "quiz");
}
