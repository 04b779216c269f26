import { describe, expect, it } from "vitest";
import { judgeCache } from "./cache";
import { judgeDisk, judgeMemory, type CapacityFacts } from "./capacity";
import { judgeClock } from "./clock";
import { judgeCgroup, judgeEngine, type EngineFacts } from "./engine";
import { judgeCacheImages, judgeSandboxImage, type ImageFacts } from "./images";
import { judgeLoop, judgeNetfilter, judgeOverlay, judgeUserNamespaces, type KernelFacts } from "./kernel";
import { judgePort } from "./ports";
import { report } from "./report";
import { readSettings } from "./settings";
import { gigabytes } from "./verdict";

// Each check's verdict from facts (the probes, which read the real machine,
// run in doctor.test.ts). Every warning and failure must carry its fix.
const GIB = 1024 ** 3;

describe("engine", () => {
  const up: EngineFacts = { reachable: true, socket: "/var/run/docker.sock", version: "26.1.5+dfsg1", apiVersion: "1.45", cgroupVersion: "2", cgroupDriver: "systemd", rootDir: "/var/lib/docker", systemTime: null };
  it("fails when the engine does not answer, naming the socket and how to start it", () => {
    const v = judgeEngine({ reachable: false, socket: "/run/docker.sock", error: "connect ENOENT /run/docker.sock" });
    expect(v.status).toBe("fail");
    expect(v.summary).toContain("/run/docker.sock");
    expect(v.fix).toContain("sudo systemctl start docker");
  });
  it("fails below 20.10, accepts 20.10 and later", () => {
    expect(judgeEngine({ ...up, version: "19.03.15" }).status).toBe("fail");
    expect(judgeEngine({ ...up, version: "20.10.24+dfsg1" }).status).toBe("ok");
    expect(judgeEngine(up)).toEqual({ status: "ok", summary: "Docker 26.1.5+dfsg1 répond (API 1.45)." });
  });
  it("warns on a version it cannot read", () => {
    expect(judgeEngine({ ...up, version: "master-dockerproject" }).status).toBe("warn");
  });
  it("prefers cgroup v2, warns on v1 with the kernel setting to change, skips without an engine", () => {
    expect(judgeCgroup(up).status).toBe("ok");
    const v1 = judgeCgroup({ ...up, cgroupVersion: "1" });
    expect(v1.status).toBe("warn");
    expect(v1.fix).toContain("systemd.unified_cgroup_hierarchy=1");
    expect(judgeCgroup({ ...up, cgroupVersion: null }).status).toBe("warn");
    expect(judgeCgroup({ reachable: false, socket: "x", error: "e" }).status).toBe("skip");
  });
});

describe("kernel", () => {
  const all: KernelFacts = {
    maxUserNamespaces: 15000,
    overlay: { loaded: true, built: "y" },
    loop: { loaded: true, built: "y" },
    netfilter: { loaded: true, built: "y" },
    hostFirewall: true,
  };
  it("accepts what runs now, or a module loaded on first use", () => {
    for (const judge of [judgeOverlay, judgeLoop, judgeNetfilter]) expect(judge(all).status).toBe("ok");
    expect(judgeOverlay({ ...all, overlay: { loaded: false, built: "m" } }).summary).toContain("chargé à la première utilisation");
  });
  it("fails on a feature the kernel was built without, with the command that adds it", () => {
    const v = judgeLoop({ ...all, loop: { loaded: false, built: "n" } });
    expect(v.status).toBe("fail");
    expect(v.fix).toContain("sudo modprobe loop");
    expect(judgeOverlay({ ...all, overlay: { loaded: false, built: "n" } }).fix).toContain("sudo modprobe overlay");
  });
  it("warns when neither /proc nor the kernel configuration tells", () => {
    expect(judgeOverlay({ ...all, overlay: { loaded: false, built: null } }).status).toBe("warn");
  });
  it("makes a missing firewall a warning only when the host firewall is off", () => {
    const none = { loaded: false, built: "n" as const };
    expect(judgeNetfilter({ ...all, netfilter: none }).status).toBe("fail");
    expect(judgeNetfilter({ ...all, netfilter: none, hostFirewall: false }).status).toBe("warn");
  });
  it("fails when user namespaces are off, warns when unknown", () => {
    const off = judgeUserNamespaces({ ...all, maxUserNamespaces: 0 });
    expect(off.status).toBe("fail");
    expect(off.fix).toContain("user.max_user_namespaces=15000");
    expect(judgeUserNamespaces({ ...all, maxUserNamespaces: null }).status).toBe("warn");
    expect(judgeUserNamespaces(all).status).toBe("ok");
  });
});

