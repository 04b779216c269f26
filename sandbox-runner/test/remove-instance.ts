import { execFileSync } from "node:child_process";
import { DiskPool, ROLE_DISKS } from "../src/driver/disks.js";
import { THAW_SCRIPT } from "../src/driver/docker-exec.js";
import { hostThawScript } from "../src/driver/host-thaw.js";

/**
 * Removes every Docker object of one runner instance (by its label), and
 * nothing else: the integration tests' and the end-to-end tests' clean slate.
 * A test that failed midway may leave a paused container inside a sandbox,
 * and frozen processes make `rm -f` fail: each container is thawed first,
 * from inside, or from the host when it can no longer exec (as the runner does).
 * The sandboxes' disks are detached from their loop devices last, through the
 * instance's disk helper, so that no device keeps a deleted file's space.
 */
export function removeInstanceObjects(instance: string, sandboxImage: string): void {
  const label = `label=quai.instance=${instance}`;
  for (const id of execFileSync("docker", ["ps", "-q", "--no-trunc", "--filter", label], { encoding: "utf8" }).split("\n").filter(Boolean)) {
    try {
      execFileSync("docker", ["exec", id, "sh", "-c", THAW_SCRIPT], { timeout: 10_000 });
    } catch {
      execFileSync("docker", ["run", "--rm", "--network", "none", "--cap-drop", "ALL", "--cap-add", "DAC_OVERRIDE", "-v", "/sys/fs/cgroup:/host-cgroup:rw", "--entrypoint", "/bin/sh", sandboxImage, "-c", hostThawScript(id)], { timeout: 30_000 });
    }
  }
  const sandboxes = `docker ps -aq --filter ${label} --filter label=quai.role=sandbox | xargs -r docker rm -f >/dev/null`;
  execFileSync("bash", ["-c", sandboxes]);
  for (const helper of execFileSync("docker", ["ps", "-q", "--filter", label, "--filter", `label=quai.role=${ROLE_DISKS}`], { encoding: "utf8" }).split("\n").filter(Boolean)) {
    execFileSync("docker", ["exec", helper, "sh", "-c", DiskPool.REMOVE_ALL_SCRIPT], { timeout: 30_000 });
  }
  const sh = `docker ps -aq --filter ${label} | xargs -r docker rm -f >/dev/null; docker volume ls -q --filter ${label} | xargs -r docker volume rm >/dev/null; docker network ls -q --filter ${label} | xargs -r docker network rm >/dev/null`;
  execFileSync("bash", ["-c", sh]);
}
