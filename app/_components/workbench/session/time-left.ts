/** « 1 h 52 », « 12 min », « moins d'une minute »: how long the sandbox still lives. */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return "expiré";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "moins d'une minute";
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")}`;
}

/** Under this, the time left is shown as a warning. */
export const TIME_LEFT_WARNING_MS = 10 * 60_000;
