import { statfs } from "node:fs/promises";
import type { Readable } from "node:stream";
import Docker from "dockerode";
import { ensureCache } from "./cache.js";
import { RUN, aliasShellIn, endShellIn, execInContainer, openTerminalIn, putFilesIn, terminalShellsIn, thawNested } from "./docker-exec.js";
import { DiskPool } from "./disks.js";
import { sandboxContainerSpec, type SandboxSpecOptions, type SandboxStorage } from "./sandbox-spec.js";
import { thawFromHost } from "./host-thaw.js";
import type { CreateSpec, ExecRequest, FileEntry, GoneListener, SandboxDriver, SandboxRecord, TerminalTarget } from "./driver.js";
import { ignoreGone, isConflict, isNotFound, wrap } from "./errors.js";
import { CACHE_ALIAS, LABEL_CREATED, LABEL_ID, LABEL_INSTANCE, LABEL_ROLE, ROLE_SANDBOX, names } from "./names.js";
import { pickSubnet } from "./subnets.js";
import { waitForReadyLine } from "./ready.js";
import { watchDeaths } from "./events.js";

export interface DockerDriverOptions extends SandboxSpecOptions {
  socketPath: string;
  subnetPool: string;
  /** Size of each sandbox's own disk; 0: no quota (a plain volume, see docs/security.md). */
  diskGb: number;
  cache: { mode: "local" | "proxy"; image: string; volume: string; upstream: string };
}

export class DockerDriver implements SandboxDriver {
  readonly docker: Docker;
  private readonly n: ReturnType<typeof names>;
  /** Network creation is serialised so two sandboxes never race for one subnet. */
  private networkLock: Promise<unknown> = Promise.resolve();
  /** Sandbox id → container id, so hot paths (exec, terminals) skip a list call. */
  private readonly containerIds = new Map<string, string>();
  /** Each sandbox's disk, when disks have a quota (diskGb > 0, not under Sysbox). */
  private readonly disks: DiskPool | null;

