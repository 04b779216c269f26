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

export function parseBuildLog(text: string): BuildProgress {
  const byVertex = new Map<number, BuildStep>();
  const stageTotals = new Map<string, number>();
  const progress: BuildProgress = { steps: [], total: 0, finished: 0, imageId: null, error: null };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    let m: RegExpExecArray | null;
    if ((m = DONE.exec(line)) || (m = CACHED.exec(line)) || (m = ERROR.exec(line))) {
      const step = byVertex.get(Number(m[1]));
      if (!step) continue;
      if (line.includes(" DONE ")) {
        step.status = "done";
        step.seconds = Number(m[2]);
      } else if (line.endsWith(" CACHED")) {
        step.status = "cached";
      } else {
        step.status = "error";
        progress.error ??= m[2] ?? null;
      }
      continue;
    }
    if ((m = IMAGE.exec(line))) {
      progress.imageId = m[1]!;
      continue;
    }
    if ((m = HEADER.exec(line))) {
      const vertex = Number(m[1]);
      if (byVertex.has(vertex)) continue;
      const step: BuildStep = { vertex, name: m[2]!, index: m[4] ? Number(m[4]) : null, status: "running", seconds: null };
      if (m[5]) stageTotals.set(m[3] ?? "", Math.max(stageTotals.get(m[3] ?? "") ?? 0, Number(m[5])));
      byVertex.set(vertex, step);
      progress.steps.push(step);
      continue;
    }
    if ((m = TOP_ERROR.exec(line))) progress.error ??= m[1]!;
  }
  progress.total = [...stageTotals.values()].reduce((a, b) => a + b, 0);
  progress.finished = progress.steps.filter((s) => s.index !== null && (s.status === "done" || s.status === "cached")).length;
  return progress;
}

/** 0…1 for the progress bar: finished Dockerfile steps over their count. */
export function buildFraction(progress: BuildProgress, succeeded: boolean): number {
  if (succeeded) return 1;
  if (progress.total === 0) return 0;
  return Math.min(1, progress.finished / progress.total);
}
