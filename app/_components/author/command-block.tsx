import type { BlockOf } from "../../_lib/content";
import { TerminalIcon } from "../ui/icons";
import { CommandActions } from "./command-actions";
import { highlight } from "./highlight";

type Shown = Pick<BlockOf<"command">, "code" | "lang" | "runnable"> & Partial<Pick<BlockOf<"command">, "expect" | "inside">>;

/** What the header says: where the commands run, and whether the course expects an error. */
export function commandLabel(block: Shown): string {
  if (!block.runnable) return "Terminal · à lancer sur votre machine";
  const where = block.inside ? "Terminal · dans le conteneur ouvert plus haut" : "Terminal";
  return block.expect === "failure" ? `${where} · erreur attendue` : where;
}

/** A shell block: the commands, with Exécuter (when runnable) and Copier. */
export function CommandBlock({ block }: { block: Shown }) {
  return (
    <div className="code-card not-prose">
      <div className="code-header">
        <span className="code-label">
          <TerminalIcon />
          {commandLabel(block)}
        </span>
        <CommandActions command={block.code} runnable={block.runnable} />
      </div>
      <pre className="code-body" tabIndex={0}>
        <code>{highlight(block.code, block.lang)}</code>
      </pre>
    </div>
  );
}
