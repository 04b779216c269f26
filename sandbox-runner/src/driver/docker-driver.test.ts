import { describe, expect, it } from "vitest";
import { SANDBOX_CAPABILITIES, sandboxContainerSpec, type DockerDriverOptions } from "./docker-driver.js";

const options: DockerDriverOptions = {
  socketPath: "/var/run/docker.sock",
  instance: "quai",
  image: "quai/sandbox:latest",
  runtime: "runc",
  memoryMb: 1024,
  cpus: 1.5,
  pids: 512,
  logMax: "1m",
  subnetPool: "10.213.0.0/16",
  egress: false,
  readyTimeoutMs: 30_000,
  cache: { mode: "local", image: "quai/registry:2.8", volume: "quai-cache-data", upstream: "https://registry-1.docker.io" },
};

describe("sandboxContainerSpec", () => {
  it("limits resources and grants an explicit capability set, never --privileged", () => {
    const spec = sandboxContainerSpec(options, { id: "abc", owner: null }, "quai-net-abc", "quai-vol-abc", "quai-warm-abc");
    expect(spec.HostConfig).toMatchObject({
      Memory: 1024 * 1024 * 1024,
      NanoCpus: 1.5e9,
      PidsLimit: 512,
      CapDrop: ["ALL"],
      CapAdd: SANDBOX_CAPABILITIES,
      NetworkMode: "quai-net-abc",
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
    });
    expect(spec.HostConfig?.Privileged).toBeUndefined();
    expect(SANDBOX_CAPABILITIES).not.toContain("SYS_MODULE");
    expect(SANDBOX_CAPABILITIES).not.toContain("SYS_RESOURCE");
    expect(SANDBOX_CAPABILITIES).not.toContain("DAC_READ_SEARCH");
    expect(spec.Env).toContain("QUAI_REGISTRY_MIRROR=http://quai-cache:5000");
  });

  it("uses Sysbox's runtime without extra privileges when configured", () => {
    const spec = sandboxContainerSpec({ ...options, runtime: "sysbox-runc" }, { id: "abc", owner: "x" }, "n", "v", "c");
    expect(spec.HostConfig?.Runtime).toBe("sysbox-runc");
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
    expect(spec.HostConfig?.SecurityOpt).toBeUndefined();
  });
});
