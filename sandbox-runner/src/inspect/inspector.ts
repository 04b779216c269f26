import type { SandboxManager } from "../sandboxes/manager.js";
import { SandboxError, badRequest } from "../sandboxes/errors.js";
import type { ContainerSummary, FileChange, ImageLayers, ImageSummary, PublishedPort } from "../protocol/index.js";
import { parseDiff } from "./diff.js";
import { buildLayers, type ImageConfig } from "./layers.js";
import { PS_FORMAT, parsePorts } from "./ports.js";
import { containerRef, imageRef } from "./refs.js";

const INSPECT_TIMEOUT_MS = 15_000;
const MAX_OUTPUT = 2 * 1024 * 1024;

/**
 * One exec: image id, its config file from the nested engine's image store
 * (the only place that says which instructions made no layer), then layer
 * sizes. The reference arrives as $1, never spliced into the script.
 */
const LAYERS_SCRIPT = [
  "set -e",
  'id=$(docker image inspect --format "{{.Id}}" "$1")',
  'echo "$id"',
  'tr -d "\\n" < "/var/lib/docker/image/overlay2/imagedb/content/sha256/${id#sha256:}"',
  "echo",
  'docker history --no-trunc --human=false --format "{{.Size}}" "$1"',
].join("\n");

/** What the workbench shows about a sandbox's own Docker: ports, images, layers, changes. */
export class SandboxInspector {
  constructor(private readonly manager: SandboxManager) {}

  private async run(id: string, argv: string[], what: string): Promise<string> {
    const res = await this.manager.exec(id, { argv, timeoutMs: INSPECT_TIMEOUT_MS, maxOutputBytes: MAX_OUTPUT });
    if (res.exitCode !== 0) {
      const reason = (res.stderr || res.stdout).trim().split("\n").pop() ?? "";
      if (/No such (image|container|object)/i.test(reason)) {
        throw new SandboxError("not_found", 404, `${what} introuvable dans votre bac à sable.`, reason);
      }
      throw badRequest(`Impossible de lire ${what.toLowerCase()} : ${reason}`, `${argv.join(" ")}: exit ${res.exitCode}: ${reason}`);
    }
    return res.stdout;
  }

  async ports(id: string): Promise<PublishedPort[]> {
    return parsePorts(await this.run(id, ["docker", "ps", "--format", PS_FORMAT], "La liste des conteneurs"));
  }

  async images(id: string): Promise<ImageSummary[]> {
    const out = await this.run(id, ["docker", "image", "ls", "--format", "{{json .}}"], "La liste des images");
    return jsonLines(out).map((i) => ({
      id: String(i.ID ?? ""),
      repository: String(i.Repository ?? ""),
      tag: String(i.Tag ?? ""),
      size: String(i.Size ?? ""),
      created: String(i.CreatedSince ?? ""),
    }));
  }

  async containers(id: string): Promise<ContainerSummary[]> {
    const out = await this.run(id, ["docker", "ps", "-a", "--format", "{{json .}}"], "La liste des conteneurs");
    return jsonLines(out).map((c) => ({
      id: String(c.ID ?? ""),
      name: String(c.Names ?? ""),
      image: String(c.Image ?? ""),
      state: String(c.State ?? ""),
      status: String(c.Status ?? ""),
    }));
  }

  async layers(id: string, ref: string): Promise<ImageLayers> {
    const out = await this.run(id, ["bash", "-c", LAYERS_SCRIPT, "layers", imageRef(ref)], `L'image ${ref}`);
    const [imageId = "", configLine = "{}", ...sizes] = out.split("\n");
    let config: ImageConfig;
    try {
      config = JSON.parse(configLine) as ImageConfig;
    } catch {
      throw badRequest(`La configuration de l'image ${ref} est illisible.`, `unreadable config for ${ref}`);
    }
    return { id: imageId, ref, layers: buildLayers(config, sizes.filter(Boolean).map(Number)) };
  }

  async diff(id: string, container: string): Promise<FileChange[]> {
    return parseDiff(await this.run(id, ["docker", "diff", containerRef(container)], `Le conteneur ${container}`));
  }
}

function jsonLines(out: string): Array<Record<string, unknown>> {
  return out
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
