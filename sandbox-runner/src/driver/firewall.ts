import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { wrap } from "./errors.js";
import { BRIDGE_PREFIX } from "./names.js";

const CHAIN = "QUAI-SANDBOX-INPUT";

/**
 * Sandboxes must not reach the host's own services (the runner, the web app,
 * SSH…) through their bridge's gateway address. Docker isolates bridges from
 * each other but leaves the host open, so every sandbox bridge (one interface
 * prefix) is sent to a chain that only lets replies in: the runner can open
 * connections to sandboxes (port preview), never the other way round.
 *
 * The rules are applied from a short-lived host-network container, so the
 * runner needs no root of its own, only the Docker access it already has.
 */
function rules(cmd: "iptables" | "ip6tables"): string[] {
  return [
    `${cmd} -w 5 -N ${CHAIN} 2>/dev/null || true`,
    `${cmd} -w 5 -F ${CHAIN}`,
    `${cmd} -w 5 -A ${CHAIN} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `${cmd} -w 5 -A ${CHAIN} -j DROP`,
    `${cmd} -w 5 -C INPUT -i ${BRIDGE_PREFIX}+ -j ${CHAIN} 2>/dev/null || ${cmd} -w 5 -I INPUT 1 -i ${BRIDGE_PREFIX}+ -j ${CHAIN}`,
  ];
}

/**
 * IPv4, and IPv6 too: a sandbox bridge gets a link-local IPv6 address on the
 * host even when Docker's IPv6 is off, and the host's services listen on it.
 * (Sandboxes also have IPv6 disabled on their side; this is the host's own
 * lock.) A host without IPv6 (no ip6tables support) skips the second part.
 */
export const FIREWALL_SCRIPT = [
  "set -e",
  ...rules("iptables"),
  "if ip6tables -w 5 -L INPUT -n >/dev/null 2>&1; then",
  ...rules("ip6tables").map((line) => `  ${line}`),
  "fi",
].join("\n");

export async function ensureHostFirewall(docker: Docker, image: string): Promise<void> {
  const output = new PassThrough();
  let log = "";
  output.on("data", (c: Buffer) => (log += c.toString("utf8")));
  try {
    const [result, container] = (await docker.run(image, ["-c", FIREWALL_SCRIPT], output, {
      Entrypoint: ["/bin/sh"],
      Labels: { "quai.role": "firewall" },
      HostConfig: { NetworkMode: "host", CapDrop: ["ALL"], CapAdd: ["NET_ADMIN", "NET_RAW"] },
    })) as [{ StatusCode: number }, Docker.Container];
    await container.remove({ force: true }).catch(() => undefined);
    if (result.StatusCode !== 0) throw new Error(`exit ${result.StatusCode}: ${log.trim().slice(-400)}`);
  } catch (err) {
    throw wrap("host firewall for sandbox bridges", err);
  }
}
