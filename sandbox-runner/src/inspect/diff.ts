import type { FileChange } from "../protocol/index.js";

/** Parses `docker diff` (`C /etc`, `A /etc/x`, `D /tmp/y`). */
export function parseDiff(output: string): FileChange[] {
  const changes: FileChange[] = [];
  for (const line of output.split("\n")) {
    const m = /^([ACD]) (\/.*)$/.exec(line);
    if (m) changes.push({ kind: m[1] as FileChange["kind"], path: m[2]! });
  }
  return changes;
}
