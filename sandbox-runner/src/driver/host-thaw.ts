import type Docker from "dockerode";
import { thawScript } from "./docker-exec.js";
import { wrap } from "./errors.js";
import { LABEL_INSTANCE, LABEL_ROLE } from "./names.js";

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
  return thawScript("/host-cgroup", containerId);
}

const THAW_TIMEOUT_MS = 30_000;

/** Runs the thaw in a helper container, and removes the helper whatever happens. */
export async function thawFromHost(docker: Docker, image: string, containerId: string, instance: string): Promise<void> {
  let helper: Docker.Container | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    helper = await docker.createContainer({
      Image: image,
      Entrypoint: ["/bin/sh"],
      Cmd: ["-c", hostThawScript(containerId)],
      Labels: { [LABEL_ROLE]: "thaw", [LABEL_INSTANCE]: instance },
      // DAC_OVERRIDE: the learner's nested cgroups belong to their user namespace's root (uid 100000 here).
      HostConfig: { NetworkMode: "none", CapDrop: ["ALL"], CapAdd: ["DAC_OVERRIDE"], Binds: ["/sys/fs/cgroup:/host-cgroup:rw"] },
    });
    await helper.start();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${THAW_TIMEOUT_MS / 1000} s`)), THAW_TIMEOUT_MS);
    });
    const result = (await Promise.race([helper.wait(), timeout])) as { StatusCode: number };
    if (result.StatusCode !== 0) throw new Error(`the helper exited with ${result.StatusCode}`);
  } catch (err) {
    throw wrap(`thaw sandbox ${containerId.slice(0, 12)} from the host`, err);
  } finally {
    clearTimeout(timer);
    await helper?.remove({ force: true }).catch(() => undefined);
  }
}
