import type { Element, Root as HastRoot, RootContent as HastContent } from "hast";
import type { Root as MdastRoot } from "mdast";
import rehypeSlug from "rehype-slug";
import remarkDirective from "remark-directive";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { rehypeFrenchSpacing } from "./typography";

/** One parser for every piece of course markdown: CommonMark + GFM + directives. */
const chapterParser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective).freeze();

/** Markdown inside YAML fields (statements, hints, quiz text): no directives there. */
const fragmentParser = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * mdast → hast, with github-slugger ids on headings exactly as rehype-slug
 * gives them (computed from the text as typed), then French spacing.
 */
const toHastPipeline = unified().use(remarkRehype).use(rehypeSlug).use(rehypeFrenchSpacing).freeze();

export function parseChapterMarkdown(text: string): MdastRoot {
  return chapterParser.parse(text);
}

export function parseFragmentMarkdown(text: string): MdastRoot {
  return fragmentParser.parse(text);
}

export function mdastToHast(tree: MdastRoot): HastRoot {
  return toHastPipeline.runSync(tree) as HastRoot;
}

export function hastText(node: HastRoot | HastContent): string {
  if (node.type === "text") return node.value;
  if ("children" in node) return (node.children as HastContent[]).map(hastText).join("");
  return "";
}

export function isElement(node: HastRoot | HastContent, tagName?: string): node is Element {
  return node.type === "element" && (tagName === undefined || node.tagName === tagName);
}
