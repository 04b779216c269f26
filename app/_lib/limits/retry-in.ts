/** "dans 45 secondes", "dans 1 minute", "dans 4 minutes": when a refused request may be tried again. */
export function retryInFr(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `dans ${s} seconde${s > 1 ? "s" : ""}`;
  const minutes = Math.ceil(s / 60);
  return `dans ${minutes} minute${minutes > 1 ? "s" : ""}`;
}
