import type { Dashboard } from "./contract";

/** RFC 4180 field; a leading = + - @ is quoted behind an apostrophe so a spreadsheet never runs it as a formula. */
function field(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The workshop's progress for a spreadsheet: one row per learner, one
 * column per exercise (« réussi », « en cours (n essais) » or empty), with
 * totals. Comma-separated, UTF-8 with a BOM so Excel reads the accents.
 */
export function progressCsv(d: Pick<Dashboard, "exercises" | "roster">): string {
  const header = ["Nom", "Arrivée", "Dernière activité", "Exercices réussis", "Exercices tentés", "Essais ratés", ...d.exercises.map((e) => `${e.title} (${e.id})`)];
  const rows = d.roster.map((r) => [
    r.name,
    r.joinedAt,
    r.lastActivityAt,
    r.passed,
    r.attempted,
    r.failures,
    ...d.exercises.map((e) => {
      const s = r.exercises[e.id];
      if (!s) return "";
      return s.passedAt ? "réussi" : `en cours (${s.attempts} essai${s.attempts > 1 ? "s" : ""})`;
    }),
  ]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(",")).join("\r\n")}\r\n`;
}
