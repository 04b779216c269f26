import type Docker from "dockerode";
import { createHash } from "node:crypto";
import { execInContainer } from "./docker-exec.js";
import { isNotFound, wrap } from "./errors.js";
import { LABEL_INSTANCE, LABEL_ROLE, SANDBOX_ID_PATTERN } from "./names.js";

export const ROLE_DISKS = "disks";
const LABEL_CONFIG = "quai.config";
const DISK_DIR = "/disks";
const EXEC_TIMEOUT_MS = 60_000;

export interface DiskOptions {
  instance: string;
  /** The sandbox image: it has losetup and mkfs.ext4. */
  image: string;
  sizeGb: number;
}

/**
 * Each sandbox's own disk: a sparse file holding an ext4 filesystem of
 * `sizeGb`, attached to a loop device that the sandbox container receives as
 * /dev/quai-disk. The sandbox's outer side mounts it (with `discard`, so
 * what the learner deletes goes back to the host) and keeps there everything
 * the learner writes: the upper layer of their root filesystem and the
 * nested engine's /var/lib/docker. A full disk stops that learner only.
 *
 * Loop devices need CAP_SYS_ADMIN on the host, which the runner does not
 * have: a long-lived helper container (`<instance>-disks`: no network, the
 * host's /dev, loop devices only in its device cgroup) does the attaching,
 * driven through `docker exec`, as the firewall and the thaw helpers are.
 * The files live in the Docker volume `<instance>-disks`. Every operation is
 * idempotent and recoverable after a restart: the device of a disk is found
 * again from its file (`losetup -j`).
 */
export class DiskPool {
  private readonly name: string;
  private readonly volume: string;

  constructor(
    private readonly docker: Docker,
    private readonly o: DiskOptions,
  ) {
    this.name = `${o.instance}-disks`;
    this.volume = `${o.instance}-disks`;
  }

  /** Starts (or adopts) the helper; fails with the reason when loop devices cannot be had. */
  async prepare(): Promise<void> {
    const spec = this.helperSpec();
    const config = createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
    const existing = this.docker.getContainer(this.name);
    try {
      const info = await existing.inspect();
      if (info.Config.Labels?.[LABEL_CONFIG] === config) {
        if (!info.State.Running) await existing.start();
        return this.probe();
      }
      await existing.remove({ force: true });
    } catch (err) {
      if (!isNotFound(err)) throw wrap("disk helper: inspect", err);
    }
    try {
      // Created here, labelled, so that an instance's clean-up finds it (a Mounts entry would create it bare).
      await this.docker.createVolume({ Name: this.volume, Labels: { [LABEL_ROLE]: ROLE_DISKS, [LABEL_INSTANCE]: this.o.instance } });
      const created = await this.docker.createContainer({ ...spec, Labels: { ...spec.Labels, [LABEL_CONFIG]: config } });
      await created.start();
    } catch (err) {
      throw wrap("disk helper: create", err);
    }
    await this.probe();
  }

  private helperSpec(): Docker.ContainerCreateOptions {
    return {
      name: this.name,
      Image: this.o.image,
      Entrypoint: ["/usr/bin/sleep"],
      Cmd: ["infinity"],
      Labels: { [LABEL_ROLE]: ROLE_DISKS, [LABEL_INSTANCE]: this.o.instance },
      HostConfig: {
        NetworkMode: "none",
        CapDrop: ["ALL"],
        // Loop ioctls need SYS_ADMIN; DAC_OVERRIDE and CHOWN for the files.
        CapAdd: ["SYS_ADMIN", "DAC_OVERRIDE", "CHOWN", "FOWNER"],
        // The host's /dev: loop devices appear there as they are attached.
        Binds: ["/dev:/dev"],
        // Block major 7 (loop devices), char 10:237 (loop-control): nothing else.
        DeviceCgroupRules: ["b 7:* rwm", "c 10:237 rwm"],
        Mounts: [{ Type: "volume", Source: this.volume, Target: DISK_DIR }],
        RestartPolicy: { Name: "unless-stopped" },
        Memory: 128 * 1024 * 1024,
        PidsLimit: 64,
        LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
      },
    };
  }

  /** A loop device can be had here (the kernel has loop, the helper may use it). */
  private async probe(): Promise<void> {
    await this.run(["sh", "-c", "test -e /dev/loop-control && losetup --find >/dev/null"], "probe loop devices");
  }

