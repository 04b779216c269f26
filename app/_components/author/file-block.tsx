import type { BlockOf } from "../../_lib/content";
import { FileIcon } from "../ui/icons";
import { FileActions } from "./file-actions";
import { highlight } from "./highlight";

/** A file of the chapter's build context, headed by its path (it lives in ~/<chapter>/<path>). */
export function FileBlock({ block, chapter }: { block: BlockOf<"file">; chapter: string }) {
  return (
    <div className="code-card not-prose">
      <div className="code-header">
        <span className="code-label min-w-0" title={`~/${chapter}/${block.path}`}>
          <FileIcon />
          <span className="truncate font-mono text-[0.8rem] normal-case tracking-normal text-slate-200">{block.path}</span>
        </span>
        <FileActions path={block.path} content={block.code} chapter={chapter} editable={block.editable} />
      </div>
      <pre className="code-body" tabIndex={0}>
        <code>{highlight(block.code, block.lang)}</code>
      </pre>
    </div>
  );
}
