/**
 * WebSocket close codes and the French sentence a learner sees for each.
 * The browser maps a code to its message; the runner never sends prose a
 * learner must parse.
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  TooBig: 1009,
  BadFrame: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  SandboxGone: 4404,
  TooManyTerminals: 4409,
  TerminalExited: 4410,
  Replaced: 4411,
  TooManyViewers: 4412,
  SandboxAsleep: 4413,
  /** A trainer's view changes role (« prendre la main » given or taken back): it reconnects at once with its new role. */
  RoleChanged: 4414,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export const closeMessagesFr: Record<number, string> = {
  [CloseCode.GoingAway]: "Le service des bacs à sable redémarre. Reconnexion…",
  [CloseCode.TooBig]: "Message trop volumineux : le terminal a été déconnecté.",
  [CloseCode.BadFrame]: "Message illisible reçu : le terminal a été déconnecté.",
  [CloseCode.Unauthorized]: "Votre accès au terminal a expiré. Rechargez la page.",
  [CloseCode.Forbidden]: "Accès refusé à ce bac à sable.",
  [CloseCode.SandboxGone]: "Votre bac à sable s'est arrêté. Demandez-en un nouveau avec « Réinitialiser ».",
  [CloseCode.TooManyTerminals]: "Trop de terminaux ouverts sur ce bac à sable. Fermez-en un.",
  [CloseCode.TerminalExited]: "Le shell s'est terminé. Ouvrez un nouveau terminal.",
  [CloseCode.Replaced]: "Ce terminal a été ouvert dans un autre onglet.",
  [CloseCode.SandboxAsleep]: "Votre bac à sable s'est endormi : tout ce qu'il contient est conservé, il se réveille à votre retour.",
  [CloseCode.TooManyViewers]: "Ce terminal est déjà ouvert dans trop d'onglets. Fermez-en un.",
  [CloseCode.RoleChanged]: "Changement de main sur ce terminal : reconnexion…",
};

/** Codes after which reconnecting with the same terminal makes sense. */
export function isRetryable(code: number): boolean {
  return code === CloseCode.GoingAway || code === 1006 || code === 1005 || code === 1011 || code === 1012;
}
