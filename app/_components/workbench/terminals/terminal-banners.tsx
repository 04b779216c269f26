"use client";

import { useFocusWhenShown } from "../ui/use-focus-when-shown";
import { STATE_LABEL_FR } from "./connection-state";
import type { TerminalStatus } from "./connection-state";

/**
 * A connection outage longer than this is not a blip: the focus moves to
 * « Réessayer maintenant ». Shorter ones (a reload, a runner restart) leave
 * it in the terminal, where typed input is held until the shell is back.
 */
export const LASTING_OUTAGE_MS = 5_000;

interface Props {
  status: TerminalStatus | null;
  /** Why reconnecting fails for now (French), if the site knows. */
  problem: string | undefined;
  onRetryNow: () => void;
  onReopen: () => void;
}

/**
 * What the active terminal's connection says, over the terminal: « reconnexion »
 * (top) and « le shell s'est terminé » / « trop de terminaux » (bottom). They
 * sit above xterm's canvases (z-10 over the views' isolated stacking
 * contexts) and come before the views in the DOM, so a real click and the
 * Tab key both reach their buttons.
 */
export function TerminalBanners({ status, problem, onRetryNow, onReopen }: Props) {
  const reconnecting = status?.state === "reconnecting";
  const connecting = status?.state === "connecting";
  const closed = status?.state === "closed" && status.message !== undefined;
  const retryRef = useFocusWhenShown<HTMLButtonElement>(reconnecting, LASTING_OUTAGE_MS);
  const reopenRef = useFocusWhenShown<HTMLButtonElement>(closed);

  return (
    <>
      {(reconnecting || connecting) && (
        <div className="pointer-events-none absolute top-2 right-3 left-3 z-10 flex justify-end">
          <div className="pointer-events-auto flex items-center gap-3 rounded-xl bg-amber-950/90 px-3 py-1.5 text-xs font-medium text-amber-100 ring-1 ring-amber-300/30">
            <span role="status">
              {reconnecting ? "Connexion perdue — reconnexion…" : STATE_LABEL_FR.connecting}
              {problem && <span className="mt-0.5 block font-normal text-amber-100">{problem}</span>}
            </span>
            {reconnecting && (
              <button ref={retryRef} type="button" onClick={onRetryNow} className="rounded-md bg-amber-100 px-2 py-1 font-semibold text-amber-950 hover:bg-white">
                Réessayer maintenant
              </button>
            )}
          </div>
        </div>
      )}
      {closed && (
        <div className="absolute inset-x-3 bottom-3 z-10 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-800/95 px-4 py-3 text-sm text-slate-100 shadow-lg ring-1 ring-white/10" role="alert">
          <span>{status.message}</span>
          <button ref={reopenRef} type="button" className="btn btn-primary" onClick={onReopen}>
            Rouvrir le terminal
          </button>
        </div>
      )}
    </>
  );
}