describe("capacity", () => {
  const host: CapacityFacts = { maxSandboxes: 10, warmPool: 2, memoryMb: 1536, diskGb: 10, sleepDiskGb: 100, totalMemoryBytes: 24 * GIB, freeDiskBytes: 500 * GIB, dockerRoot: "/var/lib/docker" };
  it("is fine when every sandbox at its limit fits", () => {
    expect(judgeMemory(host).status).toBe("ok");
    expect(judgeDisk(host).status).toBe("ok");
  });
  it("warns on overcommitted memory and says which QUAI_SANDBOX_MAX would fit", () => {
    const v = judgeMemory({ ...host, maxSandboxes: 40 });
    expect(v.status).toBe("warn");
    expect(v.summary).toContain("40 bacs à sable × 1536 Mo = 60 Go");
    expect(v.fix).toContain("QUAI_SANDBOX_MAX=14");
  });
  it("fails when not even the warm pool and one learner fit", () => {
    const v = judgeMemory({ ...host, totalMemoryBytes: 4 * GIB });
    expect(v.status).toBe("fail");
    expect(v.fix).toContain("QUAI_SANDBOX_MEMORY_MB");
  });
  it("warns when full sandbox disks would not fit, fails below 5 GB free, warns when unknown", () => {
    expect(judgeDisk({ ...host, freeDiskBytes: 100 * GIB }).status).toBe("warn");
    const full = judgeDisk({ ...host, freeDiskBytes: 2 * GIB });
    expect(full.status).toBe("fail");
    expect(full.summary).toContain("2,0 Go");
    expect(judgeDisk({ ...host, freeDiskBytes: null }).status).toBe("warn");
    expect(judgeDisk({ ...host, diskGb: 0, freeDiskBytes: 50 * GIB }).status).toBe("ok");
  });
  it("writes sizes the French way", () => {
    expect(gigabytes(1.5 * GIB)).toBe("1,5 Go");
    expect(gigabytes(72.4 * GIB)).toBe("72 Go");
  });
});

describe("images", () => {
  const current: ImageFacts = { sandboxImage: "quai/sandbox:latest", sandboxPresent: true, sandboxCurrent: true, cacheMode: "local", cacheImage: "quai/registry:2.8", cacheImagePresent: true, cacheVolume: "quai-cache-data", cacheVolumePresent: true };
  it("fails without the sandbox image, warns when it is stale or unknown", () => {
    expect(judgeSandboxImage(current).status).toBe("ok");
    const missing = judgeSandboxImage({ ...current, sandboxPresent: false });
    expect(missing.status).toBe("fail");
    expect(missing.fix).toContain("npm run images:sandbox");
    expect(judgeSandboxImage({ ...current, sandboxCurrent: false }).status).toBe("warn");
    expect(judgeSandboxImage({ ...current, sandboxCurrent: null }).status).toBe("warn");
  });
  it("fails without the cache image, or without its volume in local mode only", () => {
    expect(judgeCacheImages(current).status).toBe("ok");
    expect(judgeCacheImages({ ...current, cacheImagePresent: false }).fix).toContain("npm run images:offline");
    expect(judgeCacheImages({ ...current, cacheVolumePresent: false }).status).toBe("fail");
    expect(judgeCacheImages({ ...current, cacheMode: "proxy", cacheVolumePresent: false }).status).toBe("ok");
  });
});

