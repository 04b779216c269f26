import type { IssueSink } from "./issues";
import { frontmatterSchema } from "./schema";
import type { Frontmatter } from "./schema";
import { parseYamlBlock } from "./yaml-block";

export interface SplitChapter {
  frontmatter: Frontmatter | undefined;
  /**
   * The markdown after the frontmatter, with the frontmatter lines blanked
   * out so that positions in the parsed tree are file lines.
   */
  body: string;
}

/** Splits `---` YAML `---` off a chapter and validates it. */
export function readFrontmatter(text: string, sink: IssueSink): SplitChapter {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") {
    sink.add(1, "missing frontmatter: the file must start with a --- line, YAML, then ---");
    return { frontmatter: undefined, body: text };
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === "---");
  if (end === -1) {
    sink.add(1, "unterminated frontmatter: no closing --- line");
    return { frontmatter: undefined, body: "" };
  }
  const source = lines.slice(1, end).join("\n");
  const frontmatter = parseYamlBlock(frontmatterSchema, source, { firstLine: 2, sink, what: "frontmatter" })?.data;
  const body = "\n".repeat(end + 1) + lines.slice(end + 1).join("\n");
  return { frontmatter, body };
}
