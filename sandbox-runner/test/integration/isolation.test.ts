import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE, removeAllTestObjects, runner, type Api, type Runner } from "./harness.js";

let r: Runner & { api: Api };
let hostService: Server;
let a: string;
let b: string;

beforeAll(async () => {
  removeAllTestObjects();
  hostService = createServer((_req, res) => res.end("host secret")).listen(47123, "0.0.0.0");
  r = await runner();
  a = (await r.api.sandbox("learner-a")).id;
  b = (await r.api.sandbox("learner-b")).id;
});

afterAll(async () => {
  await r?.stop();
  hostService?.close();
  removeAllTestObjects();
});

const inspect = (args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();

describe("network isolation", () => {
  it("reaches the image cache", async () => {
    const res = await r.api.exec(a, "curl -s -o /dev/null -w '%{http_code}' http://quai-cache:5000/v2/");
    expect(res.stdout).toBe("200");
  });

  it("cannot reach another learner's sandbox", async () => {
    // B's address on its sandbox network (its learner's side is NATed behind it).
    const ipB = r.manager.get(b).ip ?? "";
    expect(ipB).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // dockerd of B listens on nothing external; ping is the plainest probe of reachability.
    const res = await r.api.exec(a, `ping -c 1 -W 1 ${ipB}`);
    expect(res.exitCode).not.toBe(0);
    // …while B itself is alive and reachable from the host, so the probe can succeed in principle.
    expect((await r.api.exec(b, "true")).exitCode).toBe(0);
  });

  it("cannot reach the host's services through its gateway", async () => {
    const gw = inspect(["network", "inspect", `${INSTANCE}-net-${a}`, "--format", "{{(index .IPAM.Config 0).Gateway}}"]);
    expect(gw).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const res = await r.api.exec(a, `curl -s -m 2 http://${gw}:47123/ || echo refused`);
    expect(res.stdout).not.toContain("host secret");
    expect(res.stdout).toContain("refused");
    const runnerPort = await r.api.exec(a, `curl -s -m 2 http://${gw}:${r.port}/healthz || echo refused`);
    expect(runnerPort.stdout).toContain("refused");
  });

  it("cannot leave its network: the cache's address on the default bridge stands for the outside world", async () => {
    // Nothing here leaves the machine: the target is a container of this host on another bridge,
    // which Docker's rules for internal networks treat exactly like an internet address.
    const outside = inspect(["inspect", `${INSTANCE}-cache`, "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}"]);
    expect(outside).toMatch(/^172\./);
    expect(execFileSync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", `http://${outside}:5000/v2/`], { encoding: "utf8" })).toBe("200");
    const res = await r.api.exec(a, `curl -s -m 2 -o /dev/null -w '%{http_code}' http://${outside}:5000/v2/ || echo unreachable`);
    expect(res.stdout).toContain("unreachable");
  });
});
