import type { Finding } from "./main";
import type { Status } from "./verdict";

const MARK: Record<Status, [string, string]> = {
  ok: ["✓", "32"],
  warn: ["⚠", "33"],
  fail: ["✗", "31"],
  skip: ["–", "90"],
};

/** The doctor's findings as French text for a terminal, problems with their fix, and a one-line total. */
export function report(findings: readonly Finding[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = ["Quai — diagnostic de cette machine", ""];
  for (const { title, verdict } of findings) {
    const [mark, code] = MARK[verdict.status];
    lines.push(`${paint(code, mark)} ${title} : ${verdict.summary}`);
    if (verdict.fix) lines.push(`    → ${verdict.fix}`);
  }
  const count = (s: Status) => findings.filter((f) => f.verdict.status === s).length;
  const fails = count("fail");
  const warns = count("warn");
  lines.push("");
  if (fails) lines.push(paint("31", `${fails} problème${fails > 1 ? "s" : ""} bloquant${fails > 1 ? "s" : ""}${warns ? `, ${warns} avertissement${warns > 1 ? "s" : ""}` : ""} : corrigez d'abord les lignes marquées ✗.`));
  else if (warns) lines.push(paint("33", `Aucun problème bloquant ; ${warns} avertissement${warns > 1 ? "s" : ""} à lire.`));
  else lines.push(paint("32", "Tout est en ordre : Quai peut tourner sur cette machine."));
  return `${lines.join("\n")}\n`;
}
