/**
 * Docker object names and labels. State lives on the engine: a runner that
 * restarts reads it back from these labels and names.
 */
export const LABEL_ROLE = "quai.role";
export const LABEL_INSTANCE = "quai.instance";
export const LABEL_ID = "quai.sandbox";
export const LABEL_CREATED = "quai.created";

export const ROLE_SANDBOX = "sandbox";
export const ROLE_CACHE = "cache";

/** Alias of the image cache on every sandbox network (the nested dockerd's mirror). */
export const CACHE_ALIAS = "quai-cache";
export const READY_LINE = "quai-sandbox-ready";
export const FAILED_PREFIX = "quai-sandbox-failed:";

// Owner ids go into container names: the API's grammar keeps them to safe characters.
export { OWNER_PATTERN, SANDBOX_ID_PATTERN } from "../protocol/api.js";

export function names(instance: string) {
  return {
    warm: (id: string) => `${instance}-warm-${id}`,
    assigned: (owner: string) => `${instance}-sb-${owner}`,
    network: (id: string) => `${instance}-net-${id}`,
    volume: (id: string) => `${instance}-vol-${id}`,
    /** Bridge interface: ≤ 15 characters, one prefix for the host firewall rule. */
    bridge: (id: string) => `qsb-${id.slice(0, 11)}`,
    cache: `${instance}-cache`,
    /** Reads the owner back from a container name, or null for a warm sandbox. */
    ownerOf(containerName: string): string | null {
      const bare = containerName.replace(/^\//, "");
      const prefix = `${instance}-sb-`;
      return bare.startsWith(prefix) ? bare.slice(prefix.length) : null;
    },
  };
}

export const BRIDGE_PREFIX = "qsb-";
