import type { Readable } from "node:stream";
import Docker from "dockerode";
import { ensureCache } from "./cache.js";
import { execInContainer, openTerminalIn, putFilesIn, thawNested } from "./docker-exec.js";
import { thawFromHost } from "./host-thaw.js";
import type { CreateSpec, ExecRequest, FileEntry, GoneListener, SandboxDriver, SandboxRecord } from "./driver.js";
import { ignoreGone, isConflict, wrap } from "./errors.js";
import {
  CACHE_ALIAS,
  LABEL_CREATED,
  LABEL_ID,
  LABEL_INSTANCE,
  LABEL_ROLE,
  ROLE_SANDBOX,
  names,
} from "./names.js";
import { pickSubnet } from "./subnets.js";
import { waitForReadyLine } from "./ready.js";
import { watchDeaths } from "./events.js";

export interface DockerDriverOptions {
  socketPath: string;
  instance: string;
  image: string;
  runtime: "runc" | "sysbox-runc";
  memoryMb: number;
  cpus: number;
  pids: number;
  logMax: string;
  subnetPool: string;
  egress: boolean;
  readyTimeoutMs: number;
  cache: { mode: "local" | "proxy"; image: string; volume: string; upstream: string };
}

/**
 * Nested dockerd needs mounts and network administration, not the whole set
 * `--privileged` asks for (which these hosts refuse anyway): Docker's defaults
 * (nested containers get them, so they must be in the sandbox's bounding set),
 * SYS_ADMIN and NET_ADMIN (without either, nested Docker breaks), and
 * SYS_PTRACE: the nested runc joins a container's namespaces to run a health
 * check or `docker exec` as its non-root USER, and without it that fails
 * ("error executing setns process"). Measured one capability at a time; see
 * docs/images.md. Nothing else (no DAC_READ_SEARCH, SYS_MODULE, SYS_RAWIO…).
 */
export const SANDBOX_CAPABILITIES = [
  "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP",
  "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
  "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE",
];

/** Docker create options for one sandbox container; pure, so unit tests can read them. */
export function sandboxContainerSpec(o: DockerDriverOptions, spec: CreateSpec, network: string, volume: string, name: string): Docker.ContainerCreateOptions {
  // CgroupnsMode is in Engine API 1.41 but missing from the typings.
  const isolation: Docker.HostConfig & { CgroupnsMode?: "private" | "host" } =
    o.runtime === "sysbox-runc"
      ? { Runtime: "sysbox-runc" }
      : {
          CapDrop: ["ALL"],
          CapAdd: SANDBOX_CAPABILITIES,
          SecurityOpt: ["seccomp=unconfined", "apparmor=unconfined"],
          // The API form of the CLI's `systempaths=unconfined`: nested runc mounts /proc and /sys.
          MaskedPaths: [],
          ReadonlyPaths: [],
          CgroupnsMode: "private",
        };
  return {
    name,
    Image: o.image,
    Hostname: "quai",
    Env: [`QUAI_REGISTRY_MIRROR=http://${CACHE_ALIAS}:5000`],
    Labels: {
      [LABEL_ROLE]: ROLE_SANDBOX,
      [LABEL_INSTANCE]: o.instance,
      [LABEL_ID]: spec.id,
      [LABEL_CREATED]: String(Date.now()),
    },
    HostConfig: {
      ...isolation,
      NetworkMode: network,
      Mounts: [{ Type: "volume", Source: volume, Target: "/var/lib/docker" }],
      Memory: o.memoryMb * 1024 * 1024,
      MemorySwap: o.memoryMb * 1024 * 1024,
      NanoCpus: Math.round(o.cpus * 1e9),
      PidsLimit: o.pids,
      LogConfig: { Type: "json-file", Config: { "max-size": o.logMax, "max-file": "1" } },
      RestartPolicy: { Name: "no" },
    },
  };
}

export class DockerDriver implements SandboxDriver {
  readonly docker: Docker;
  private readonly n: ReturnType<typeof names>;
  /** Network creation is serialised so two sandboxes never race for one subnet. */
  private networkLock: Promise<unknown> = Promise.resolve();
  /** Sandbox id → container id, so hot paths (exec, terminals) skip a list call. */
  private readonly containerIds = new Map<string, string>();

