/**
 * Echo latency over the bench's time as an SVG scatter plot (no plotting
 * library: a few hundred points and two axes), with the 50 ms target and
 * the learners' arrivals, so a reader sees when the echo degraded and why.
 */
export function echoPlot(points: Array<{ at: number; ms: number }>, opts: { title: string; arrivalsEndS: number; targetMs: number; load: Array<{ at: number; load1: number }> }): string {
  const W = 900;
  const H = 420;
  const m = { left: 60, right: 60, top: 40, bottom: 50 };
  const maxT = Math.max(1, ...points.map((p) => p.at / 1000), ...opts.load.map((l) => l.at / 1000));
  const maxMs = Math.max(opts.targetMs * 2, ...points.map((p) => p.ms));
  const yMax = niceCeil(maxMs);
  const loadMax = niceCeil(Math.max(2, ...opts.load.map((l) => l.load1)));
  const x = (s: number) => m.left + (s / maxT) * (W - m.left - m.right);
  const y = (ms: number) => H - m.bottom - (Math.min(ms, yMax) / yMax) * (H - m.top - m.bottom);
  const yLoad = (l: number) => H - m.bottom - (l / loadMax) * (H - m.top - m.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${escape(opts.title)}</text>`);
  // Arrivals window.
  parts.push(`<rect x="${x(0)}" y="${m.top}" width="${x(opts.arrivalsEndS) - x(0)}" height="${H - m.top - m.bottom}" fill="#f2f2f2"/>`);
  parts.push(`<text x="${x(opts.arrivalsEndS) - 4}" y="${m.top + 14}" text-anchor="end" fill="#777">arrivals</text>`);
  // Axes and ticks.
  parts.push(`<line x1="${m.left}" y1="${H - m.bottom}" x2="${W - m.right}" y2="${H - m.bottom}" stroke="black"/>`);
  parts.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${H - m.bottom}" stroke="black"/>`);
  for (let i = 0; i <= 5; i++) {
    const v = (yMax / 5) * i;
    parts.push(`<text x="${m.left - 6}" y="${y(v) + 4}" text-anchor="end">${round(v)}</text>`);
    const s = (maxT / 5) * i;
    parts.push(`<text x="${x(s)}" y="${H - m.bottom + 16}" text-anchor="middle">${Math.round(s)}</text>`);
    const l = (loadMax / 5) * i;
    parts.push(`<text x="${W - m.right + 6}" y="${yLoad(l) + 4}" fill="#c60">${round(l)}</text>`);
  }
  parts.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">seconds since the bench started</text>`);
  parts.push(`<text x="16" y="${H / 2}" transform="rotate(-90 16 ${H / 2})" text-anchor="middle">keystroke → echo (ms)</text>`);
  parts.push(`<text x="${W - 14}" y="${H / 2}" transform="rotate(90 ${W - 14} ${H / 2})" text-anchor="middle" fill="#c60">load average (1 min)</text>`);
  // Target.
  parts.push(`<line x1="${m.left}" y1="${y(opts.targetMs)}" x2="${W - m.right}" y2="${y(opts.targetMs)}" stroke="#d00" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${m.left + 4}" y="${y(opts.targetMs) - 4}" fill="#d00">target p95 ${opts.targetMs} ms</text>`);
  // Load line.
  if (opts.load.length > 1) parts.push(`<polyline fill="none" stroke="#c60" stroke-width="1.5" points="${opts.load.map((l) => `${x(l.at / 1000).toFixed(1)},${yLoad(l.load1).toFixed(1)}`).join(" ")}"/>`);
  // Samples.
  for (const p of points) parts.push(`<circle cx="${x(p.at / 1000).toFixed(1)}" cy="${y(p.ms).toFixed(1)}" r="1.6" fill="${p.ms > yMax ? "#d00" : "#2563eb"}" fill-opacity="0.55"/>`);
  parts.push(`</svg>`);
  return parts.join("\n");
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * p >= v) return f * p;
  return 10 * p;
}

const round = (v: number) => (v >= 10 ? Math.round(v) : Math.round(v * 10) / 10);
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
