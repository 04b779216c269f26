import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE, TermClient, removeAllTestObjects, runner, type Api, type Runner } from "./harness.js";

/**
 * An idle or expired sandbox sleeps instead of being destroyed: its
 * container stops, its disk stays; the learner's return wakes it with every
 * image, container and file in place, even across a runner restart.
 */
let r: Runner & { api: Api };
let id: string;

const OWNER = "learner-sleep";
const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
const containerState = (sandbox: string) => docker("ps", "-a", "--filter", `label=quai.sandbox=${sandbox}`, "--filter", `label=quai.instance=${INSTANCE}`, "--format", "{{.State}}");
const attachedDisk = (sandbox: string) => docker("exec", `${INSTANCE}-disks`, "sh", "-c", `losetup -j /disks/${sandbox}.img -n -O NAME; ls /disks`);

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner({ QUAI_SANDBOX_DISK_GB: "2" });
  id = (await r.api.sandbox(OWNER)).id;
}, 120_000);

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

async function acquire(): Promise<{ id: string; token: string; woke: boolean; ms: number }> {
  const t0 = performance.now();
  const { status, json } = await r.api.call("POST", "/v1/sandboxes", { owner: OWNER });
  expect(status, JSON.stringify(json)).toBe(200);
  return { id: json.sandbox.id, token: json.token, woke: json.woke, ms: performance.now() - t0 };
}

describe("a sleeping sandbox", () => {
  it("wakes with everything the learner built: images, containers with their data, files", async () => {
    const setup = await r.api.exec(
      id,
      [
        "set -e",
        "mkdir -p /root/projet && printf 'FROM busybox\\nCMD echo construite\\n' > /root/projet/Dockerfile",
        "docker build -q -t mon-image /root/projet >/dev/null",
        "docker run -d --name garde -v donnees:/data busybox sh -c 'echo bonjour > /data/f; echo dedans > /f; sleep 3600' >/dev/null",
        "echo 'ma note' > /root/note",
        "sleep 1",
      ].join("\n"),
    );
    expect(setup.exitCode, setup.stderr).toBe(0);

    expect((await r.api.call("POST", `/v1/sandboxes/${id}/sleep`)).status).toBe(204);
    expect(containerState(id)).toBe("exited");
    // Memory and CPU are back; the disk is kept, detached from its loop device.
    expect(attachedDisk(id)).toBe(`${id}.img`);
    expect((await r.api.call("GET", `/v1/sandboxes/${id}`)).status).toBe(404);
    expect(r.manager.stats.sleeping).toBe(1);

    const woken = await acquire();
    expect(woken).toMatchObject({ id, woke: true });
    console.log(`wake (runner API): ${Math.round(woken.ms)} ms`);
    const check = await r.api.exec(
      id,
      [
        "docker run --rm mon-image",
        "docker start garde >/dev/null && docker exec garde cat /data/f /f",
        "cat /root/note",
      ].join(" && "),
    );
    expect(check.stdout.split("\n").filter(Boolean)).toEqual(["construite", "bonjour", "dedans", "ma note"]);
    // Said once: the next lease is an ordinary one.
    expect((await acquire()).woke).toBe(false);

    const term = await TermClient.open(r.api.base, id, "t1", woken.token);
    await term.untilText(/# $/m, 20_000);
    await term.close();
  }, 180_000);

  it("sleeps through a restart of the runner and wakes for its owner", async () => {
    await r.api.call("POST", `/v1/sandboxes/${id}/sleep`);
    await r.stop();
    r = await runner({ QUAI_SANDBOX_DISK_GB: "2" });
    expect(r.manager.sleeperOf(OWNER)?.id).toBe(id);
    const woken = await acquire();
    expect(woken).toMatchObject({ id, woke: true });
    expect((await r.api.exec(id, "cat /root/note")).stdout.trim()).toBe("ma note");
  }, 180_000);

  it("is destroyed, disk and all, by « Réinitialiser »", async () => {
    await r.api.call("POST", `/v1/sandboxes/${id}/sleep`);
    const woken = await acquire();
    const reset = await r.api.call("POST", `/v1/sandboxes/${woken.id}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.json.sandbox.id).not.toBe(id);
    expect(containerState(id)).toBe("");
    expect(attachedDisk(id)).not.toContain(`${id}.img`);
    expect((await r.api.exec(reset.json.sandbox.id, "cat /root/note 2>&1 || true")).stdout).toMatch(/Aucun fichier|No such file/);
  }, 180_000);
});
