import { Writable, type Duplex } from "node:stream";
import { posix } from "node:path";
import type Docker from "dockerode";
import tar from "tar-stream";
import type { ExecRequest, ExecResult, FileEntry, TerminalProcess, TerminalTarget } from "./driver.js";
import { DtachStream } from "./dtach-stream.js";
import { guardDetachKeys } from "./detach-guard.js";
import { wrap } from "./errors.js";

/** Extra time past the in-sandbox `timeout` before the runner gives up on the stream. */
const STREAM_GRACE_MS = 3000;

/** Collects at most `max` bytes; counts what it dropped. */
class Capped extends Writable {
  private parts: Buffer[] = [];
  private kept = 0;
  dropped = false;
  constructor(private readonly max: number) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    const room = this.max - this.kept;
    if (room > 0) {
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.parts.push(piece);
      this.kept += piece.length;
    }
    if (chunk.length > room) this.dropped = true;
    done();
  }
  text(): string {
    return Buffer.concat(this.parts).toString("utf8");
  }
}

/**
 * How the runner's commands reach a sandbox's learner side (the image's
 * /usr/lib/quai, see entrypoint.sh): ENTER runs in every namespace of the
 * learner, with the learner's programs (terminals, file writes); RUN uses the
 * image's own programs, read-only, with the learner's files and engine
 * (checks and inspections, so that no replaced tool can fake them).
 */
export const ENTER = ["/usr/lib/quai/quai-enter"];
export const RUN = ["/usr/lib/quai/quai-run"];

/**
 * Docker's exec streams have detach keys (ctrl-p,ctrl-q unless told
 * otherwise; an empty value means that default): typed in a terminal they
 * would detach the runner from the shell instead of reaching it, and
 * chapter 04 teaches exactly that sequence for `docker run -it`. This one is
 * no key anyone types (ctrl-^ ctrl-@ three times), and Terminal.input removes
 * it from what a learner sends (see detach-guard.ts): it can never match.
 */
export const DETACH_KEYS = "ctrl-^,ctrl-@,ctrl-^,ctrl-@,ctrl-^,ctrl-@";

/**
 * Runs argv in the container without a TTY. The command is wrapped in
 * coreutils `timeout` so a runaway check is killed inside the sandbox (the
 * Engine API has no way to kill an exec); the runner also stops waiting.
 * `via` goes before it (RUN for a sandbox: the learner's side, the image's
 * `timeout`); the working directory is passed as QUAI_WORKDIR, since it may
 * exist on the learner's side only.
 */
