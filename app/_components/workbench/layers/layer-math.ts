/** Sizes and shapes for the layer explorer: readable at every scale, from 246 bytes to 80 MB. */

/** French byte sizes: « 246 o », « 3,6 Ko », « 31,5 Mo » (decimal units, like `docker images`). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} o`;
  const units = ["Ko", "Mo", "Go"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 ? 0 : 1;
  return `${value.toLocaleString("fr-FR", { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[unit]}`;
}

/**
 * Height in pixels of a layer that holds files: logarithmic, so a 246-byte
 * COPY stays visible beside an 80 MB base, and every block fits one line of
 * text (min) without one layer eating the panel (max).
 */
export const LAYER_MIN_PX = 30;
export const LAYER_MAX_PX = 110;

export function layerHeight(bytes: number): number {
  if (bytes <= 0) return LAYER_MIN_PX;
  const kb = bytes / 1000;
  const h = LAYER_MIN_PX + 16 * Math.log10(1 + kb);
  return Math.round(Math.min(LAYER_MAX_PX, Math.max(LAYER_MIN_PX, h)));
}

/** How many layers (with content) two images share: the common prefix of their diff ids. */
export function sharedLayerCount(a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): number {
  const x = a.filter((d): d is string => d !== null);
  const y = b.filter((d): d is string => d !== null);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** A short, readable label for an instruction (`RUN /bin/sh -c` already removed by the runner). */
export function shortInstruction(instruction: string, max = 90): string {
  const oneLine = instruction.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
