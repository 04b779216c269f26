import type { ReactNode } from "react";
import type { BlockOf } from "../../_lib/content";
import type { CalloutKind } from "../../_lib/content/blocks/types";
import { AlertIcon, BookmarkIcon, SparkIcon } from "../ui/icons";

const KINDS: Record<CalloutKind, { label: string; Icon: typeof AlertIcon }> = {
  retenir: { label: "À retenir", Icon: BookmarkIcon },
  attention: { label: "Attention", Icon: AlertIcon },
  "bonne-pratique": { label: "Bonne pratique", Icon: SparkIcon },
};

/** `:::retenir`, `:::attention`, `:::bonne-pratique`: a titled box, styled per kind. */
export function Callout({ block, children }: { block: BlockOf<"callout">; children: ReactNode }) {
  const { label, Icon } = KINDS[block.variant];
  return (
    <aside className={`callout callout-${block.variant}`} aria-label={block.title ?? label}>
      <div className="callout-title">
        <Icon className="callout-icon" />
        {block.title ?? label}
      </div>
      <div className="callout-body">{children}</div>
    </aside>
  );
}
