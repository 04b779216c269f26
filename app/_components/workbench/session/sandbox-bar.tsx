"use client";

import { useEffect, useState } from "react";
import { ClockIcon, ResetIcon } from "../../ui/icons";
import { STATE_DOT, STATE_LABEL_FR } from "../terminals/connection-state";
import type { TerminalStatus } from "../terminals/connection-state";
import { ConfirmDialog } from "../ui/confirm-dialog";
import type { SessionState } from "./sandbox-session";
import { TIME_LEFT_WARNING_MS, formatTimeLeft } from "./time-left";

interface Props {
  state: SessionState;
  terminal: TerminalStatus | null;
  onReset: () => void;
}

/** The dot and the words: the sandbox's state first, then the active terminal's connection. */
function indicator(state: SessionState, terminal: TerminalStatus | null): [string, string] {
  if (state.kind === "starting" || state.kind === "idle") return [STATE_DOT.connecting, "Démarrage…"];
  if (state.kind === "resetting") return [STATE_DOT.connecting, "Réinitialisation…"];
  if (state.kind === "waiting") return [STATE_DOT.connecting, `En file d'attente (n°\u00A0${state.position})`];
  if (state.kind === "expired" && state.asleep) return ["bg-sky-400", "Endormi"];
  if (state.kind === "error") return ["bg-rose-500", "Indisponible"];
  if (state.kind === "expired") return [STATE_DOT.expired, STATE_LABEL_FR.expired];
  if (terminal) return [STATE_DOT[terminal.state], STATE_LABEL_FR[terminal.state]];
  return [STATE_DOT.connecting, STATE_LABEL_FR.connecting];
}

/** Connection state, time left, and « Réinitialiser » (after a confirmation). */
export function SandboxBar({ state, terminal, onReset }: Props) {
  const [now, setNow] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const expiresAt = state.kind === "ready" || state.kind === "expired" ? state.session.expiresAt : null;
  const left = expiresAt !== null && now !== null ? expiresAt - now : null;
  const [dot, label] = indicator(state, terminal);

  return (
    <div className="flex min-w-0 items-center gap-3 text-xs">
      <span className="flex items-center gap-1.5 font-medium whitespace-nowrap text-slate-700 dark:text-slate-200" role="status" aria-live="polite" data-testid="connection-state">
        <span className={`size-2 shrink-0 rounded-full ${dot}`} aria-hidden="true" />
        {label}
      </span>
      {left !== null && state.kind === "ready" && (
        <span className={`flex items-center gap-1 whitespace-nowrap @max-md:hidden ${left < TIME_LEFT_WARNING_MS ? "font-semibold text-amber-700 dark:text-amber-400" : "text-slate-600 dark:text-slate-400"}`} title={`Votre bac à sable expire dans ${formatTimeLeft(left)} (ou plus tôt après une longue inactivité).`}>
          <ClockIcon className="@3xl:hidden" aria-hidden="true" />
          <span className="sr-only @3xl:not-sr-only">Expire dans </span>
          {formatTimeLeft(left)}
        </span>
      )}
      <button type="button" title="Réinitialiser le bac à sable" className="flex items-center gap-1 rounded-md px-2 py-1 font-medium text-slate-600 hover:bg-slate-200 hover:text-slate-900 disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white" onClick={() => setConfirming(true)} disabled={state.kind === "starting" || state.kind === "resetting"}>
        <ResetIcon /> <span className="sr-only @3xl:not-sr-only">Réinitialiser</span>
      </button>
      <ConfirmDialog
        open={confirming}
        title="Réinitialiser le bac à sable ?"
        confirmLabel="Réinitialiser"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          onReset();
        }}
      >
        <p>Vous repartez d&apos;un hôte Docker neuf : tous vos conteneurs, images, volumes et les fichiers créés dans le terminal seront effacés.</p>
        <p className="mt-2">Vos fichiers de l&apos;éditeur et votre progression dans le cours sont conservés ; les fichiers de l&apos;éditeur seront recopiés dans le nouveau bac à sable.</p>
      </ConfirmDialog>
    </div>
  );
}
