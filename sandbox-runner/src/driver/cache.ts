import type Docker from "dockerode";
import { createHash } from "node:crypto";
import { isNotFound, wrap } from "./errors.js";
import { LABEL_INSTANCE, LABEL_ROLE, ROLE_CACHE } from "./names.js";

export interface CacheOptions {
  name: string;
  instance: string;
  mode: "local" | "proxy";
  image: string;
  volume: string;
  upstream: string;
}

const LABEL_CONFIG = "quai.config";

function cacheEnv(o: CacheOptions): string[] {
  // local: serve the seeded kit read-only, so no learner can push over `library/nginx`
  // for everyone else. proxy: a pull-through cache of the upstream registry.
  return o.mode === "local"
    ? ["REGISTRY_STORAGE_MAINTENANCE_READONLY={\"enabled\":true}"]
    : [`REGISTRY_PROXY_REMOTEURL=${o.upstream}`];
}

/**
 * Gets or creates the image cache container. It sits on the default bridge
 * (a proxy needs the internet; nothing reaches it from outside: no port is
 * published) and is attached to every sandbox network under one alias.
 */
export async function ensureCache(docker: Docker, o: CacheOptions): Promise<void> {
  const env = cacheEnv(o);
  const config = createHash("sha256").update(JSON.stringify([o.image, o.volume, env])).digest("hex").slice(0, 16);
  if (o.mode === "local") {
    try {
      await docker.getVolume(o.volume).inspect();
    } catch (err) {
      if (isNotFound(err)) throw new Error(`image cache: volume ${o.volume} does not exist; seed it with \`npm run images:offline\``, { cause: err });
      throw wrap("image cache: inspect volume", err);
    }
  }
  const container = docker.getContainer(o.name);
  try {
    const info = await container.inspect();
    if (info.Config.Labels?.[LABEL_CONFIG] === config) {
      if (!info.State.Running) await container.start();
      return;
    }
    await container.remove({ force: true });
  } catch (err) {
    if (!isNotFound(err)) throw wrap("image cache: inspect", err);
  }
  try {
    const created = await docker.createContainer({
      name: o.name,
      Image: o.image,
      Env: env,
      Labels: { [LABEL_ROLE]: ROLE_CACHE, [LABEL_INSTANCE]: o.instance, [LABEL_CONFIG]: config },
      HostConfig: {
        Mounts: [{ Type: "volume", Source: o.volume, Target: "/var/lib/registry" }],
        RestartPolicy: { Name: "unless-stopped" },
        Memory: 256 * 1024 * 1024,
        LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "1" } },
      },
    });
    await created.start();
  } catch (err) {
    throw wrap(`image cache: start ${o.image}`, err);
  }
}
