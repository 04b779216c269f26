"use client";

import { XIcon } from "../../ui/icons";
import type { SessionState } from "./sandbox-session";

/** Said once, above the workbench, when opening the page woke a sleeping sandbox. */
export function WokeNotice({ state, onDismiss }: { state: SessionState; onDismiss: () => void }) {
  if (state.kind !== "ready" || !state.session.woke) return null;
  return (
    <div role="status" className="flex items-center gap-2 border-b border-sky-200 bg-sky-50 px-3 py-1.5 text-sm text-sky-950 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
      <p className="min-w-0 flex-1">Votre bac à sable dormait&nbsp;: il vient d&apos;être réveillé, avec vos images, vos conteneurs et vos fichiers.</p>
      <button type="button" onClick={onDismiss} className="grid size-7 shrink-0 place-items-center rounded-md hover:bg-sky-100 dark:hover:bg-sky-900" aria-label="Fermer ce message" title="Fermer ce message">
        <XIcon />
      </button>
    </div>
  );
}
