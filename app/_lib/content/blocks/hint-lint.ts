/**
 * Hints guide; only the last one may hand over the answer. A hint "gives
 * away" the solution when one of its inline code spans holds a whole
 * command line of the solution (whitespace aside): `docker kill condamne`
 * in the first hint of an exercise whose solution runs it.
 */
export function findGivenAwayCommands(hint: string, solution: string): string[] {
  const commands = solution
    .split("\n")
    .map(normalize)
    .filter((l) => l !== "" && !l.startsWith("#") && /\bdocker\b/.test(l));
  if (commands.length === 0) return [];
  const spans = [...hint.matchAll(/`([^`]+)`/g)].map((m) => normalize(m[1]!.replace(/\\"/g, '"')));
  return commands.filter((command, i) => commands.indexOf(command) === i && spans.some((span) => span.includes(command)));
}

function normalize(line: string): string {
  return line.trim().replace(/\s+/g, " ");
}
