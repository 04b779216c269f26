import type { ConnectionState } from "@quai/sandbox-runner/protocol";

/** What the learner reads for each connection state (the runner's close messages add the why). */
export const STATE_LABEL_FR: Record<ConnectionState, string> = {
  connecting: "Connexion…",
  connected: "Connecté",
  reconnecting: "Reconnexion…",
  expired: "Bac à sable expiré",
  closed: "Déconnecté",
};

export const STATE_DOT: Record<ConnectionState, string> = {
  connecting: "bg-amber-400 animate-pulse",
  connected: "bg-emerald-400",
  reconnecting: "bg-amber-400 animate-pulse",
  expired: "bg-rose-500",
  closed: "bg-slate-400",
};

export interface TerminalStatus {
  state: ConnectionState;
  message?: string;
}
