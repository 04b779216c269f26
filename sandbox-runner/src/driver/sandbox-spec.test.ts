import { describe, expect, it } from "vitest";
import { SANDBOX_CAPABILITIES, sandboxContainerSpec, type SandboxSpecOptions } from "./sandbox-spec.js";
import { ALLOWED_SYSCALLS, DENIED_SYSCALLS, seccompProfile } from "./seccomp.js";

const options: SandboxSpecOptions = {
  instance: "quai",
  image: "quai/sandbox:latest",
  runtime: "runc",
  memoryMb: 1024,
  cpus: 1.5,
  pids: 512,
  logMax: "1m",
  egress: false,
  ioMbps: 100,
  readyTimeoutMs: 90_000,
};

describe("sandboxContainerSpec", () => {
  it("gives the nested engine the runner's own patience, less a margin", () => {
    const env = (readyTimeoutMs: number) => sandboxContainerSpec({ ...options, readyTimeoutMs }, { id: "a", owner: null }, "n", { volume: "v" }, "c").Env;
    expect(env(90_000)).toContain("QUAI_READY_TIMEOUT=85");
    expect(env(5_000)).toContain("QUAI_READY_TIMEOUT=5");
  });

  it("limits resources and grants an explicit capability set, never --privileged", () => {
    const spec = sandboxContainerSpec(options, { id: "abc", owner: null }, "quai-net-abc", { device: "/dev/loop3" }, "quai-warm-abc");
    expect(spec.HostConfig).toMatchObject({
      Memory: 1024 * 1024 * 1024,
      NanoCpus: 1.5e9,
      PidsLimit: 512,
      CapDrop: ["ALL"],
      CapAdd: SANDBOX_CAPABILITIES,
      NetworkMode: "quai-net-abc",
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
      Devices: [{ PathOnHost: "/dev/loop3", PathInContainer: "/dev/quai-disk", CgroupPermissions: "rwm" }],
    });
    expect(spec.HostConfig?.Privileged).toBeUndefined();
    for (const cap of ["SYS_MODULE", "SYS_RESOURCE", "DAC_READ_SEARCH", "SYS_RAWIO", "SYS_TIME", "MKNOD"]) expect(SANDBOX_CAPABILITIES).not.toContain(cap);
    expect(spec.Env).toContain("QUAI_REGISTRY_MIRROR=http://quai-cache:5000");
    expect(spec.Env).toContain("QUAI_USERNS=1");
  });

  it("keeps Docker's masked paths, a read-only image, a seccomp profile and no IPv6", () => {
    const host = sandboxContainerSpec(options, { id: "abc", owner: null }, "n", { volume: "v" }, "c").HostConfig!;
    expect(host.MaskedPaths).toBeUndefined();
    expect(host.ReadonlyPaths).toBeUndefined();
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Sysctls).toMatchObject({ "net.ipv6.conf.all.disable_ipv6": "1" });
    expect(host.Mounts).toEqual([{ Type: "volume", Source: "v", Target: "/quai/disk" }]);
    const seccomp = host.SecurityOpt?.find((o: string) => o.startsWith("seccomp="));
    expect(seccomp && JSON.parse(seccomp.slice("seccomp=".length))).toEqual(seccompProfile());
    expect(host.SecurityOpt?.some((o: string) => o.startsWith("seccomp=unconfined"))).toBe(false);
  });

  it("throttles the disk's bandwidth on the container's cgroup", () => {
    const host = sandboxContainerSpec(options, { id: "a", owner: null }, "n", { device: "/dev/loop3" }, "c").HostConfig!;
    expect(host.BlkioDeviceWriteBps).toEqual([{ Path: "/dev/loop3", Rate: 100 * 1024 * 1024 }]);
    expect(host.BlkioDeviceReadBps).toEqual([{ Path: "/dev/loop3", Rate: 100 * 1024 * 1024 }]);
  });

  it("asks for a loaded AppArmor profile when one is configured, else none (not docker-default)", () => {
    const plain = sandboxContainerSpec(options, { id: "a", owner: null }, "n", { volume: "v" }, "c").HostConfig!;
    expect(plain.SecurityOpt).toContain("apparmor=unconfined");
    const armored = sandboxContainerSpec({ ...options, apparmorProfile: "quai-sandbox" }, { id: "a", owner: null }, "n", { volume: "v" }, "c").HostConfig!;
    expect(armored.SecurityOpt).toContain("apparmor=quai-sandbox");
  });

  it("uses Sysbox's runtime without extra privileges when configured", () => {
    const spec = sandboxContainerSpec({ ...options, runtime: "sysbox-runc" }, { id: "abc", owner: "x" }, "n", { volume: "v" }, "c");
    expect(spec.HostConfig?.Runtime).toBe("sysbox-runc");
    expect(spec.HostConfig?.CapAdd).toBeUndefined();
    expect(spec.HostConfig?.SecurityOpt).toBeUndefined();
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: "volume", Source: "v", Target: "/var/lib/docker" }]);
    expect(spec.Env).toContain("QUAI_USERNS=0");
  });
});

describe("seccomp profile", () => {
  const allowed = new Set(ALLOWED_SYSCALLS.flatMap((g) => g.names));

  it("denies by default and keeps out the syscalls escapes go through", () => {
    expect(seccompProfile()).toMatchObject({ defaultAction: "SCMP_ACT_ERRNO" });
    for (const name of DENIED_SYSCALLS) expect(allowed.has(name), name).toBe(false);
  });

  it("allows what nested Docker needs, each group with its reason", () => {
    for (const name of ["pivot_root", "mount", "unshare", "setns", "clone3", "ptrace"]) expect(allowed.has(name), name).toBe(true);
    for (const group of ALLOWED_SYSCALLS) expect(group.why.length).toBeGreaterThan(10);
  });
});
