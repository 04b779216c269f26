import { readFileSync } from "node:fs";
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
 * quiet machine, and the line says which it was. Also the CPU's busy and
 * stolen shares over the whole bench (/proc/stat).
 */
export function watchLoad(everyMs = 1000) {
  const started = loadavg();
  const ticks = cpuTicks();
  const oneMinute: number[] = [started[0]!];
  const timer = setInterval(() => oneMinute.push(loadavg()[0]!), everyMs);
  timer.unref();
  return {
    /** Stops sampling; the 1-minute load average at the start, its max and mean while sampled, and at the end. */
    stop() {
      clearInterval(timer);
      const end = loadavg();
      oneMinute.push(end[0]!);
      const now = cpuTicks();
      return {
        // Over the whole bench: how busy the cores were, and the share the hypervisor gave to
        // other machines (steal: a figure that moves with it is the host's, not the code's).
        cpuBusyPercent: cpuShare(ticks, now, "busy"),
        cpuStealPercent: cpuShare(ticks, now, "steal", 2),
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

/** The host's CPU counters (/proc/stat's first line): time busy and in all, in clock ticks. */
interface CpuTicks {
  busy: number;
  steal: number;
  total: number;
}

function cpuTicks(): CpuTicks {
  // user nice system idle iowait irq softirq steal (guest time is counted in user already)
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3]! + (fields[4] ?? 0);
  return { busy: total - idle, steal: fields[7] ?? 0, total };
}

/** The share of the CPU time between two readings spent on `what`, in percent. */
function cpuShare(a: CpuTicks, b: CpuTicks, what: "busy" | "steal", digits = 1): number {
  return b.total > a.total ? round((100 * (b[what] - a[what])) / (b.total - a.total), digits) : 0;
}

/** The share of the host's CPU time (all cores) spent busy over the next `windowMs`, in percent. */
export async function cpuBusyPercent(windowMs = 500): Promise<number> {
  const a = cpuTicks();
  await new Promise((r) => setTimeout(r, windowMs));
  return cpuShare(a, cpuTicks(), "busy");
}

/**
 * Waits until the machine is quiet: its CPU busy at most `maxBusyPercent`
 * over a window of `windowMs`, twice in a row (a sandbox just started keeps
 * the cores busy for a few seconds after it answers: its engine, its first
 * shell). Gives up after `timeoutMs`; returns the last window's figure and
 * how long it waited, so the bench can print what the machine was doing.
 */
export async function waitForQuiet({ maxBusyPercent = 20, windowMs = 500, timeoutMs = 30_000 } = {}): Promise<{ busyPercent: number; waitedMs: number; quiet: boolean }> {
  const started = Date.now();
  let quietWindows = 0;
  let busy = 100;
  while (Date.now() - started < timeoutMs) {
    busy = await cpuBusyPercent(windowMs);
    quietWindows = busy <= maxBusyPercent ? quietWindows + 1 : 0;
    if (quietWindows >= 2) return { busyPercent: busy, waitedMs: Date.now() - started, quiet: true };
  }
  return { busyPercent: busy, waitedMs: Date.now() - started, quiet: false };
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
