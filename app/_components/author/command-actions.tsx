"use client";

import { CopyButton } from "../ui/copy-button";
import { PlayIcon } from "../ui/icons";
import { RUN_COMMAND_EVENT, sendToWorkbench, showToast } from "../../_lib/workbench-events";
import type { RunCommandDetail } from "../../_lib/workbench-events";

/** « ▶ Exécuter » (sent to the workbench terminal) and « Copier ». */
export function CommandActions({ command, runnable }: { command: string; runnable: boolean }) {
  function run() {
    const handled = sendToWorkbench<RunCommandDetail>(RUN_COMMAND_EVENT, { command });
    if (!handled) showToast("Ce chapitre n'a pas de terminal : copiez la commande pour la lancer sur votre machine.");
  }
  return (
    <div className="flex items-center gap-1">
      {runnable && (
        <button type="button" onClick={run} className="code-btn code-btn-run">
          <PlayIcon />
          <span>Exécuter</span>
        </button>
      )}
      <CopyButton text={command} />
    </div>
  );
}
