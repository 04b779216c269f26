import type { RunnerClient } from "../runner-client";
import type { EditorFile } from "./file-paths";

/** Where a chapter's files live in the sandbox (docs/authoring.md: ~/<chapter>/<path>). */
export function chapterDir(chapter: string): string {
  return `/root/${chapter}`;
}

/**
 * Writes the editor's files into the sandbox and removes the ones the learner
 * deleted or renamed, so `docker build` sees exactly the editor's context.
 * Paths were validated (no quotes, no spaces, no `..`), so single quotes are
 * enough to pass them to rm.
 */
export async function syncFilesToSandbox(runner: RunnerClient, sandboxId: string, chapter: string, files: readonly EditorFile[], removed: readonly string[]): Promise<void> {
  const dir = chapterDir(chapter);
  if (removed.length > 0) {
    const targets = removed.map((p) => `'${dir}/${p}'`).join(" ");
    const result = await runner.exec(sandboxId, { command: `rm -f -- ${targets}`, timeoutMs: 10_000 });
    if (result.exitCode !== 0) throw new Error(`remove ${removed.length} file(s) from ${dir} in sandbox ${sandboxId}: ${result.stderr.trim()}`);
  }
  if (files.length > 0) await runner.putFiles(sandboxId, dir, files.map((f) => ({ path: f.path, content: f.content, encoding: "utf8" })));
}
