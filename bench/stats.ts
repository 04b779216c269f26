import { availableParallelism, loadavg } from "node:os";

/** Percentile by nearest rank; samples need not be sorted. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A figure as a bench prints it: how many samples, the spread (min, max) and the usual percentiles. */
export function spread(samples: number[], digits = 1) {
  if (samples.length === 0) return { n: 0 };
  return {
    n: samples.length,
    min: round(Math.min(...samples), digits),
    p50: round(percentile(samples, 50), digits),
    p95: round(percentile(samples, 95), digits),
    max: round(Math.max(...samples), digits),
  };
}

/**
 * The machine's load while a bench runs (os.loadavg, sampled every
 * `everyMs`): a figure measured at load 6 on 2 cores is not the figure of a
 * quiet machine, and the line says which it was.
 */
export function watchLoad(everyMs = 1000) {
  const started = loadavg();
  const oneMinute: number[] = [started[0]!];
  const timer = setInterval(() => oneMinute.push(loadavg()[0]!), everyMs);
  timer.unref();
  return {
    /** Stops sampling; the 1-minute load average at the start, its max and mean while sampled, and at the end. */
    stop() {
      clearInterval(timer);
      const end = loadavg();
      oneMinute.push(end[0]!);
      return {
        cores: availableParallelism(),
        start1m: round(started[0]!, 2),
        max1m: round(Math.max(...oneMinute), 2),
        mean1m: round(oneMinute.reduce((a, b) => a + b, 0) / oneMinute.length, 2),
        end1m: round(end[0]!, 2),
        end5m: round(end[1]!, 2),
      };
    },
  };
}

/** mulberry32: the same pauses (or kill moments) on every run with the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