export async function execInContainer(docker: Docker, container: Docker.Container, r: ExecRequest, via: string[] = []): Promise<ExecResult> {
  const started = performance.now();
  const seconds = Math.max(1, Math.ceil(r.timeoutMs / 1000));
  const stdout = new Capped(r.maxOutputBytes);
  const stderr = new Capped(r.maxOutputBytes);
  let stream: NodeJS.ReadWriteStream;
  let exec: Docker.Exec;
  try {
    exec = await container.exec({
      Cmd: [...via, "timeout", "-k", "2", String(seconds), ...r.argv],
      AttachStdout: true,
      AttachStderr: true,
      WorkingDir: via.length > 0 ? "/" : (r.workdir ?? "/root"),
      Env: [...Object.entries(r.env ?? {}).map(([k, v]) => `${k}=${v}`), `QUAI_WORKDIR=${r.workdir ?? "/root"}`],
    });
    stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadWriteStream;
  } catch (err) {
    throw wrap("exec", err);
  }
  docker.modem.demuxStream(stream, stdout, stderr);
  const ended = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), r.timeoutMs + STREAM_GRACE_MS);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.on("end", done);
    stream.on("close", done);
    stream.on("error", done);
  });
  if (!ended) (stream as unknown as { destroy(): void }).destroy();
  const code = ended ? await exitCodeOf(exec) : null;
  return {
    exitCode: code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    // coreutils timeout: 124 when it sent SIGTERM, 137 when -k had to SIGKILL.
    timedOut: !ended || code === 124,
    truncated: stdout.dropped || stderr.dropped,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Sets every frozen cgroup below `root` (only paths containing `under`, when
 * given) back to running: cgroup v1 `freezer.state`, v2 `cgroup.freeze`.
 * Always exits 0: cgroups may vanish while it runs.
 */
export function thawScript(root: string, under?: string): string {
  const path = under === undefined ? "" : ` -path '*${under}*'`;
  return [
    `find ${root}${path} -name freezer.state -exec sh -c 'echo THAWED > "$1"' _ {} \\; 2>/dev/null`,
    `find ${root}${path} -name cgroup.freeze -exec sh -c 'echo 0 > "$1"' _ {} \\; 2>/dev/null`,
    "true",
  ].join("; ");
}

/**
 * A container the learner paused inside the sandbox sits in a frozen cgroup,
 * and frozen processes cannot be killed: removing the sandbox would hang and
 * fail. Thawing every nested cgroup first (v1 freezer.state, v2
 * cgroup.freeze) works even when the nested dockerd does not answer.
 */
export const THAW_SCRIPT = thawScript("/sys/fs/cgroup");

/** Runs THAW_SCRIPT in the sandbox; false when it could not run there (no exec possible, or no answer in 5 s). */
export async function thawNested(container: Docker.Container): Promise<boolean> {
  try {
    const exec = await container.exec({ Cmd: ["sh", "-c", THAW_SCRIPT], AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const ended = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        resolve(false);
      }, 5000);
      stream.on("end", () => (clearTimeout(timer), resolve(true)));
      stream.on("error", () => (clearTimeout(timer), resolve(false)));
      stream.resume();
    });
    return ended && (await exec.inspect()).ExitCode === 0;
  } catch {
    return false;
  }
}

/** The exit code, once the engine has recorded it (it can trail the stream's end by a few ms). */
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((r) => setTimeout(r, 10));
  }
  return null;
}

/** The sandbox's holder of terminal shells (the image's /usr/lib/quai/quai-term, outer side). */
export const QUAI_TERM = "/usr/lib/quai/quai-term";

/**
 * A TTY through the Engine API's exec stream (no `docker exec` process). For
 * a shell, the exec is a dtach client (quai-term open): the login shell, on
 * the learner's side, lives under a dtach master in the sandbox and outlives
 * this exec, so a runner that restarts attaches to the same shell, and its
 * exit code is read from the holder once it ended. For a job, `command`
 * itself on that TTY (no shell: its argv as given, its exit code the exec's).
 */
export async function openTerminalIn(docker: Docker, container: Docker.Container, size: { cols: number; rows: number }, target: TerminalTarget): Promise<TerminalProcess> {
  const job = "job" in target ? target.job : null;
  const shell = "shell" in target ? target.shell : "";
  try {
    const exec = await container.exec({
      Cmd: job ? [...ENTER, ...job.argv] : [QUAI_TERM, "open", shell],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      DetachKeys: DETACH_KEYS,
      WorkingDir: "/",
      // The width the welcome text wraps to: the TTY is resized only once the shell has started.
      Env: ["TERM=xterm-256color", "COLORTERM=truecolor", "LANG=fr_FR.UTF-8", "LC_ALL=fr_FR.UTF-8", `QUAI_TERM_COLS=${size.cols}`, `QUAI_WORKDIR=${job?.workdir ?? "/root"}`],
    });
    const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
    const socket = (stream as unknown as { socket?: { setNoDelay?: (v: boolean) => void } }).socket;
    socket?.setNoDelay?.(true);
    const resize = async (cols: number, rows: number) => {
      try {
        await exec.resize({ w: cols, h: rows });
      } catch (err) {
        throw wrap("resize terminal", err);
      }
    };
    await resize(size.cols, size.rows);
    const guarded = guardDetachKeys(stream as unknown as Duplex);
    if (job) return { stream: guarded, resize, exitCode: () => exitCodeOf(exec) };
    return {
      stream: new DtachStream(guarded),
      resize,
      exitCode: async () => {
        // dtach's client always exits 0: the shell's own code is the holder's.
        const r = await execInContainer(docker, container, { argv: [QUAI_TERM, "exit", shell], timeoutMs: 5000, maxOutputBytes: 64 });
        const code = Number.parseInt(r.stdout.trim(), 10);
        return Number.isInteger(code) ? code : null;
      },
    };
  } catch (err) {
    throw wrap(job ? `start ${job.argv.slice(0, 2).join(" ")}` : `open terminal ${shell}`, err);
  }
}

