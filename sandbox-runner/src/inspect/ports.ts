import type { PublishedPort } from "../protocol/index.js";

/** The `docker ps` format the parser expects: one container per line. */
export const PS_FORMAT = "{{.Names}}\t{{.Image}}\t{{.Ports}}";

/**
 * Parses `docker ps --format PS_FORMAT`. The Ports column reads like
 * `0.0.0.0:8080->80/tcp, :::8080->80/tcp, 443/tcp`; only published ports
 * (with `->`) count, once per sandbox port whatever the address family.
 */
export function parsePorts(output: string): PublishedPort[] {
  const seen = new Set<string>();
  const ports: PublishedPort[] = [];
  for (const line of output.split("\n")) {
    const [container, image, column] = line.split("\t");
    if (!container || !image || !column) continue;
    for (const m of column.matchAll(/(?:[\d.]+|\[?[0-9a-f:]*\]?):(\d+)->(\d+)\/(tcp|udp)/g)) {
      const port = Number(m[1]);
      const key = `${port}/${m[3]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ports.push({ container, image, port, containerPort: Number(m[2]), protocol: m[3] as "tcp" | "udp" });
    }
  }
  return ports.sort((a, b) => a.port - b.port);
}
