import type { Layer } from "../protocol/index.js";

/**
 * The layer stack of an image, from its config (oldest first), joined with
 * the sizes `docker history` reports. Instructions that change no file
 * (ENV, CMD, EXPOSE…) are history entries without a layer.
 */
export interface ImageConfig {
  rootfs?: { diff_ids?: string[] };
  history?: Array<{ created?: string; created_by?: string; empty_layer?: boolean; comment?: string }>;
}

/** `docker history` rows, newest first, with byte sizes (`--format '{{.Size}}'` under `--human=false`). */
export function buildLayers(config: ImageConfig, historySizes: number[]): Layer[] {
  const diffIds = config.rootfs?.diff_ids ?? [];
  const history = config.history ?? [];
  const sizes = [...historySizes].reverse(); // oldest first, like the config
  let next = 0;
  const layers = history.map((h, i) => {
    const diffId = h.empty_layer ? null : (diffIds[next++] ?? null);
    return {
      diffId,
      createdBy: h.created_by ?? "",
      instruction: instructionOf(h.created_by ?? ""),
      size: diffId === null ? 0 : (sizes[i] ?? 0),
      created: h.created ?? null,
      comment: h.comment ?? null,
    };
  });
  // Images imported without history (docker import): one entry per layer.
  for (; next < diffIds.length; next++) {
    layers.push({ diffId: diffIds[next]!, createdBy: "", instruction: "(couche importée)", size: 0, created: null, comment: null });
  }
  return layers;
}

export function instructionOf(createdBy: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, "")
    .replace(/^\/bin\/sh -c /, "RUN ")
    .replace(/\s*# buildkit$/, "")
    .replace(/^\|\d+ [^ ]+=\S+(?: [^ ]+=\S+)* \/bin\/sh -c /, "RUN ")
    .trim();
}
