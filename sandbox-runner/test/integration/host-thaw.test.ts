import { execFileSync } from "node:child_process";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thawFromHost } from "../../src/driver/host-thaw.js";
import { LABEL_ID } from "../../src/driver/names.js";
import { INSTANCE, leftovers, removeAllTestObjects, runner, testConfig, type Api, type Runner } from "./harness.js";

/**
 * A learner's `docker pause` freezes processes that nothing can kill until
 * they are thawed, so a sandbox holding one cannot be removed. The runner
 * thaws from inside the sandbox; when the sandbox cannot run a command any
 * more (here: every process slot taken by the learner), it thaws from the host.
 */
let r: Runner & { api: Api };
let id: string;
let hostId: string;
let nestedId: string;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner({ QUAI_SANDBOX_PIDS: "200" });
  id = (await r.api.sandbox("learner-thaw")).id;
  hostId = execFileSync("docker", ["ps", "-q", "--no-trunc", "--filter", `label=${LABEL_ID}=${id}`, "--filter", `label=quai.instance=${INSTANCE}`], { encoding: "utf8" }).trim();
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

/** The nested container's freezer, read on the host: cgroup v1 freezer.state or v2 cgroup.freeze. */
function freezer(): string {
  const files = execFileSync("find", ["/sys/fs/cgroup", "-path", `*${hostId}*${nestedId}*`, "(", "-name", "freezer.state", "-o", "-name", "cgroup.freeze", ")"], { encoding: "utf8" }).split("\n").filter(Boolean);
  expect(files.length).toBeGreaterThan(0);
  return execFileSync("cat", [files[0]!], { encoding: "utf8" }).trim();
}

describe("a sandbox with a paused container inside", () => {
  it("is thawed from the host by a short-lived helper container", async () => {
    const res = await r.api.exec(id, "docker run -d --name gel busybox sleep 1000 >/dev/null && docker pause gel >/dev/null && docker inspect -f '{{.Id}}' gel");
    expect(res.exitCode, res.stderr).toBe(0);
    nestedId = res.stdout.trim();
    expect(hostId).toMatch(/^[a-f0-9]{64}$/);
    expect(freezer()).toMatch(/^(FROZEN|1)$/);
    await thawFromHost(new Docker({ socketPath: testConfig().QUAI_DOCKER_SOCKET }), testConfig().QUAI_SANDBOX_IMAGE, hostId, INSTANCE);
    expect(freezer()).toMatch(/^(THAWED|0)$/);
  });

  it("is removed even when it can no longer run a command, frozen processes and all", async () => {
    const pause = await r.api.exec(id, "docker run -d --name gel2 busybox sleep 1000 >/dev/null && docker pause gel2 >/dev/null && docker inspect -f '{{.Id}}' gel2");
    expect(pause.exitCode, pause.stderr).toBe(0);
    nestedId = pause.stdout.trim();
    expect(freezer()).toMatch(/^(FROZEN|1)$/);
    // The learner is root in the sandbox and may exhaust it: with every process slot taken (the
    // runner's own commands cannot touch the image any more), nothing can be run inside. The
    // filler forks again 10 ms after a failure, for good: a loop that stopped at the first
    // failure left the slots that the sandbox's engine threads and the probes' own processes
    // gave back a moment later (193 of 200 taken, commands ran again: 2 runs in 3).
    const filler = "perl -e 'while (1) { my $p = fork; if (!defined $p) { select(undef, undef, undef, 0.01); next } if (!$p) { sleep 1000; exit } }'";
    const fill = await r.api.exec(id, `setsid ${filler} </dev/null >/dev/null 2>&1 & echo lancé`);
    expect(fill.stdout).toContain("lancé");
    let alive = true;
    for (let i = 0; i < 40 && alive; i++) {
      const probe = await r.api.call("POST", `/v1/sandboxes/${id}/exec`, { argv: ["sh", "-c", "echo vivant"], timeoutMs: 5_000 });
      alive = JSON.stringify(probe.json).includes("vivant");
      if (alive) await new Promise((res) => setTimeout(res, 250));
    }
    expect(alive).toBe(false);

    const del = await r.api.call("DELETE", `/v1/sandboxes/${id}`);
    expect(del.status).toBe(204);
    expect(leftovers()).toEqual([]);
  });
});
