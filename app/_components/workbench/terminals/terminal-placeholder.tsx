import { TERMINAL_BACKGROUND } from "./terminal-theme";

/** Same box as the terminal (it fills its parent), while xterm.js loads or the sandbox starts. */
export function TerminalPlaceholder({ text = "Ouverture du terminal…" }: { text?: string }) {
  return (
    <div className="absolute inset-0 px-3 py-2.5 font-mono text-[13px] text-slate-400" style={{ background: TERMINAL_BACKGROUND }} aria-busy="true">
      <span className="inline-flex items-center gap-2">
        <span className="inline-block size-2 animate-pulse rounded-full bg-brand-400" aria-hidden="true" />
        {text}
      </span>
    </div>
  );
}
