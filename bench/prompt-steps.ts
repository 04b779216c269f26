import type { Page } from "playwright-core";
import { round } from "./stats";

/**
 * Where the time to the prompt goes, by the page's clock (0 = navigation
 * start): the HTML, the page's scripts, the workbench's own marks
 * (performance.mark("quai:…"), app/_components/workbench/marks.ts) and the
 * requests of the path (POST /api/sandbox, a terminal token).
 */
export type PromptSteps = Record<string, number>;

export async function promptSteps(page: Page): Promise<PromptSteps> {
  const raw = await page.evaluate(() => {
    const steps: Record<string, number> = {};
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    if (nav) {
      steps.htmlStart = nav.responseStart;
      steps.htmlEnd = nav.responseEnd;
      steps.domContentLoaded = nav.domContentLoadedEventEnd;
    }
    for (const mark of performance.getEntriesByType("mark")) {
      if (mark.name.startsWith("quai:") && !(mark.name.slice(5) in steps)) steps[mark.name.slice(5)] = mark.startTime;
    }
    for (const entry of performance.getEntriesByType("resource") as PerformanceResourceTiming[]) {
      const path = new URL(entry.name).pathname;
      const step = path === "/api/sandbox" ? "apiSandbox" : /^\/api\/sandbox\/[^/]+\/token$/.test(path) ? "apiToken" : null;
      if (step && !(`${step}Sent` in steps)) {
        steps[`${step}Sent`] = entry.startTime;
        steps[`${step}Answered`] = entry.responseEnd;
      }
    }
    const prompt = (globalThis as unknown as { __quaiPromptAt?: number }).__quaiPromptAt;
    if (prompt !== undefined) steps.prompt = prompt;
    return steps;
  });
  return Object.fromEntries(Object.entries(raw).sort(([, a], [, b]) => a - b).map(([k, v]) => [k, round(v, 0)]));
}

/** The median of each step over several runs (a step missing from a run is left out of its median). */
export function medianSteps(runs: PromptSteps[]): PromptSteps {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor((s.length - 1) / 2)]!;
  };
  const out = Object.fromEntries(names.map((n) => [n, median(runs.flatMap((r) => (n in r ? [r[n]!] : [])))]));
  return Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => a - b));
}
