export interface Change {
  kind: "A" | "C" | "D";
  path: string;
}

/** Parses `docker diff` (`C /etc`, `A /etc/x`, `D /tmp/y`). */
export function parseDiff(output: string): Change[] {
  const changes: Change[] = [];
  for (const line of output.split("\n")) {
    const m = /^([ACD]) (\/.*)$/.exec(line);
    if (m) changes.push({ kind: m[1] as Change["kind"], path: m[2]! });
  }
  return changes;
}
