import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE, leftovers, removeAllTestObjects, runner, type Runner, type Api } from "./harness.js";

let r: Runner & { api: Api };
let id: string;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
  id = (await r.api.sandbox("learner-lifecycle")).id;
});

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

describe("a learner's sandbox, driven through the exec and file APIs", () => {
  it("gives the same sandbox back to the same learner", async () => {
    expect((await r.api.sandbox("learner-lifecycle")).id).toBe(id);
  });

  it("runs hello-world from the image cache", async () => {
    const res = await r.api.exec(id, "docker run --rm hello-world");
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/hello/i);
  });

  it("pulls nginx through the image cache, its registry mirror", async () => {
    const res = await r.api.exec(id, "docker info --format '{{json .RegistryConfig.Mirrors}}' && docker pull nginx && docker image inspect nginx --format '{{.Config.ExposedPorts}}'");
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toContain('["http://quai-cache:5000/"]');
    expect(res.stdout).toContain("80/tcp");
  });

  it("builds an image from files written through the file API", async () => {
    const put = await r.api.call("PUT", `/v1/sandboxes/${id}/files`, {
      dir: "/root/atelier",
      files: [
        { path: "Dockerfile", content: "FROM busybox\nCOPY message.txt /message.txt\nCMD [\"cat\", \"/message.txt\"]\n" },
        { path: "message.txt", content: "Bonjour depuis Quai — é à ç\n" },
      ],
    });
    expect(put.status).toBe(200);
    const res = await r.api.exec(id, "cd /root/atelier && docker build -q -t atelier:1 . >/dev/null && docker run --rm atelier:1", 120_000);
    expect(res.exitCode, res.stderr).toBe(0);
    expect(res.stdout).toBe("Bonjour depuis Quai — é à ç\n");
  });

  it("separates stdout from stderr and reports the exit code", async () => {
    const res = await r.api.exec(id, "echo dehors; echo erreur >&2; exit 3");
    expect(res).toMatchObject({ exitCode: 3, stdout: "dehors\n", stderr: "erreur\n", timedOut: false });
  });

  it("kills an exec that outlives its timeout", async () => {
    const res = await r.api.exec(id, "sleep 30", 1000);
    expect(res.timedOut).toBe(true);
    expect(res.durationMs).toBeLessThan(6000);
  });

  it("refuses path traversal, bad ids, a wrong secret and contradictory exec options", async () => {
    const traversal = await r.api.call("PUT", `/v1/sandboxes/${id}/files`, { dir: "/root/x", files: [{ path: "../../etc/passwd", content: "x" }] });
    expect(traversal.status).toBe(400);
    expect(traversal.json.error.message).toMatch(/chemin/i);
    expect((await r.api.call("POST", "/v1/sandboxes/nothex/exec", { command: "true" })).status).toBe(400);
    expect((await r.api.call("POST", "/v1/sandboxes/0123456789ab/exec", { command: "true" })).status).toBe(404);
    expect((await r.api.call("POST", "/v1/sandboxes", { owner: "x" }, "wrong-secret-wrong-secret")).status).toBe(401);
    const both = await r.api.call("POST", `/v1/sandboxes/${id}/exec`, { command: "true", argv: ["true"] });
    expect(both.status).toBe(400);
    expect(both.json.error.detail).toContain("give exactly one of command and argv");
    expect((await r.api.call("POST", "/v1/sandboxes", { owner: "../../etc" })).status).toBe(400);
  });

  it("tells a learner's sandbox without creating one, and refuses a bad owner or a wrong secret", async () => {
    const mine = await r.api.call("GET", "/v1/owners/learner-lifecycle/sandbox");
    expect(mine.status).toBe(200);
    expect(mine.json.sandbox).toMatchObject({ id, owner: "learner-lifecycle" });
    const none = await r.api.call("GET", "/v1/owners/learner-without-sandbox/sandbox");
    expect(none.status).toBe(404);
    expect(none.json.error).toMatchObject({ code: "not_found", message: expect.stringContaining("pas de bac à sable en marche") });
    expect((await (await fetch(`${r.api.base}/healthz`)).json()).assigned).toBe(1);
    expect((await r.api.call("GET", "/v1/owners/..%2F..%2Fetc/sandbox")).status).toBe(400);
    expect((await r.api.call("GET", "/v1/owners/learner-lifecycle/sandbox", undefined, "wrong-secret-wrong-secret")).status).toBe(401);
  });

  it("answers /healthz without a secret", async () => {
    const res = await fetch(`${r.api.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", assigned: 1 });
  });

  it("resets: a fresh sandbox for the same learner, the old one gone", async () => {
    await r.api.exec(id, "touch /root/trace");
    const { status, json } = await r.api.call("POST", `/v1/sandboxes/${id}/reset`);
    expect(status).toBe(200);
    expect(json.sandbox.id).not.toBe(id);
    expect(json.sandbox.owner).toBe("learner-lifecycle");
    expect((await r.api.call("GET", `/v1/sandboxes/${id}`)).status).toBe(404);
    const fresh = await r.api.exec(json.sandbox.id, "test -e /root/trace && echo kept || echo clean");
    expect(fresh.stdout).toBe("clean\n");
    id = json.sandbox.id;
  });

  it("destroys everything, even with a paused container inside: no container, volume or network is left", async () => {
    // Frozen processes cannot be killed: without thawing them first the removal hangs and fails.
    const pause = await r.api.exec(id, "docker run -d --name gel busybox sleep 1000 >/dev/null && docker pause gel >/dev/null && docker inspect -f '{{.State.Status}}' gel");
    expect(pause.stdout.trim()).toBe("paused");
    const del = await r.api.call("DELETE", `/v1/sandboxes/${id}`);
    expect(del.status).toBe(204);
    expect(leftovers()).toEqual([]);
    expect((await r.api.call("GET", `/v1/sandboxes/${id}`)).status).toBe(404);
  });

  it("destroys a learner's sandboxes by owner (a workshop's end), idempotently, and refuses a bad owner or a wrong secret", async () => {
    const lease = await r.api.call("POST", "/v1/sandboxes", { owner: "learner-ended" });
    expect(lease.status).toBe(200);
    expect((await r.api.call("DELETE", "/v1/owners/learner-ended/sandbox", undefined, "wrong-secret-wrong-secret")).status).toBe(401);
    expect((await r.api.call("DELETE", "/v1/owners/..%2F..%2Fetc/sandbox")).status).toBe(400);
    expect((await r.api.call("GET", `/v1/sandboxes/${lease.json.sandbox.id}`)).status).toBe(200);
    expect((await r.api.call("DELETE", "/v1/owners/learner-ended/sandbox")).status).toBe(204);
    expect((await r.api.call("GET", "/v1/owners/learner-ended/sandbox")).status).toBe(404);
    expect(leftovers()).toEqual([]);
    expect((await r.api.call("DELETE", "/v1/owners/learner-ended/sandbox")).status).toBe(204);
  });

  it("still removes a sandbox's network when its disk cannot go (the disk helper removed from under the runner), and says why", async () => {
    // Once, each failed warm creation of a runner whose helper was gone left a network behind: ~1,700 in ten minutes.
    const doomed = "0123456789ab";
    await r.driver.create({ id: doomed, owner: null });
    const networks = () => execFileSync("docker", ["network", "ls", "-q", "--filter", `label=quai.sandbox=${doomed}`, "--filter", `label=quai.instance=${INSTANCE}`], { encoding: "utf8" }).trim();
    expect(networks()).not.toBe("");
    execFileSync("docker", ["rm", "-f", `${INSTANCE}-disks`]);
    await expect(r.driver.destroy(doomed)).rejects.toThrow(`destroy sandbox ${doomed}: remove disk`);
    expect(networks()).toBe("");
    // The helper back (its volume kept the disk file): the next destroy removes the disk too.
    await r.driver.prepare();
    await r.driver.destroy(doomed);
    expect(leftovers()).toEqual([]);
  });
});
