/**
 * Finds docker command lines that need a terminal: `-it`, `-ti` (any short
 * flag cluster holding both i and t), or `-i`/`--interactive` with
 * `-t`/`--tty` on a `run`/`exec` line. Exercise solutions run through
 * `docker exec` without a TTY, where these fail with "the input device is
 * not a TTY". A cluster that also detaches (`-dit`) never attaches, so it is
 * fine.
 */
export function findInteractiveFlags(script: string): Array<{ line: string; flag: string }> {
  const found: Array<{ line: string; flag: string }> = [];
  for (const raw of script.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "");
    if (!/\bdocker\b/.test(line)) continue;
    const tokens = line.split(/\s+/).filter(Boolean);
    const detached = tokens.some((t) => t === "--detach" || (/^-[A-Za-z]+$/.test(t) && t.includes("d")));
    if (detached) continue;
    const cluster = tokens.find((t) => /^-[A-Za-z]{2,}$/.test(t) && t.includes("i") && t.includes("t"));
    if (cluster) {
      found.push({ line: raw, flag: cluster });
      continue;
    }
    const runOrExec = tokens.includes("run") || tokens.includes("exec");
    const interactive = tokens.find((t) => t === "-i" || t === "--interactive");
    const tty = tokens.find((t) => t === "-t" || t === "--tty");
    if (runOrExec && interactive && tty) found.push({ line: raw, flag: `${interactive} ${tty}` });
  }
  return found;
}
