"use client";

import { useFocusWhenShown } from "../ui/use-focus-when-shown";
import type { SessionState } from "./sandbox-session";
import { nextStepFr } from "./sandbox-session";

/** The sandbox states that cover the whole workbench. */
export function hasOverlay(state: SessionState): boolean {
  return state.kind === "error" || state.kind === "expired" || state.kind === "resetting" || state.kind === "waiting";
}

interface Props {
  state: SessionState;
  /** « Démarrer un nouveau bac à sable » (expired). */
  onRenew: () => void;
  /** « Réessayer » (the sandbox could not be had: runner away, all taken…). */
  onRetry: () => void;
}

/**
 * Over the whole workbench when there is no sandbox to work in: expired,
 * failed (runner away, full) or being replaced. Its button takes the focus
 * when it appears (if the focus was in the workbench).
 */
export function SessionOverlay({ state, onRenew, onRetry }: Props) {
  const shown = hasOverlay(state);
  const button = useFocusWhenShown<HTMLButtonElement>(shown && state.kind !== "resetting" && state.kind !== "waiting");
  if (!shown) return null;
  return (
    <div className="absolute inset-0 z-10 grid place-items-center bg-slate-100/85 p-6 backdrop-blur-[1px] dark:bg-slate-950/85">
      <div className="card max-w-sm p-6 text-center shadow-lg" role="alert">
        {state.kind === "resetting" ? (
          <>
            <span className="spinner border-brand-200 border-t-brand-600" aria-hidden="true" />
            <p className="mt-3 font-semibold text-slate-900 dark:text-white">Un bac à sable neuf se prépare…</p>
          </>
        ) : state.kind === "waiting" ? (
          <>
            <span className="spinner border-brand-200 border-t-brand-600" aria-hidden="true" />
            <p className="mt-3 font-semibold text-slate-900 dark:text-white">{state.reason === "busy" ? "La machine est très occupée pour le moment" : "Quai est complet pour le moment"}</p>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
              Vous êtes n°&nbsp;{state.position} dans la file d&apos;attente. Votre bac à sable démarrera tout seul dès{" "}
              {state.reason === "busy" ? "que la machine aura repris son souffle" : "qu'une place se libère"}&nbsp;: gardez cette page ouverte et continuez la lecture en attendant.
            </p>
          </>
        ) : state.kind === "expired" && state.asleep ? (
          <>
            <p className="font-semibold text-slate-900 dark:text-white">Votre bac à sable s&apos;est endormi</p>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">Il s&apos;endort après une longue inactivité ou au bout de sa durée de vie. Vos images, vos conteneurs et vos fichiers sont conservés&nbsp;: il se réveille en quelques secondes.</p>
            <button ref={button} type="button" className="btn btn-primary mt-4" onClick={onRenew}>
              Réveiller mon bac à sable
            </button>
          </>
        ) : state.kind === "expired" ? (
          <>
            <p className="font-semibold text-slate-900 dark:text-white">Votre bac à sable a expiré</p>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">Il s&apos;arrête au bout de deux heures, ou après une longue inactivité. Vos fichiers de l&apos;éditeur et votre progression sont conservés.</p>
            <button ref={button} type="button" className="btn btn-primary mt-4" onClick={onRenew}>
              Démarrer un nouveau bac à sable
            </button>
          </>
        ) : state.kind === "error" ? (
          <>
            <p className="font-semibold text-slate-900 dark:text-white">{state.message}</p>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">{nextStepFr(state.code)}</p>
            <button ref={button} type="button" className="btn btn-primary mt-4" onClick={onRetry}>
              Réessayer
            </button>
          </>
        ) : null}
      </div>
    </div>
  );
}
