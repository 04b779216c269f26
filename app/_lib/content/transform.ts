import type { Data, Node, Parent, Root, RootContent } from "mdast";
import type { ContainerDirective, LeafDirective, TextDirective } from "mdast-util-directive";
import { calloutBlock } from "./blocks/callout";
import { codeBlock } from "./blocks/code";
import { figureBlock } from "./blocks/figure";
import { isComment, rawHtmlMessage } from "./blocks/fragment";
import { BLOCK_ELEMENT } from "./blocks/types";
import type { Block } from "./blocks/types";
import type { TransformContext } from "./context";

/** The mdast node standing for a block; remark-rehype turns it into `<quai-block data-block=i>`. */
interface QuaiBlockNode extends Parent {
  type: "quaiBlock";
  data: Data & { hName: string; hProperties: { dataBlock: number } };
}

declare module "mdast" {
  interface RootContentMap {
    quaiBlock: QuaiBlockNode;
  }
  interface BlockContentMap {
    quaiBlock: QuaiBlockNode;
  }
}

/**
 * Rewrites a chapter's mdast in place: custom fenced blocks, callouts and
 * figures become block nodes (their data in ctx.blocks), links are
 * collected, and every misuse is reported with its line.
 */
export function transformChapter(tree: Root, ctx: TransformContext): void {
  walkChildren(tree, ctx);
}

function lineOf(node: Node): number {
  return node.position?.start.line ?? 1;
}

function blockNode(ctx: TransformContext, block: Block, children: RootContent[] = []): QuaiBlockNode {
  ctx.blocks.push(block);
  const index = ctx.blocks.length - 1;
  return { type: "quaiBlock", children, data: { hName: BLOCK_ELEMENT, hProperties: { dataBlock: index } } };
}

function walkChildren(parent: Parent, ctx: TransformContext): void {
  const out: RootContent[] = [];
  for (const child of parent.children as RootContent[]) {
    const replaced = transformNode(child, ctx);
    if (replaced) out.push(replaced);
  }
  parent.children = out;
}

function transformNode(node: RootContent, ctx: TransformContext): RootContent | undefined {
  const line = lineOf(node);
  switch (node.type) {
    case "code": {
      const block = codeBlock(node, line, ctx);
      return block ? blockNode(ctx, block) : undefined;
    }
    case "containerDirective": {
      const directive = node as ContainerDirective;
      const block = calloutBlock(directive, line, ctx);
      walkChildren(directive, ctx);
      return block ? blockNode(ctx, block, directive.children as RootContent[]) : undefined;
    }
    case "leafDirective":
    case "textDirective": {
      const directive = node as LeafDirective | TextDirective;
      const colons = node.type === "leafDirective" ? "::" : ":";
      ctx.sink.add(
        line,
        `"${colons}${directive.name}" was read as a directive, and only :::retenir, :::attention and :::bonne-pratique exist; ` +
          `if it is text (an image tag, a port), write it as inline code or escape the colon (\\:)`,
      );
      return { type: "text", value: `${colons}${directive.name}` };
    }
    case "html":
      if (!isComment(node.value)) ctx.sink.add(line, rawHtmlMessage(node.value));
      return undefined;
    case "heading":
      if (node.depth === 1) ctx.sink.add(line, "# headings are reserved for the chapter title (frontmatter title); start sections at ##");
      break;
    case "paragraph": {
      const meaningful = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
      const only = meaningful[0];
      if (meaningful.length === 1 && only?.type === "image") {
        const block = figureBlock(only, lineOf(only), ctx);
        return block ? blockNode(ctx, block) : undefined;
      }
      break;
    }
    case "image":
      ctx.sink.add(line, `image ${node.url}: a figure must stand alone in its own paragraph`);
      return undefined;
    case "link":
    case "definition":
      ctx.links.push({ url: node.url, line });
      break;
  }
  if ("children" in node) walkChildren(node as Parent, ctx);
  return node;
}
