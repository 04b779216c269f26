import type { Root as HastRoot } from "hast";
import type { Nodes as MdastNodes } from "mdast";
import type { TransformContext } from "../context";
import { mdastToHast, parseFragmentMarkdown } from "../markdown";

/**
 * Markdown written inside a YAML field (exercise statement, hint, quiz text).
 * Links are collected like the chapter's; images and raw HTML have no place
 * there. `firstLine` is the file line where the field's text starts.
 */
export function fragmentToHast(text: string, firstLine: number, ctx: TransformContext, what: string): HastRoot {
  const tree = parseFragmentMarkdown(text);
  const walk = (node: MdastNodes) => {
    const line = firstLine + (node.position?.start.line ?? 1) - 1;
    if (node.type === "link" || node.type === "definition") ctx.links.push({ url: node.url, line });
    if (node.type === "image") ctx.sink.add(line, `${what}: images are not allowed here; put the figure in the chapter text`);
    if (node.type === "html" && !isComment(node.value)) ctx.sink.add(line, `${what}: ${rawHtmlMessage(node.value)}`);
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return mdastToHast(tree);
}

export function isComment(html: string): boolean {
  return /^<!--[\s\S]*-->$/.test(html.trim());
}

/** Raw HTML is dropped by the renderer; most often it is a `<placeholder>` that wanted backticks. */
export function rawHtmlMessage(html: string): string {
  const snippet = html.trim().split("\n")[0]!.slice(0, 40);
  return `raw HTML ${snippet} is not rendered; write it as inline code (\`${snippet}\`) or escape the < as \\<`;
}
