import { basenameOf, dirnameOf } from "../../../_lib/workbench/file-paths";

/**
 * The command « Construire » types into the sandbox's build terminal, and
 * how its output is found again. Paths and tags were validated (no quotes,
 * no spaces), so single quotes are enough.
 *
 * The markers are printed by printf from separate words, so the terminal's
 * echo of the command line never contains them: only the real output does.
 */
export interface BuildRequest {
  chapter: string;
  /** The Dockerfile, relative to the chapter folder; its folder is the build context. */
  dockerfile: string;
  tag: string;
  nonce: string;
}

export const BEGIN = "QUAI_BUILD_BEGIN";
export const END = "QUAI_BUILD_END";

export function buildCommand({ chapter, dockerfile, tag, nonce }: BuildRequest): string {
  const context = ["/root", chapter, dirnameOf(dockerfile)].filter(Boolean).join("/");
  return [
    `printf '\\n%s:%s\\n' ${BEGIN} ${nonce}`,
    `cd '${context}' && docker build --progress=plain -t '${tag}' -f '${basenameOf(dockerfile)}' .`,
    `printf '\\n%s:%s:%s\\n' ${END} ${nonce} "$?"`,
  ].join("; ");
}

export interface BuildOutput {
  started: boolean;
  /** What the build printed (between the markers), with CRLF turned into LF. */
  log: string;
  /** null until the build has finished. */
  exitCode: number | null;
}

/** Finds this build's output in everything the build terminal printed. */
export function readBuildOutput(text: string, nonce: string): BuildOutput {
  const begin = `${BEGIN}:${nonce}`;
  const at = text.indexOf(begin);
  if (at < 0) return { started: false, log: "", exitCode: null };
  const rest = text.slice(at + begin.length).replace(/\r\n/g, "\n").replace(/^\n/, "");
  const end = new RegExp(`\\n?${END}:${nonce}:(\\d+)`).exec(rest);
  if (!end) return { started: true, log: rest, exitCode: null };
  return { started: true, log: rest.slice(0, end.index), exitCode: Number(end[1]) };
}

/**
 * Cuts what the build terminal printed down to its last whole lines within
 * `max / 2` characters once it passes `max`, keeping the running build's BEGIN marker (without it
 * the build could never be found again, nor its end).
 */
export function trimBuildOutput(text: string, nonce: string | null, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(-Math.floor(max / 2));
  const tail = cut.slice(cut.indexOf("\n") + 1); // from a whole line
  const begin = nonce === null ? null : `${BEGIN}:${nonce}`;
  if (begin !== null && text.includes(begin) && !tail.includes(begin)) return `${begin}\n[… début du journal coupé …]\n${tail}`;
  return tail;
}

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
