"use client";

import { CopyButton } from "../ui/copy-button";
import { EditIcon } from "../ui/icons";
import { OPEN_FILE_EVENT, sendToWorkbench, showToast } from "../../_lib/workbench-events";
import type { OpenFileDetail } from "../../_lib/workbench-events";

/** « Ouvrir dans l'éditeur » (sent to the workbench editor) and « Copier ». */
export function FileActions({ path, content, chapter, editable }: OpenFileDetail & { editable: boolean }) {
  function open() {
    const handled = sendToWorkbench<OpenFileDetail>(OPEN_FILE_EVENT, { path, content, chapter });
    if (!handled) showToast("Ce chapitre n'a pas d'éditeur : copiez le fichier pour l'utiliser sur votre machine.");
  }
  return (
    <div className="flex items-center gap-1">
      {editable && (
        <button type="button" onClick={open} className="code-btn code-btn-run">
          <EditIcon />
          <span>
            Ouvrir <span className="max-sm:hidden">dans l&apos;éditeur</span>
          </span>
        </button>
      )}
      <CopyButton text={content} />
    </div>
  );
}
