import type Docker from "dockerode";
import type { CreateSpec } from "./driver.js";
import { CACHE_ALIAS, LABEL_CREATED, LABEL_ID, LABEL_INSTANCE, LABEL_ROLE, ROLE_SANDBOX } from "./names.js";
import { SANDBOX_SECCOMP } from "./seccomp.js";

export interface SandboxSpecOptions {
  instance: string;
  image: string;
  runtime: "runc" | "sysbox-runc";
  memoryMb: number;
  cpus: number;
  pids: number;
  logMax: string;
  egress: boolean;
  /** An AppArmor profile the self-hoster loaded (docs/security.md); unset: none asked for. */
  apparmorProfile?: string;
  /** Read and write bandwidth of the sandbox's disk, in MB/s; 0: not limited. */
  ioMbps: number;
  /**
   * How long the runner waits for a new sandbox to be ready; its nested
   * engine is given as long, less a margin for the rest of the start (it had
   * its own 30 s, and a busy host's start failed on it while the runner would
   * have waited 90 s).
   */
  readyTimeoutMs: number;
}

/** Where the learner's data lives: a size-limited disk (a loop device) or, without quota, a volume. */
export type SandboxStorage = { device: string } | { volume: string };

/**
 * Capabilities of the sandbox container. Nothing the learner runs has them:
 * the learner's side lives in a user namespace of its own (entrypoint.sh),
 * where it holds every capability, but only over what that namespace owns.
 * These are for the container's outer side, which prepares that namespace
 * and which the runner's commands go through:
 *   SYS_ADMIN       mounts (the learner's root filesystem, disk, cgroups),
 *                   unshare/setns into the learner's namespaces
 *   NET_ADMIN, NET_RAW   the veth pair to the learner's side, NAT and egress rules
 *   SETUID, SETGID, SETFCAP   writing the user namespace's uid/gid maps
 *                   (mapping its root needs SETFCAP since Linux 5.12)
 *   CHOWN, DAC_OVERRIDE, FOWNER   handing the learner their cgroup and files
 *   SYS_PTRACE      entering the learner's namespaces (nsenter opens /proc/PID/ns/*)
 *   KILL            stopping the learner's side
 * Measured one at a time: without any of them the sandbox does not start or
 * the runner cannot open a terminal in it.
 */
export const SANDBOX_CAPABILITIES = [
  "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SETUID", "SETGID", "SETFCAP", "CHOWN", "DAC_OVERRIDE", "FOWNER", "SYS_PTRACE", "KILL",
];

/** Where the sandbox's disk is mounted on its outer side (entrypoint.sh). */
export const DISK_PATH = "/quai/disk";
export const DISK_DEVICE = "/dev/quai-disk";

/** Docker create options for one sandbox container; pure, so unit tests can read them. */
export function sandboxContainerSpec(o: SandboxSpecOptions, spec: CreateSpec, network: string, storage: SandboxStorage, name: string): Docker.ContainerCreateOptions {
  const sysbox = o.runtime === "sysbox-runc";
  // CgroupnsMode is in Engine API 1.41 but missing from the typings.
  const isolation: Docker.HostConfig & { CgroupnsMode?: "private" | "host" } = sysbox
    ? { Runtime: "sysbox-runc" }
    : {
        CapDrop: ["ALL"],
        CapAdd: SANDBOX_CAPABILITIES,
        // Docker's masked and read-only /proc and /sys paths stay as they are (no MaskedPaths override).
        // On an AppArmor host Docker would apply docker-default, which forbids the mounts nested Docker
        // makes: the profile the self-hoster loaded (deploy/apparmor), or none.
        SecurityOpt: [`seccomp=${SANDBOX_SECCOMP}`, `apparmor=${o.apparmorProfile ?? "unconfined"}`],
        CgroupnsMode: "private",
        // The image is the learner's lower layer and the runner's trusted tools: never written.
        ReadonlyRootfs: true,
        Tmpfs: { "/run": "rw,nosuid,nodev,noexec,mode=755,size=16m" },
        Sysctls: {
          // The learner's side reaches the sandbox network through NAT here.
          "net.ipv4.ip_forward": "1",
          // No IPv6 on this side: nothing to reach the host's link-local addresses with.
          "net.ipv6.conf.all.disable_ipv6": "1",
          "net.ipv6.conf.default.disable_ipv6": "1",
        },
      };
  // Under Sysbox the engine runs in the container itself (QUAI_USERNS=0): its storage is /var/lib/docker.
  const throttle = o.ioMbps > 0 && "device" in storage ? [{ Path: storage.device, Rate: o.ioMbps * 1024 * 1024 }] : undefined;
  const disk: Docker.HostConfig =
    "device" in storage
      ? {
          Devices: [{ PathOnHost: storage.device, PathInContainer: DISK_DEVICE, CgroupPermissions: "rwm" }],
          // Everything the learner writes goes through this device: its bandwidth is the learner's share
          // of the host's disk (set on the container's cgroup, above the learner's reach).
          ...(throttle ? { BlkioDeviceReadBps: throttle, BlkioDeviceWriteBps: throttle } : {}),
        }
      : { Mounts: [{ Type: "volume", Source: storage.volume, Target: sysbox ? "/var/lib/docker" : DISK_PATH }] };
  return {
    name,
    Image: o.image,
    Hostname: "quai",
    Env: [
      `QUAI_REGISTRY_MIRROR=http://${CACHE_ALIAS}:5000`,
      `QUAI_EGRESS=${o.egress ? 1 : 0}`,
      `QUAI_USERNS=${sysbox ? 0 : 1}`,
      `QUAI_READY_TIMEOUT=${Math.max(5, Math.floor(o.readyTimeoutMs / 1000) - 5)}`,
    ],
    Labels: {
      [LABEL_ROLE]: ROLE_SANDBOX,
      [LABEL_INSTANCE]: o.instance,
      [LABEL_ID]: spec.id,
      [LABEL_CREATED]: String(Date.now()),
    },
    HostConfig: {
      ...isolation,
      ...disk,
      NetworkMode: network,
      Memory: o.memoryMb * 1024 * 1024,
      MemorySwap: o.memoryMb * 1024 * 1024,
      NanoCpus: Math.round(o.cpus * 1e9),
      PidsLimit: o.pids,
      LogConfig: { Type: "json-file", Config: { "max-size": o.logMax, "max-file": "1" } },
      RestartPolicy: { Name: "no" },
    },
  };
}
