import { execFile, execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statfsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE, ORIGIN, TermClient, echoLatencies, percentile, removeAllTestObjects, runner, shell, type Api, type Runner } from "./harness.js";

/**
 * The sandbox boundary, tried as a curious or malicious learner would: every
 * command runs in a real terminal of a real sandbox (the learner's own root
 * shell), on the default runtime. Each attack must fail, and the neighbour's
 * terminal must stay responsive meanwhile.
 */

const HOST_PORT = 47124;
const LIMITS = { QUAI_SANDBOX_MEMORY_MB: "512", QUAI_SANDBOX_PIDS: "256", QUAI_SANDBOX_CPUS: "0.5", QUAI_SANDBOX_DISK_GB: "1" };

let r: Runner & { api: Api };
let hostService: Server;
let a: { id: string; token: string };
let b: { id: string; token: string };
let attacker: TermClient;
let neighbour: TermClient;

const host = (args: string[]) => execFileSync(args[0]!, args.slice(1), { encoding: "utf8" }).trim();
const containerOf = (id: string) => host(["docker", "ps", "-q", "--no-trunc", "--filter", `label=quai.sandbox=${id}`, "--filter", `label=quai.instance=${INSTANCE}`]);

beforeAll(async () => {
  removeAllTestObjects();
  hostService = createServer((_req, res) => res.end("host secret")).listen(HOST_PORT, "::");
  r = await runner(LIMITS);
  a = await r.api.sandbox("attacker");
  b = await r.api.sandbox("neighbour");
  attacker = await TermClient.open(r.api.base, a.id, "t1", a.token, { cols: 200 });
  neighbour = await TermClient.open(r.api.base, b.id, "t1", b.token);
  await attacker.untilText(/# $/m, 30_000);
  await neighbour.untilText(/# $/m, 30_000);
}, 180_000);

afterAll(async () => {
  await attacker?.close();
  await neighbour?.close();
  await r?.stop();
  hostService?.close();
  removeAllTestObjects();
});

describe("a learner with root in their sandbox", () => {
  it("is root only in a user namespace of their own", async () => {
    const { out } = await shell(attacker, "id -u; cat /proc/self/uid_map");
    const [uid, map] = out.split("\n");
    expect(uid).toBe("0");
    expect(map!.trim().split(/\s+/)).toEqual(["0", "100000", "65536"]);
  });

  it("cannot write host-wide kernel settings, through /proc or through a fresh /proc", async () => {
    // Each setting is written with the value it already has: a success proves the hole without changing the host.
    const before = readFileSync("/proc/sys/kernel/core_pattern", "utf8");
    for (const setting of ["kernel/core_pattern", "kernel/panic", "vm/panic_on_oom"]) {
      const { code } = await shell(attacker, `cat /proc/sys/${setting} > /tmp/v && cat /tmp/v > /proc/sys/${setting}`);
      expect(code, setting).not.toBe(0);
    }
    // pid_max belongs to each pid namespace since Linux 6.14: the sandbox may lower its own, never the host's.
    const hostPidMax = readFileSync("/proc/sys/kernel/pid_max", "utf8");
    await shell(attacker, `echo ${Number(hostPidMax) - 1} > /proc/sys/kernel/pid_max`);
    expect(readFileSync("/proc/sys/kernel/pid_max", "utf8")).toBe(hostPidMax);
    expect((await shell(attacker, "echo 1 > /proc/sys/vm/drop_caches")).code).not.toBe(0);
    const fresh = await shell(attacker, "mkdir -p /tmp/p && mount -t proc proc /tmp/p && cat /tmp/p/sys/kernel/core_pattern > /tmp/v && cat /tmp/v > /tmp/p/sys/kernel/core_pattern");
    expect(fresh.code).not.toBe(0);
    expect(readFileSync("/proc/sys/kernel/core_pattern", "utf8")).toBe(before);
  });

  it("cannot mount debugfs or tracefs, nor write host settings through a fresh sysfs", async () => {
    expect((await shell(attacker, "mkdir -p /tmp/d && mount -t debugfs debugfs /tmp/d")).code).not.toBe(0);
    expect((await shell(attacker, "mount -t tracefs tracefs /tmp/d")).code).not.toBe(0);
    const sysfs = await shell(attacker, "mkdir -p /tmp/s && mount -t sysfs sysfs /tmp/s && cat /tmp/s/kernel/mm/ksm/run > /tmp/v && cat /tmp/v > /tmp/s/kernel/mm/ksm/run");
    expect(sysfs.code).not.toBe(0);
  });

  it("cannot raise any limit it can see, and the limits set by the runner still hold", async () => {
    const files = "memory.limit_in_bytes memory.memsw.limit_in_bytes memory.max pids.max cpu.cfs_quota_us cpu.max cpu.shares";
    const tried = await shell(
      attacker,
      `n=0; w=0; for f in $(for x in ${files}; do find /sys/fs/cgroup -maxdepth 2 -name $x; done); do n=$((n+1)); (echo max > $f || echo -1 > $f) 2>/dev/null && w=$((w+1)) && echo "WRITABLE $f"; done; echo "tried=$n writable=$w"`,
    );
    expect(tried.out).toMatch(/tried=[1-9]\d* writable=0$/);
    // Memory: 700 MB in one process, above the 512 MB limit: that process is killed, the sandbox lives.
    const hog = await shell(attacker, "head -c 700M /dev/zero | tail >/dev/null");
    expect(hog.code).not.toBe(0);
    expect((await shell(attacker, "echo alive")).out).toBe("alive");
    // Processes: 400 asked, the sandbox's limit is 256 (its shell and engine hold some already).
    // perl, not bash: bash retries a refused fork for a long while.
    const pids = await shell(
      attacker,
      `perl -e '$n = 0; for (1 .. 400) { $p = fork(); last unless defined $p; if (!$p) { sleep 30; exit } $n++ } print "forked=$n\\n"; kill 9, -$$'; true`,
      90_000,
    );
    const forked = Number(/forked=(\d+)/.exec(pids.out)?.[1]);
    expect(forked).toBeGreaterThan(50);
    expect(forked).toBeLessThan(256);
    // CPU: two busy loops for 3 s are held to the 0.5 CPU the runner gave, read from the host's cgroup.
    const used0 = cpuUsedNs(containerOf(a.id));
    const t0 = Date.now();
    await shell(attacker, "for i in 1 2; do timeout 3 sh -c 'while :; do :; done' & done; wait");
    const cpus = (cpuUsedNs(containerOf(a.id)) - used0) / 1e6 / (Date.now() - t0);
    expect(cpus).toBeGreaterThan(0.3);
    expect(cpus).toBeLessThan(0.65);
  }, 180_000);

  it("cannot widen its device access nor open the host's disk", async () => {
    expect((await shell(attacker, "echo 'a *:* rwm' > /sys/fs/cgroup/devices/devices.allow")).code).not.toBe(0);
    const [major, minor] = diskNumbers();
    const node = await shell(attacker, `mknod /tmp/hostdisk b ${major} ${minor} && head -c 512 /tmp/hostdisk | wc -c`);
    expect(node.code).not.toBe(0);
    expect(node.out).not.toMatch(/^512$/m);
  });

  it("cannot reach the host or the runner, over IPv4 or IPv6, and is refused at once", async () => {
    const sb = r.manager.get(a.id);
    const gateway = host(["docker", "network", "inspect", `${INSTANCE}-net-${a.id}`, "--format", "{{(index .IPAM.Config 0).Gateway}}"]);
    for (const port of [HOST_PORT, r.port]) {
      const t0 = Date.now();
      const res = await shell(attacker, `curl -s -m 5 http://${gateway}:${port}/healthz`);
      expect(res.code).not.toBe(0);
      expect(res.out).not.toContain("host secret");
      expect(Date.now() - t0).toBeLessThan(2000); // refused, not left to time out
    }
    // IPv6: the host's link-local address on this sandbox's bridge, with IPv6 re-enabled on the learner's side.
    const bridge = `qsb-${a.id.slice(0, 11)}`;
    const linkLocal = host(["sh", "-c", `ip -6 addr show dev ${bridge} scope link | awk '/inet6/ {print $2}' | cut -d/ -f1`]);
    expect(linkLocal, "the host gives the sandbox bridge a link-local IPv6 address: the attack is real").toMatch(/^fe80:/);
    await shell(attacker, "sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0");
    const v6 = await shell(attacker, `curl -s -g -m 3 'http://[${linkLocal}%eth0]:${HOST_PORT}/'`);
    expect(v6.code).not.toBe(0);
    expect(v6.out).not.toContain("host secret");
    expect(sb.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("cannot reach the outside world: refused at once, not left to hang", async () => {
    const t0 = Date.now();
    const res = await shell(attacker, "curl -s -m 10 http://192.0.2.1/ ; curl -s -m 10 http://example.com/");
    expect(res.code).not.toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("cannot fake a check by replacing the tools checks use", async () => {
    await shell(attacker, "for t in /usr/bin/timeout /usr/bin/docker; do printf '#!/bin/sh\\necho faked\\nexit 0\\n' > $t; done");
    expect((await shell(attacker, "docker inspect no-such-container")).out).toBe("faked");
    const check = await r.api.exec(a.id, "docker container inspect no-such-container >/dev/null 2>&1 && echo passed");
    expect(check.exitCode).not.toBe(0);
    expect(check.stdout).not.toContain("passed");
    // …while a real check of the learner's own state still works.
    expect((await r.api.exec(a.id, "docker version --format '{{.Server.Os}}'")).stdout.trim()).toBe("linux");
    // Checks see the learner's processes (their /proc), as the course's do with ps.
    expect((await r.api.exec(a.id, "ps -p 1 -o comm=")).stdout.trim()).toBe("tini");
    const ps = await r.api.exec(a.id, "ps; test -d /proc/$$ && echo own-pid-found");
    expect(ps.stderr).toBe("");
    expect(ps.stdout).toMatch(/^\s*PID TTY/);
    expect(ps.stdout).toContain("own-pid-found");
  });

  it("fills only its own disk: stopped at its quota, told so in French, and the space comes back", async () => {
    const free0 = statfsSync("/var/lib/docker").bavail * statfsSync("/var/lib/docker").bsize;
    const fill = await shell(attacker, "dd if=/dev/zero of=/root/big bs=1M count=1500 status=none", 120_000);
    expect(fill.code).not.toBe(0);
    expect(fill.out).toMatch(/espace|space/i);
    await attacker.untilText(/Le disque de votre bac à sable est plein/);
    const free1 = statfsSync("/var/lib/docker").bavail * statfsSync("/var/lib/docker").bsize;
    expect(free0 - free1).toBeLessThan(1.2e9); // 1 GB quota, plus what other processes wrote meanwhile
    await shell(attacker, "rm -f /root/big && sync");
    const deadline = Date.now() + 20_000;
    let freeAgain = 0;
    while (Date.now() < deadline) {
      freeAgain = statfsSync("/var/lib/docker").bavail * statfsSync("/var/lib/docker").bsize;
      if (free0 - freeAgain < 200e6) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    expect(free0 - freeAgain).toBeLessThan(200e6);
  }, 180_000);

  it("floods its terminal sockets with resizes, input and acknowledgements: the runner reads them at a bounded pace, the neighbour does not notice", async () => {
    // A terminal of its own: what the runner lets through keeps reaching that shell for a while
    // after the flood (a fresh-clone CI run saw x's still arriving 150 s later), the attacker's
    // own problem; the shell the other tests use stays out of it.
    const url = `${r.api.base.replace("http", "ws")}/v1/sandboxes/${a.id}/terminals/t9?token=${encodeURIComponent(a.token)}&offset=0&cols=80&rows=24`;
    const rss0 = process.memoryUsage().rss;
    let rssPeak = rss0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const floods = flood(["frames", url, ORIGIN, "resize,input,ack", "10000"]);
    await new Promise((res) => setTimeout(res, 1500));
    const latencies = await echoLatencies(neighbour, 80);
    const result = await floods;
    const cpu = process.cpuUsage(cpu0);
    const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - t0);
    clearInterval(sampler);
    const sent = Number(result.sent);
    console.log(`flood: ${sent} frames sent in 10 s over 3 sockets; runner ${(cores * 100).toFixed(0)} % of a core, +${((rssPeak - rss0) / 1e6).toFixed(0)} MB peak; neighbour echo p95 ${percentile(latencies, 95).toFixed(1)} ms`);
    // The flood was real (far beyond the budget of 2,000 frames a second), and cost little.
    expect(sent).toBeGreaterThan(20_000);
    expect(percentile(latencies, 95)).toBeLessThanOrEqual(50);
    expect(rssPeak - rss0).toBeLessThan(150e6);
    expect(cores).toBeLessThan(0.6);
    // The attacker's sandbox still answers at once, in its other shell.
    const answered = performance.now();
    expect((await shell(attacker, "echo still-here", 30_000)).out).toContain("still-here");
    console.log(`flood: the attacker's other shell answered in ${((performance.now() - answered) / 1000).toFixed(1)} s after the flood`);
  }, 180_000);

  it("gets an answer to each of 1,000 upgrades to paths nobody routes, and the runner closes them even when the client never does", async () => {
    const fds0 = readdirSync("/proc/self/fd").length;
    const result = flood(["upgrades", r.api.base, "1000", "8000"]) as Promise<{ statuses: Record<string, number>; closedByServer: number }>;
    // The runner's sockets rise with the flood, then fall while the client
    // still holds its 1,000 half-open (it does for 8 s after its answers).
    let peak = fds0;
    let fdsLate = fds0;
    for (const started = Date.now(); Date.now() - started < 7_000; ) {
      await new Promise((res) => setTimeout(res, 100));
      fdsLate = readdirSync("/proc/self/fd").length;
      peak = Math.max(peak, fdsLate);
    }
    const { statuses, closedByServer } = await result;
    expect(statuses).toEqual({ "404": 1000 });
    expect(closedByServer).toBe(1000);
    expect(peak - fds0).toBeGreaterThan(100);
    expect(fdsLate - fds0).toBeLessThan(20);
  }, 60_000);

  it("keeps the neighbour's terminal responsive while it burns CPU, forks and writes", async () => {
    const attack = shell(attacker, "for i in 1 2 3 4; do timeout 8 sh -c 'while :; do :; done' & done; timeout 8 sh -c 'yes > /dev/null' & timeout 8 dd if=/dev/zero of=/root/w bs=1M count=600 status=none; wait; rm -f /root/w", 60_000);
    await new Promise((res) => setTimeout(res, 500));
    const latencies = await echoLatencies(neighbour, 80);
    await attack;
    expect(percentile(latencies, 95)).toBeLessThanOrEqual(50);
  }, 90_000);
});

/**
 * Runs flood-client.ts in a process of its own, at the lowest CPU priority
 * (an attacker's CPU is their own machine's, not the runner's host), and
 * returns the JSON line it printed.
 */
function flood(args: string[]): Promise<Record<string, unknown>> {
  const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
  const script = fileURLToPath(new URL("./flood-client.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile("nice", ["-n", "19", tsx, script, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`flood ${args[0]}: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!));
    });
  });
}

/** CPU time used by a container so far, in ns, from the host's cgroup (v1 cpuacct or v2 cpu.stat, either driver). */
function cpuUsedNs(containerId: string): number {
  const v1 = host(["sh", "-c", `find /sys/fs/cgroup/cpuacct -maxdepth 4 -type d -name '*${containerId}*' | head -1`]);
  if (v1) return Number(readFileSync(`${v1}/cpuacct.usage`, "utf8"));
  const v2 = host(["sh", "-c", `find /sys/fs/cgroup -maxdepth 4 -type d -name '*${containerId}*' | head -1`]);
  return Number(/usage_usec (\d+)/.exec(readFileSync(`${v2}/cpu.stat`, "utf8"))![1]) * 1000;
}

/** Major and minor numbers of the host's root disk. */
function diskNumbers(): [number, number] {
  const dev = Number(host(["stat", "-c", "%d", "/"]));
  return [Math.floor(dev / 256), dev % 256];
}
