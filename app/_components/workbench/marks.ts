/**
 * A step of the path from navigation to the shell's prompt, as a
 * performance mark (`quai:<step>`): the first of each name is what
 * bench/web.ts reports, and what a developer reads in DevTools' Performance
 * panel. Costs a few microseconds; nothing leaves the browser.
 */
export function markStep(step: string): void {
  if (typeof performance !== "undefined" && performance.getEntriesByName(`quai:${step}`, "mark").length === 0) performance.mark(`quai:${step}`);
}
