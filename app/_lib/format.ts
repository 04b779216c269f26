/** French durations: « 40 min », « 1 h 30 », « 2 h ». */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")}`;
}

/** « 1 exercice », « 3 exercices », « aucun exercice ». */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  if (count === 0) return `aucun ${singular}`;
  return `${count} ${count > 1 ? pluralForm : singular}`;
}