  /** Creates the disk of sandbox `id` (or finds it again) and returns its device on the host. */
  async create(id: string): Promise<string> {
    const file = this.file(id);
    const script = [
      "set -e",
      `f=${file}`,
      // Already attached (a retry, or a runner that restarted): the same device.
      'dev=$(losetup -j "$f" -n -O NAME | head -1)',
      'if [ -z "$dev" ]; then',
      '  if [ ! -s "$f" ]; then',
      `    truncate -s ${this.o.sizeGb}G "$f.new"`,
      // No reserved blocks (one user), metadata initialised lazily: ~0.1 s for 10 GB.
      '    mkfs.ext4 -q -F -m 0 -E lazy_itable_init=1,lazy_journal_init=1,nodiscard -L quai "$f.new"',
      '    mv "$f.new" "$f"',
      "  fi",
      // direct-io: the host's page cache does not keep a second copy of the sandbox's files.
      '  dev=$(losetup --find --show --direct-io=on "$f" 2>/dev/null || losetup --find --show "$f")',
      "fi",
      'echo "$dev"',
    ].join("\n");
    const out = (await this.run(["sh", "-c", script], `create disk ${id}`)).trim();
    if (!/^\/dev\/loop\d+$/.test(out)) throw new Error(`create disk ${id}: unexpected device ${JSON.stringify(out.slice(0, 80))}`);
    return out;
  }

  /** Detaches and deletes the disk of sandbox `id`; gone already counts as done. */
  async remove(id: string): Promise<void> {
    const file = this.file(id);
    const script = [
      `f=${file}`,
      // A device still mounted somewhere is only marked to detach itself (autoclear) when unmounted.
      'for dev in $(losetup -j "$f" -n -O NAME); do losetup -d "$dev" 2>/dev/null || true; done',
      'rm -f "$f" "$f.new"',
    ].join("\n");
    await this.run(["sh", "-c", script], `remove disk ${id}`);
  }

  /** Detaches the disk of sandbox `id` from its loop device, keeping the file (a sleeping sandbox). */
  async detach(id: string): Promise<void> {
    const file = this.file(id);
    await this.run(["sh", "-c", `for dev in $(losetup -j ${file} -n -O NAME); do losetup -d "$dev" 2>/dev/null || true; done`], `detach disk ${id}`);
  }

  /** Bytes each disk file takes on the host (a sparse file: what was written, minus what was discarded). */
  async usage(ids: string[]): Promise<Map<string, number>> {
    const files = ids.map((id) => this.file(id));
    if (files.length === 0) return new Map();
    const out = await this.run(["sh", "-c", 'du -k -- "$@" 2>/dev/null; true', "du", ...files], "disk usage");
    const sizes = new Map<string, number>();
    for (const line of out.split("\n")) {
      const match = /^(\d+)\s+\/disks\/([a-f0-9]{12})\.img$/.exec(line.trim());
      if (match) sizes.set(match[2]!, Number(match[1]) * 1024);
    }
    return sizes;
  }

  /** Detaches and deletes every disk (an instance's clean-up; sandboxes must be gone first). */
  static readonly REMOVE_ALL_SCRIPT = `for f in ${DISK_DIR}/*.img; do for dev in $(losetup -j "$f" -n -O NAME); do losetup -d "$dev"; done; done; rm -f ${DISK_DIR}/*`;

  /** Sandbox ids that have a disk file here. */
  async list(): Promise<string[]> {
    const out = await this.run(["sh", "-c", `ls -1 ${DISK_DIR}`], "list disks");
    return out
      .split("\n")
      .map((line) => line.trim().replace(/\.img$/, ""))
      .filter((name) => SANDBOX_ID_PATTERN.test(name));
  }

  private file(id: string): string {
    if (!SANDBOX_ID_PATTERN.test(id)) throw new Error(`not a sandbox id: ${JSON.stringify(id)}`);
    return `${DISK_DIR}/${id}.img`;
  }

  private async run(argv: string[], what: string): Promise<string> {
    const res = await execInContainer(this.docker, this.docker.getContainer(this.name), { argv, timeoutMs: EXEC_TIMEOUT_MS, maxOutputBytes: 64 * 1024 }).catch((err) => {
      throw wrap(`disk helper: ${what}`, err);
    });
    if (res.exitCode !== 0) throw new Error(`disk helper: ${what}: exit ${res.exitCode}: ${(res.stderr || res.stdout).trim().slice(-400)}`);
    return res.stdout;
  }
}