/** The ids of the shells quai-term still holds in the sandbox. */
export async function terminalShellsIn(docker: Docker, container: Docker.Container): Promise<string[]> {
  const r = await execInContainer(docker, container, { argv: [QUAI_TERM, "list"], timeoutMs: 10_000, maxOutputBytes: 4096 });
  if (r.exitCode !== 0) throw new Error(`list terminal shells: quai-term exited with ${r.exitCode}: ${r.stderr.trim().slice(-300)}`);
  return r.stdout.split("\n").filter((line) => /^[a-z0-9-]{1,36}$/.test(line));
}

/** The running shell `shell` answers to `alias` from now on (quai-term alias). */
export async function aliasShellIn(docker: Docker, container: Docker.Container, shell: string, alias: string): Promise<void> {
  const r = await execInContainer(docker, container, { argv: [QUAI_TERM, "alias", shell, alias], timeoutMs: 10_000, maxOutputBytes: 4096 });
  if (r.exitCode !== 0) throw new Error(`alias terminal shell ${shell} as ${alias}: quai-term exited with ${r.exitCode}: ${r.stderr.trim().slice(-300)}`);
}

/** Ends the shell `shell` (its dtach master; the shell gets SIGHUP, as when a terminal's TTY closes). */
export async function endShellIn(docker: Docker, container: Docker.Container, shell: string): Promise<void> {
  const r = await execInContainer(docker, container, { argv: [QUAI_TERM, "end", shell], timeoutMs: 10_000, maxOutputBytes: 4096 });
  if (r.exitCode !== 0) throw new Error(`end terminal shell ${shell}: quai-term exited with ${r.exitCode}: ${r.stderr.trim().slice(-300)}`);
}

/**
 * Writes files under `dir` on the learner's side: one tar piped to `tar -x`
 * there (the Engine API's archive upload writes into the container's own
 * root, which the learner's side does not see), owned by the learner's root.
 */
export async function putFilesIn(docker: Docker, container: Docker.Container, dir: string, files: FileEntry[]): Promise<void> {
  const pack = tar.pack();
  const root = dir.replace(/^\/+/, "");
  for (const f of files) {
    pack.entry({ name: posix.join(root, f.path), mode: 0o644, mtime: new Date() }, Buffer.from(f.content));
  }
  pack.finalize();
  const what = `write ${files.length} file(s) under ${dir}`;
  let exec: Docker.Exec;
  let stream: NodeJS.ReadWriteStream;
  try {
    exec = await container.exec({
      Cmd: [...ENTER, "tar", "-x", "-f", "-", "-C", "/", "--no-same-owner", "--no-overwrite-dir"],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      WorkingDir: "/",
    });
    stream = (await exec.start({ hijack: true, stdin: true })) as NodeJS.ReadWriteStream;
  } catch (err) {
    throw wrap(what, err);
  }
  const errors = new Capped(4096);
  docker.modem.demuxStream(stream, new Capped(0), errors);
  const ended = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      (stream as unknown as { destroy(): void }).destroy();
      reject(new Error(`${what}: no answer in 30 s`));
    }, 30_000);
    const done = () => (clearTimeout(timer), resolve());
    stream.on("end", done);
    stream.on("close", done);
    stream.on("error", (err: Error) => (clearTimeout(timer), reject(wrap(what, err))));
  });
  // The tar, then end of input: tar -x finishes and the stream closes.
  pack.pipe(stream as unknown as NodeJS.WritableStream);
  await ended;
  const code = await exitCodeOf(exec);
  if (code !== 0) throw new Error(`${what}: tar exited with ${code}: ${errors.text().trim().slice(-300)}`);
}
