/** « Lancer » after a build: the image's EXPOSEd ports and the command typed in the terminal. */

/** Ports an image declares with EXPOSE, from its layer instructions (`EXPOSE map[80/tcp:{}]` or `EXPOSE 80`). */
export function exposedPorts(instructions: readonly string[]): number[] {
  const ports = new Set<number>();
  for (const instruction of instructions) {
    if (!/^EXPOSE\b/.test(instruction)) continue;
    for (const m of instruction.matchAll(/(\d{1,5})(?:\/(tcp|udp))?/g)) if (m[2] !== "udp") ports.add(Number(m[1]));
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * « Lancer »: a server image (it EXPOSEs a port) runs in the background,
 * published on the first free port from 8080, so the preview shows it; any
 * other image runs in the foreground and is removed when it stops.
 */
export function launchCommand(tag: string, exposed: readonly number[], usedPorts: readonly number[], usedNames: readonly string[]): string {
  if (exposed.length === 0) return `docker run --rm -it ${tag}`;
  let hostPort = 8080;
  while (usedPorts.includes(hostPort)) hostPort++;
  const base = tag.replace(/:[^/:]*$/, "").split("/").pop()!.replace(/[^a-z0-9_.-]/g, "-");
  let name = base;
  for (let n = 2; usedNames.includes(name); n++) name = `${base}-${n}`;
  return `docker run -d --name ${name} -p ${hostPort}:${exposed[0]} ${tag}`;
}
