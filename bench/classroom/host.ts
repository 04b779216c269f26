import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

/**
 * The host while the class works: memory in use (MemTotal − MemAvailable,
 * what the kernel could not hand out without swapping or reclaiming) and the
 * 1-minute load, sampled every second. Peaks are what the bench reports.
 */
export function watchHost(everyMs = 1000) {
  const samples: Array<{ at: number; usedMb: number; load1: number }> = [];
  const t0 = performance.now();
  const sample = () => samples.push({ at: performance.now() - t0, usedMb: usedMemoryMb(), load1: loadavg()[0]! });
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    samples,
    stop() {
      clearInterval(timer);
      sample();
      const used = samples.map((s) => s.usedMb);
      const load = samples.map((s) => s.load1);
      return {
        memoryUsedMbStart: Math.round(used[0]!),
        memoryUsedMbPeak: Math.round(Math.max(...used)),
        memoryTotalMb: Math.round(meminfo().MemTotal! / 1024),
        load1mStart: load[0]!,
        load1mPeak: Math.max(...load),
      };
    },
  };
}

function meminfo(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync("/proc/meminfo", "utf8").split("\n")) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]); // kB
  }
  return out;
}

function usedMemoryMb(): number {
  const m = meminfo();
  return (m.MemTotal! - m.MemAvailable!) / 1024;
}