  constructor(private readonly o: DockerDriverOptions) {
    this.docker = new Docker({ socketPath: o.socketPath });
    this.n = names(o.instance);
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw wrap(`docker engine at ${this.o.socketPath}`, err);
    }
  }

  async prepare(): Promise<void> {
    await ensureCache(this.docker, { name: this.n.cache, instance: this.o.instance, ...this.o.cache });
  }

  async create(spec: CreateSpec): Promise<SandboxRecord> {
    const network = this.n.network(spec.id);
    const volume = this.n.volume(spec.id);
    const name = spec.owner ? this.n.assigned(spec.owner) : this.n.warm(spec.id);
    const labels = { [LABEL_ROLE]: ROLE_SANDBOX, [LABEL_INSTANCE]: this.o.instance, [LABEL_ID]: spec.id };
    try {
      await this.createNetwork(spec.id, network, labels);
      await this.docker.createVolume({ Name: volume, Labels: labels });
      const container = await this.docker.createContainer(sandboxContainerSpec(this.o, spec, network, volume, name));
      const attach = await container.attach({ stream: true, stdout: true, stderr: true });
      const ready = waitForReadyLine(this.docker, attach as unknown as Readable, this.o.readyTimeoutMs);
      ready.catch(() => undefined); // observed below; avoids an unhandled rejection if start throws first
      await container.start();
      await ready;
      const info = await container.inspect();
      this.containerIds.set(spec.id, info.Id);
      return {
        id: spec.id,
        owner: spec.owner,
        createdAt: Number(info.Config.Labels?.[LABEL_CREATED] ?? Date.now()),
        running: true,
        ip: info.NetworkSettings.Networks[network]?.IPAddress ?? null,
      };
    } catch (err) {
      await this.destroy(spec.id).catch(() => undefined);
      throw wrap(`create sandbox ${spec.id}`, err);
    }
  }

  private async createNetwork(id: string, network: string, labels: Record<string, string>): Promise<void> {
    const run = async () => {
      const refused = new Set<string>();
      for (let attempt = 0; attempt < 5; attempt++) {
        const used = (await this.docker.listNetworks()).flatMap((net) => (net.IPAM?.Config ?? []).map((c) => c.Subnet ?? ""));
        const slot = pickSubnet(this.o.subnetPool, used, refused);
        try {
          const net = await this.docker.createNetwork({
            Name: network,
            Driver: "bridge",
            Internal: !this.o.egress,
            CheckDuplicate: true,
            Labels: labels,
            IPAM: { Driver: "default", Config: [{ Subnet: slot.subnet, Gateway: slot.gateway }] },
            Options: { "com.docker.network.bridge.name": this.n.bridge(id) },
          });
          await net.connect({ Container: this.n.cache, EndpointConfig: { Aliases: [CACHE_ALIAS] } });
          return;
        } catch (err) {
          // Another engine user took the subnet between list and create: try the next one.
          if (/overlap/i.test((err as Error).message ?? "") || isConflict(err)) refused.add(slot.subnet);
          else throw wrap(`network ${network}`, err);
        }
      }
      throw new Error(`network ${network}: no subnet accepted after 5 attempts`);
    };
    const next = this.networkLock.then(run, run);
    this.networkLock = next.catch(() => undefined);
    await next;
  }

  async assign(id: string, owner: string): Promise<void> {
    const container = await this.containerOf(id);
    try {
      await container.rename({ name: this.n.assigned(owner) });
    } catch (err) {
      throw wrap(`assign sandbox ${id} to ${owner}`, err);
    }
  }

  async destroy(id: string): Promise<void> {
    const network = this.n.network(id);
    const found = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_ID}=${id}`, `${LABEL_INSTANCE}=${this.o.instance}`] } });
    this.containerIds.delete(id);
    for (const c of found) {
      const container = this.docker.getContainer(c.Id);
      // Frozen processes (a learner's `docker pause`) cannot be killed and would hang the removal:
      // thaw them from inside, or from the host when the sandbox cannot run a command any more.
      let thawProblem = "";
      if (c.State === "running" && !(await thawNested(container))) {
        await thawFromHost(this.docker, this.o.image, c.Id, this.o.instance).catch((err: Error) => (thawProblem = ` (${err.message})`));
      }
      await ignoreGone(() => container.remove({ force: true, v: true }), `destroy sandbox ${id}: remove container${thawProblem}`);
    }
    await ignoreGone(() => this.docker.getVolume(this.n.volume(id)).remove(), `destroy sandbox ${id}: remove volume`);
    await ignoreGone(() => this.docker.getNetwork(network).disconnect({ Container: this.n.cache, Force: true }), `destroy sandbox ${id}: detach cache`);
    await ignoreGone(() => this.docker.getNetwork(network).remove(), `destroy sandbox ${id}: remove network`);
  }

  async list(): Promise<SandboxRecord[]> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_ROLE}=${ROLE_SANDBOX}`, `${LABEL_INSTANCE}=${this.o.instance}`] },
    });
    return found.map((c) => {
      const id = c.Labels[LABEL_ID] ?? "";
      this.containerIds.set(id, c.Id);
      return {
        id,
        owner: this.n.ownerOf(c.Names[0] ?? ""),
        createdAt: Number(c.Labels[LABEL_CREATED] ?? 0),
        running: c.State === "running",
        ip: c.NetworkSettings?.Networks?.[this.n.network(id)]?.IPAddress ?? null,
      };
    });
  }

  async removeOrphans(): Promise<number> {
    const filters = { label: [`${LABEL_ROLE}=${ROLE_SANDBOX}`, `${LABEL_INSTANCE}=${this.o.instance}`] };
    const live = new Set((await this.list()).map((s) => s.id));
    const networks = await this.docker.listNetworks({ filters });
    const volumes = (await this.docker.listVolumes({ filters })).Volumes ?? [];
    const orphans = new Set<string>();
    for (const item of [...networks, ...volumes]) {
      const id = item.Labels?.[LABEL_ID];
      if (id && !live.has(id)) orphans.add(id);
    }
    for (const id of orphans) await this.destroy(id);
    return orphans.size;
  }

  async exec(id: string, request: ExecRequest) {
    return execInContainer(this.docker, await this.containerOf(id), request);
  }

  async openTerminal(id: string, size: { cols: number; rows: number }) {
    return openTerminalIn(await this.containerOf(id), size);
  }

  async putFiles(id: string, dir: string, files: FileEntry[]): Promise<void> {
    await putFilesIn(await this.containerOf(id), dir, files);
  }

  watch(listener: GoneListener): () => void {
    return watchDeaths(this.docker, this.o.instance, listener);
  }

  private async containerOf(id: string): Promise<Docker.Container> {
    const known = this.containerIds.get(id);
    if (known) return this.docker.getContainer(known);
    const found = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_ID}=${id}`, `${LABEL_INSTANCE}=${this.o.instance}`] } });
    const first = found[0];
    if (!first) throw Object.assign(new Error(`sandbox ${id} not found`), { statusCode: 404 });
    this.containerIds.set(id, first.Id);
    return this.docker.getContainer(first.Id);
  }
}