describe("cache", () => {
  it("accepts a registry that answers, fails on a stopped or silent one, and only warns before the first start", () => {
    expect(judgeCache({ container: "running", name: "quai-cache", address: "http://172.17.0.2:5000/v2/", answered: true }).status).toBe("ok");
    expect(judgeCache({ container: "stopped", name: "quai-cache" }).fix).toContain("docker start quai-cache");
    const silent = judgeCache({ container: "running", name: "quai-cache", address: "http://172.17.0.2:5000/v2/", answered: false, error: "timeout" });
    expect(silent.status).toBe("fail");
    expect(silent.fix).toContain("docker logs quai-cache");
    expect(judgeCache({ container: "absent", name: "quai-cache" }).status).toBe("warn");
  });
});

describe("clock", () => {
  const now = new Date("2026-12-02T18:00:00Z");
  it("fails on a clock earlier than this version of Quai", () => {
    const v = judgeClock({ now: new Date("2020-01-01T00:00:00Z"), releasedAt: now, engineTime: null, ntpSynchronized: null });
    expect(v.status).toBe("fail");
    expect(v.fix).toContain("timedatectl set-ntp true");
  });
  it("warns when the engine's clock is more than a minute off, or NTP is off", () => {
    expect(judgeClock({ now, releasedAt: null, engineTime: new Date(now.getTime() + 120_000), ntpSynchronized: true }).status).toBe("warn");
    expect(judgeClock({ now, releasedAt: null, engineTime: new Date(now.getTime() + 5_000), ntpSynchronized: true }).status).toBe("ok");
    expect(judgeClock({ now, releasedAt: null, engineTime: null, ntpSynchronized: false }).status).toBe("warn");
    expect(judgeClock({ now, releasedAt: null, engineTime: null, ntpSynchronized: null }).summary).toContain("non vérifiable");
  });
});

describe("ports", () => {
  it("accepts a free port or Quai's own, fails on another program's with the command that finds it", () => {
    expect(judgePort({ role: "site", variable: "PORT", host: "::", port: 3000, state: "free" }).status).toBe("ok");
    expect(judgePort({ role: "site", variable: "PORT", host: "::", port: 3000, state: "quai" }).summary).toContain("utilisé par Quai");
    const taken = judgePort({ role: "runner", variable: "QUAI_RUNNER_PORT", host: "127.0.0.1", port: 4000, state: "other" });
    expect(taken.status).toBe("fail");
    expect(taken.fix).toContain("sudo ss -ltnp 'sport = :4000'");
    expect(taken.fix).toContain("QUAI_RUNNER_PORT=4001");
  });
});

describe("settings", () => {
  it("accepts the defaults without a runner secret (npm start generates it)", () => {
    const s = readSettings({}, "test");
    expect(s.verdict.status).toBe("ok");
    expect(s.runner.QUAI_SANDBOX_MAX).toBe(40);
  });
  it("names every invalid variable of either half and carries on with the defaults", () => {
    const s = readSettings({ QUAI_SANDBOX_MAX: "0", PORT: "http" }, "/etc/quai/quai.env");
    expect(s.verdict.status).toBe("fail");
    expect(s.verdict.summary).toContain("QUAI_SANDBOX_MAX");
    expect(s.verdict.summary).toContain("PORT");
    expect(s.verdict.summary).toContain("/etc/quai/quai.env");
    expect(s.site.port).toBe(3000);
  });
});

describe("report", () => {
  it("shows each problem with its fix and counts what blocks", () => {
    const text = report(
      [
        { title: "Moteur Docker", verdict: { status: "ok", summary: "Docker 26 répond." } },
        { title: "Disque", verdict: { status: "fail", summary: "Plus de place.", fix: "Libérez de la place." } },
        { title: "cgroups", verdict: { status: "warn", summary: "cgroup v1.", fix: "Passez à v2." } },
      ],
      false,
    );
    expect(text).toContain("✓ Moteur Docker : Docker 26 répond.");
    expect(text).toContain("✗ Disque : Plus de place.\n    → Libérez de la place.");
    expect(text).toContain("1 problème bloquant, 1 avertissement");
  });
});