  constructor(private readonly o: DockerDriverOptions) {
    this.docker = new Docker({ socketPath: o.socketPath });
    this.n = names(o.instance);
    this.disks = o.diskGb > 0 && o.runtime === "runc" ? new DiskPool(this.docker, { instance: o.instance, image: o.image, sizeGb: o.diskGb }) : null;
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw wrap(`docker engine at ${this.o.socketPath}`, err);
    }
  }

  /** Free space where the engine keeps its data (the disks' volume is there); null when it cannot be read from here. */
  async freeDiskBytes(): Promise<number | null> {
    try {
      const root = ((await this.docker.info()) as { DockerRootDir?: string }).DockerRootDir;
      if (!root) return null;
      const stats = await statfs(root);
      return stats.bavail * stats.bsize;
    } catch {
      return null;
    }
  }

  async prepare(): Promise<void> {
    await ensureCache(this.docker, { name: this.n.cache, instance: this.o.instance, ...this.o.cache });
    await this.disks?.prepare();
  }

  async create(spec: CreateSpec): Promise<SandboxRecord> {
    const network = this.n.network(spec.id);
    const volume = this.n.volume(spec.id);
    const name = spec.owner ? this.n.assigned(spec.owner) : this.n.warm(spec.id);
    const labels = { [LABEL_ROLE]: ROLE_SANDBOX, [LABEL_INSTANCE]: this.o.instance, [LABEL_ID]: spec.id };
    try {
      await this.createNetwork(spec.id, network, labels);
      let storage: SandboxStorage;
      if (this.disks) {
        storage = { device: await this.disks.create(spec.id) };
      } else {
        await this.docker.createVolume({ Name: volume, Labels: labels });
        storage = { volume };
      }
      const container = await this.docker.createContainer(sandboxContainerSpec(this.o, spec, network, storage, name));
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
    // A sleeping sandbox kept its network: woken, it takes it again.
    if (await this.docker.getNetwork(network).inspect().then(() => true, () => false)) return;
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

  async sleep(id: string): Promise<void> {
    const found = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_ID}=${id}`, `${LABEL_INSTANCE}=${this.o.instance}`] } });
    for (const c of found) {
      const container = this.docker.getContainer(c.Id);
      // The learner's engine stops their containers on its way down; frozen ones would keep it waiting.
      if (c.State === "running" && !(await thawNested(container))) await thawFromHost(this.docker, this.o.image, c.Id, this.o.instance).catch(() => undefined);
      await ignoreGone(() => container.stop({ t: 10 }), `sleep sandbox ${id}: stop`);
    }
    // Loop devices do not survive a reboot of the host: the disk is attached again on waking.
    await this.disks?.detach(id);
  }

  async wake(id: string, owner: string): Promise<SandboxRecord> {
    // The stopped container names its old loop device: a new one replaces it, on the same disk and network.
    const found = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_ID}=${id}`, `${LABEL_INSTANCE}=${this.o.instance}`] } });
    if (found.length === 0) throw Object.assign(new Error(`wake sandbox ${id}: not found`), { statusCode: 404 });
    for (const c of found) await ignoreGone(() => this.docker.getContainer(c.Id).remove({ force: true }), `wake sandbox ${id}: remove the stopped container`);
    this.containerIds.delete(id);
    return this.create({ id, owner });
  }

  async diskUsage(ids: string[]): Promise<Map<string, number>> {
    return this.disks ? this.disks.usage(ids) : new Map();
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
    // The network goes even when the disk cannot (its helper gone): a failed disk must not leak a /28 too.
    const diskProblem = await this.disks?.remove(id).then(() => null, (err: Error) => wrap(`destroy sandbox ${id}: remove disk`, err));
    await ignoreGone(() => this.docker.getNetwork(network).disconnect({ Container: this.n.cache, Force: true }), `destroy sandbox ${id}: detach cache`);
    await ignoreGone(() => this.docker.getNetwork(network).remove(), `destroy sandbox ${id}: remove network`);
    if (diskProblem) throw diskProblem;
  }

  async list(): Promise<SandboxRecord[]> {
    const found = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_ROLE}=${ROLE_SANDBOX}`, `${LABEL_INSTANCE}=${this.o.instance}`] },
    });
    return Promise.all(
      found.map(async (c): Promise<SandboxRecord> => {
        const id = c.Labels[LABEL_ID] ?? "";
        this.containerIds.set(id, c.Id);
        const running = c.State === "running";
        // Stopped (asleep or dead): since when, from the engine (few of them, read once at start).
        const finished = running ? "" : await this.docker.getContainer(c.Id).inspect().then((i) => i.State.FinishedAt, () => "");
        return {
          id,
          owner: this.n.ownerOf(c.Names[0] ?? ""),
          createdAt: Number(c.Labels[LABEL_CREATED] ?? 0),
          running,
          ip: c.NetworkSettings?.Networks?.[this.n.network(id)]?.IPAddress ?? null,
          ...(running ? {} : { stoppedAt: Date.parse(finished) || Date.now() }),
        };
      }),
    );
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
    for (const id of (await this.disks?.list()) ?? []) if (!live.has(id)) orphans.add(id);
    for (const id of orphans) await this.destroy(id);
    return orphans.size;
  }

  async exec(id: string, request: ExecRequest) {
    return execInContainer(this.docker, await this.containerOf(id), request, RUN);
  }

  async openTerminal(id: string, size: { cols: number; rows: number }, target: TerminalTarget) {
    return openTerminalIn(this.docker, await this.containerOf(id), size, target);
  }

  async terminalShells(id: string): Promise<string[]> {
    return terminalShellsIn(this.docker, await this.containerOf(id));
  }

  async aliasShell(id: string, shell: string, alias: string): Promise<void> {
    await aliasShellIn(this.docker, await this.containerOf(id), shell, alias);
  }

  async endShell(id: string, shell: string): Promise<void> {
    try {
      await endShellIn(this.docker, await this.containerOf(id), shell);
    } catch (err) {
      // A sandbox that is gone (404) or stopped (409) took its shells with it.
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  async putFiles(id: string, dir: string, files: FileEntry[]): Promise<void> {
    await putFilesIn(this.docker, await this.containerOf(id), dir, files);
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
