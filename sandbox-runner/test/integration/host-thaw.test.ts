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
 * more (here: its shell deleted by the learner), it thaws from the host.
 */
let r: Runner & { api: Api };
let id: string;
let hostId: string;
let nestedId: string;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
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
    // The learner is root in the sandbox and may break it: without a shell, nothing can be run inside any more.
    const broken = await r.api.exec(id, "rm -f /usr/bin/sh /bin/sh; test ! -e /bin/sh && echo sans-shell");
    expect(broken.stdout).toContain("sans-shell");
    const probe = await r.api.call("POST", `/v1/sandboxes/${id}/exec`, { argv: ["sh", "-c", "echo vivant"], timeoutMs: 5_000 });
    expect(JSON.stringify(probe.json)).not.toContain("vivant");

    const del = await r.api.call("DELETE", `/v1/sandboxes/${id}`);
    expect(del.status).toBe(204);
    expect(leftovers()).toEqual([]);
  });
});
