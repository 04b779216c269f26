import type { Element, Root, RootContent } from "hast";
import Link from "next/link";
import type { CSSProperties, ReactNode } from "react";
import { createElement } from "react";
import { BLOCK_ELEMENT } from "../../_lib/content/blocks/types";

/** Renders a block element (`<quai-block data-block=i>`); children are its rendered markdown content. */
export type BlockRenderer = (index: number, children: ReactNode) => ReactNode;

/** Elements whose whitespace-only text children React rejects (invalid DOM nesting). */
const NO_TEXT_CHILDREN = new Set(["table", "thead", "tbody", "tfoot", "tr"]);

/**
 * hast → React elements, on the server. Standard markdown output maps to
 * plain HTML (styled by .prose-quai); headings get a "#" link; blocks go
 * through the author component registry via `renderBlock`.
 */
export function renderHast(tree: Root, renderBlock?: BlockRenderer): ReactNode {
  return renderChildren(tree.children, renderBlock, "");
}

function renderChildren(children: RootContent[], renderBlock: BlockRenderer | undefined, parentTag: string): ReactNode[] {
  const out: ReactNode[] = [];
  children.forEach((child, i) => {
    if (child.type === "text") {
      if (NO_TEXT_CHILDREN.has(parentTag) && child.value.trim() === "") return;
      out.push(child.value);
    } else if (child.type === "element") {
      out.push(renderElement(child, renderBlock, i));
    }
    // comments, doctypes and raw HTML are never rendered (the validator rejects raw HTML).
  });
  return out;
}

function renderElement(node: Element, renderBlock: BlockRenderer | undefined, key: number): ReactNode {
  const children = renderChildren(node.children as RootContent[], renderBlock, node.tagName);
  if (node.tagName === BLOCK_ELEMENT) {
    const index = Number(node.properties.dataBlock);
    return renderBlock ? <BlockSlot key={key}>{renderBlock(index, children)}</BlockSlot> : null;
  }
  const props = toReactProps(node);
  switch (node.tagName) {
    case "h2":
    case "h3":
    case "h4": {
      const id = typeof node.properties.id === "string" ? node.properties.id : undefined;
      return createElement(
        node.tagName,
        { key, id, className: "heading group" },
        children,
        id ? (
          <a key="anchor" href={`#${id}`} className="heading-anchor" aria-label="Lien vers cette section">
            #
          </a>
        ) : null,
      );
    }
    case "a": {
      const href = String(node.properties.href ?? "");
      if (href.startsWith("/cours/") || href === "/") {
        return (
          <Link key={key} href={href}>
            {children}
          </Link>
        );
      }
      if (/^https?:/i.test(href)) {
        return (
          <a key={key} {...props} target="_blank" rel="noreferrer">
            {children}
          </a>
        );
      }
      return createElement("a", { key, ...props }, children);
    }
    case "table":
      return (
        <div key={key} className="table-wrap">
          <table {...props}>{children}</table>
        </div>
      );
    case "input":
      return createElement("input", { key, ...props, readOnly: true });
    default:
      return createElement(node.tagName, { key, ...props }, children.length > 0 ? children : undefined);
  }
}

/** Keeps the block's key stable without adding a DOM wrapper. */
function BlockSlot({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function toReactProps(node: Element): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  let style: CSSProperties | undefined;
  for (const [name, value] of Object.entries(node.properties)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") props.className = Array.isArray(value) ? value.join(" ") : String(value);
    else if (name === "align" && (node.tagName === "td" || node.tagName === "th")) style = { textAlign: String(value) as CSSProperties["textAlign"] };
    else if (/^(data|aria)[A-Z]/.test(name)) props[name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)] = Array.isArray(value) ? value.join(" ") : value;
    else props[name] = Array.isArray(value) ? value.join(" ") : value;
  }
  if (style) props.style = style;
  return props;
}
