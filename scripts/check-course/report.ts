import type { ExecResult } from "../../app/_lib/runner-client";

/** One script sent to the sandbox and what came back. */
export interface StepRun {
  step: string;
  result: ExecResult;
}

/** The outcome of one proof: an exercise in its own sandbox, or a chapter of the in-order run. */
export interface Verdict {
  name: string;
  chapter: string;
  ok: boolean;
  reason: string | undefined;
  /** The steps to show under a failure (all of an exercise's; the failing ones of a chapter). */
  steps: StepRun[];
  durationMs: number;
}

const OUTPUT_LINES = 30;

export function formatVerdict(verdict: Verdict): string {
  const { name, chapter, ok, reason, steps, durationMs } = verdict;
  const head = `${ok ? "✓" : "✗"} ${name}  [${chapter}]  ${(durationMs / 1000).toFixed(1)} s`;
  if (ok) return head;
  const lines = [`${head}  ${reason}`];
  for (const { step, result } of steps) {
    lines.push(`    ${step}: exit ${result.exitCode ?? "none"}${result.timedOut ? " (timed out)" : ""}${result.truncated ? " (output truncated)" : ""}, ${(result.durationMs / 1000).toFixed(1)} s`);
    for (const [stream, text] of [["stdout", result.stdout], ["stderr", result.stderr]] as const) {
      const outLines = text.trimEnd().split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
      if (outLines.length === 0 || (outLines.length === 1 && outLines[0] === "")) continue;
      const shown = outLines.length > OUTPUT_LINES ? [...outLines.slice(0, OUTPUT_LINES), `… ${outLines.length - OUTPUT_LINES} more lines`] : outLines;
      for (const line of shown) lines.push(`      ${stream} | ${line}`);
    }
  }
  return lines.join("\n");
}

/** The last line of the report, read by scripts/test-summary.mjs. */
export function summary(verdicts: Verdict[]): string {
  const passed = verdicts.filter((v) => v.ok).length;
  return `${passed} passed, ${verdicts.length - passed} failed`;
}

/** Runs `work` over `items`, `concurrency` at a time; `onResult` sees results as they finish. */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>, onResult: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
      onResult(results[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
