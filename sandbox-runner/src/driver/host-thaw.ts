import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { wrap } from "./errors.js";

const FULL_ID = /^[a-f0-9]{64}$/;

/**
 * Thaws, from the host, every frozen cgroup below one sandbox container (a
 * learner's `docker pause`): cgroup v1 `freezer.state` and cgroup v2
 * `cgroup.freeze`, whichever the host has. Frozen processes cannot be
 * killed, so they block the sandbox's removal. The driver first thaws from
 * inside the sandbox (an exec); this is the fallback for a sandbox that can
 * no longer exec (all its pids taken, for instance).
 *
 * The host's cgroup tree is visible to a short-lived container through a bind
 * mount, so the runner needs no root of its own (the same approach as the
 * host firewall). The sandbox's full container id appears in its cgroup path
 * under both cgroup drivers (`docker/<id>`, `docker-<id>.scope`).
 */
export function hostThawScript(containerId: string): string {
  if (!FULL_ID.test(containerId)) throw new Error(`not a full container id: ${containerId}`);
  return [
    `find /host-cgroup -path '*${containerId}*' -name freezer.state -exec sh -c 'echo THAWED > "$1"' _ {} \\;`,
    `find /host-cgroup -path '*${containerId}*' -name cgroup.freeze -exec sh -c 'echo 0 > "$1"' _ {} \\;`,
    "true",
  ].join("\n");
}

export async function thawFromHost(docker: Docker, image: string, containerId: string): Promise<void> {
  const output = new PassThrough();
  let log = "";
  output.on("data", (c: Buffer) => (log += c.toString("utf8")));
  try {
    const [result, helper] = (await docker.run(image, ["-c", hostThawScript(containerId)], output, {
      Entrypoint: ["/bin/sh"],
      Labels: { "quai.role": "thaw" },
      HostConfig: { NetworkMode: "none", CapDrop: ["ALL"], Binds: ["/sys/fs/cgroup:/host-cgroup:rw"] },
    })) as [{ StatusCode: number }, Docker.Container];
    await helper.remove({ force: true }).catch(() => undefined);
    if (result.StatusCode !== 0) throw new Error(`exit ${result.StatusCode}: ${log.trim().slice(-400)}`);
  } catch (err) {
    throw wrap(`thaw sandbox ${containerId.slice(0, 12)} from the host`, err);
  }
}
