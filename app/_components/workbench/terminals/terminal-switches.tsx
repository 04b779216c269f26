"use client";

import { TERMINAL_HINT_ID } from "./terminal-keys";
import { setTerminalPreferences } from "./terminal-preferences";
import { useTerminalPreferences } from "./use-terminal-preferences";

export { TERMINAL_HINT_ID };

/**
 * The terminals' switches, in their tab bar: xterm's screen-reader mode
 * (remembered), and what « Tab » does now. Ctrl+M in a terminal flips the
 * latter; the change is announced (role=status) and shown.
 */
export function TerminalSwitches() {
  const { screenReader, tabExits } = useTerminalPreferences();
  return (
    <div className="ml-auto flex shrink-0 items-center gap-1.5 text-xs">
      <span role="status" className={tabExits ? "rounded-md bg-amber-100 px-2 py-0.5 font-semibold text-amber-950" : "sr-only"}>
        {tabExits ? "Tab quitte le terminal (Ctrl+M pour revenir)" : "Tab complète les commandes dans le terminal"}
      </span>
      <button
        type="button"
        aria-pressed={screenReader}
        onClick={() => setTerminalPreferences({ screenReader: !screenReader })}
        className={`rounded-md px-2 py-1 font-medium ${screenReader ? "bg-white/15 text-white" : "text-slate-300 hover:bg-white/10 hover:text-white"}`}
        title="Rend le contenu du terminal lisible par un lecteur d'écran (réglage conservé)"
      >
        Mode lecteur d&apos;écran
      </button>
      <p id={TERMINAL_HINT_ID} className="sr-only">
        Dans le terminal, Tab complète les commandes. Pour en sortir au clavier : Ctrl+M, puis Tab ou Maj+Tab ; Ctrl+M à nouveau rend Tab au shell. Copier la sélection : Ctrl+Maj+C ; coller : Ctrl+Maj+V.
      </p>
    </div>
  );
}
