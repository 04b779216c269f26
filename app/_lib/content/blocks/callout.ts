import type { ContainerDirective } from "mdast-util-directive";
import type { Paragraph } from "mdast";
import type { TransformContext } from "../context";
import { frenchSpacing } from "../typography";
import { CALLOUT_KINDS } from "./types";
import type { CalloutBlock, CalloutKind } from "./types";

/**
 * `:::retenir` / `:::attention` / `:::bonne-pratique`. An optional label
 * (`:::attention[Hors ligne]`) replaces the default French title. Returns
 * undefined (with an issue) for any other name.
 */
export function calloutBlock(node: ContainerDirective, line: number, ctx: TransformContext): CalloutBlock | undefined {
  if (!(CALLOUT_KINDS as readonly string[]).includes(node.name)) {
    ctx.sink.add(line, `unknown directive ":::${node.name}" (known: ${CALLOUT_KINDS.map((k) => `:::${k}`).join(", ")})`);
    return undefined;
  }
  if (node.attributes && Object.keys(node.attributes).length > 0) {
    ctx.sink.add(line, `:::${node.name} takes no {attributes}`);
  }
  const first = node.children[0];
  let title: string | undefined;
  if (first?.type === "paragraph" && (first as Paragraph).data?.directiveLabel) {
    title = frenchSpacing(plainText(first as Paragraph).trim()) || undefined;
    node.children.shift();
  }
  if (node.children.length === 0) ctx.sink.add(line, `:::${node.name} is empty`);
  return { kind: "callout", line, variant: node.name as CalloutKind, title };
}

function plainText(node: { type: string; value?: string; children?: unknown[] }): string {
  if (typeof node.value === "string") return node.value;
  return (node.children ?? []).map((c) => plainText(c as typeof node)).join("");
}
