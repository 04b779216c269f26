/**
 * Reads `docker build --progress=plain` (BuildKit) as it streams:
 *
 *   #5 [2/3] COPY index.html /usr/share/nginx/html/
 *   #5 DONE 0.2s            (or CACHED, or ERROR: …)
 *   #7 writing image sha256:… done
 *
 * Numbered steps (`[i/n]`) are the Dockerfile's instructions that make a
 * layer; they drive the progress bar. `[internal]` and `exporting` steps
 * are shown too, without counting.
 */
export type StepStatus = "running" | "done" | "cached" | "error";

export interface BuildStep {
  /** BuildKit's vertex number (#N). */
  vertex: number;
  name: string;
  /** Position among the Dockerfile's steps, when the line says `[i/n]`. */
  index: number | null;
  status: StepStatus;
  seconds: number | null;
}

export interface BuildProgress {
  steps: BuildStep[];
  /** Steps of the Dockerfile: the n of `[i/n]`, summed over stages (a multi-stage build numbers each stage). */
  total: number;
  finished: number;
  imageId: string | null;
  /** The first error BuildKit reported (its `ERROR:` line). */
  error: string | null;
}

const HEADER = /^#(\d+) (\[(?:([^\]]*?)\s)?(\d+)\/(\d+)\] .*|\[internal\] .*|\[[^\]]+\] .*|exporting .*|resolve .*|naming .*|writing .*|load .*)$/;
const DONE = /^#(\d+) DONE ([\d.]+)s$/;
const CACHED = /^#(\d+) CACHED$/;
const ERROR = /^#(\d+) ERROR: (.*)$/;
const IMAGE = /^#\d+ writing image (sha256:[a-f0-9]{64})/;
const TOP_ERROR = /^ERROR: (.*)$/;

/**
 * Follows a build's log as it arrives: each piece is read once (its whole
 * lines; a cut line waits for its end), so a long build costs the same per
 * byte at the end as at the start.
 */
export class BuildLogParser {
  private readonly byVertex = new Map<number, BuildStep>();
  private readonly stageTotals = new Map<string, number>();
  private readonly steps: BuildStep[] = [];
  private imageId: string | null = null;
  private error: string | null = null;
  private partial = "";

  /** The next piece of the log, cut anywhere. */
  push(text: string): this {
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line.replace(/\r$/, ""));
    return this;
  }

  /** The log is complete: its last line counts even without a newline. */
  end(): this {
    if (this.partial !== "") this.line(this.partial.replace(/\r$/, ""));
    this.partial = "";
    return this;
  }

  /** A snapshot (its steps are copies: later lines do not change it). */
  get progress(): BuildProgress {
    const steps = this.steps.map((s) => ({ ...s }));
    return {
      steps,
      total: [...this.stageTotals.values()].reduce((a, b) => a + b, 0),
      finished: steps.filter((s) => s.index !== null && (s.status === "done" || s.status === "cached")).length,
      imageId: this.imageId,
      error: this.error,
    };
  }

  private line(line: string): void {
    let m: RegExpExecArray | null;
    if ((m = DONE.exec(line)) || (m = CACHED.exec(line)) || (m = ERROR.exec(line))) {
      const step = this.byVertex.get(Number(m[1]));
      if (!step) return;
      if (line.includes(" DONE ")) {
        step.status = "done";
        step.seconds = Number(m[2]);
      } else if (line.endsWith(" CACHED")) {
        step.status = "cached";
      } else {
        step.status = "error";
        this.error ??= m[2] ?? null;
      }
      return;
    }
    if ((m = IMAGE.exec(line))) {
      this.imageId = m[1]!;
      return;
    }
    if ((m = HEADER.exec(line))) {
      const vertex = Number(m[1]);
      if (this.byVertex.has(vertex)) return;
      const step: BuildStep = { vertex, name: m[2]!, index: m[4] ? Number(m[4]) : null, status: "running", seconds: null };
      if (m[5]) this.stageTotals.set(m[3] ?? "", Math.max(this.stageTotals.get(m[3] ?? "") ?? 0, Number(m[5])));
      this.byVertex.set(vertex, step);
      this.steps.push(step);
      return;
    }
    if ((m = TOP_ERROR.exec(line))) this.error ??= m[1]!;
  }
}

/** A whole log at once. */
export function parseBuildLog(text: string): BuildProgress {
  return new BuildLogParser().push(text).end().progress;
}

/** 0…1 for the progress bar: finished Dockerfile steps over their count. */
export function buildFraction(progress: BuildProgress, succeeded: boolean): number {
  if (succeeded) return 1;
  if (progress.total === 0) return 0;
  return Math.min(1, progress.finished / progress.total);
}

/**
 * Appends to the log kept for display; past `max` characters it keeps the
 * last whole lines within `max / 2`, marked as cut (a flood of output must
 * not grow the page's memory without bound).
 */
export function appendCapped(log: string, text: string, max: number): string {
  const next = log + text;
  if (next.length <= max) return next;
  const cut = next.slice(-Math.floor(max / 2));
  return `${CUT_MARK}${cut.slice(cut.indexOf("\n") + 1)}`;
}

export const CUT_MARK = "[… début du journal coupé …]\n";
