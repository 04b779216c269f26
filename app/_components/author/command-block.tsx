import type { BlockOf } from "../../_lib/content";
import { TerminalIcon } from "../ui/icons";
import { CommandActions } from "./command-actions";
import { highlight } from "./highlight";

/** A shell block: the commands, with Exécuter (when runnable) and Copier. */
export function CommandBlock({ block }: { block: Pick<BlockOf<"command">, "code" | "lang" | "runnable"> }) {
  return (
    <div className="code-card not-prose">
      <div className="code-header">
        <span className="code-label">
          <TerminalIcon />
          {block.runnable ? "Terminal" : "Terminal · à lancer sur votre machine"}
        </span>
        <CommandActions command={block.code} runnable={block.runnable} />
      </div>
      <pre className="code-body" tabIndex={0}>
        <code>{highlight(block.code, block.lang)}</code>
      </pre>
    </div>
  );
}
