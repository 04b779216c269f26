/** « à l'instant », « il y a 4 min », « il y a 2 h ». */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 45) return "à l'instant";
  const m = Math.round(s / 60);
  if (m < 60) return `il y a ${m} min`;
  return `il y a ${Math.round(m / 60)} h`;
}

/** Time left on a sandbox: « 1 h 05 », « 12 min », « terminé ». */
export function timeLeft(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return "—";
  const m = Math.floor((expiresAt - now) / 60_000);
  if (m < 0) return "terminé";
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")}`;
}
