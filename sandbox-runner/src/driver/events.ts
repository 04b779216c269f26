import type Docker from "dockerode";
import type { GoneListener } from "./driver.js";
import { LABEL_ID, LABEL_INSTANCE, LABEL_ROLE, ROLE_SANDBOX } from "./names.js";

/**
 * Follows the engine's event stream for sandbox deaths (killed, OOM, crashed).
 * The stream is reopened if the engine restarts.
 */
export function watchDeaths(docker: Docker, instance: string, listener: GoneListener): () => void {
  let stopped = false;
  let current: NodeJS.ReadableStream | null = null;
  const open = async () => {
    if (stopped) return;
    try {
      const stream = (await docker.getEvents({
        filters: { type: ["container"], event: ["die"], label: [`${LABEL_ROLE}=${ROLE_SANDBOX}`, `${LABEL_INSTANCE}=${instance}`] },
      })) as NodeJS.ReadableStream;
      current = stream;
      let pending = "";
      stream.on("data", (chunk: Buffer) => {
        pending += chunk.toString("utf8");
        let nl: number;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          try {
            const event = JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } };
            const attrs = event.Actor?.Attributes ?? {};
            const id = attrs[LABEL_ID];
            if (id) listener(id, `exit code ${attrs.exitCode ?? "?"}`);
          } catch {
            // A torn line cannot happen with newline framing; ignore garbage rather than die.
          }
        }
      });
      stream.on("end", () => reopen());
      stream.on("error", () => reopen());
    } catch {
      reopen();
    }
  };
  const reopen = () => {
    if (!stopped) setTimeout(() => void open(), 1000);
  };
  void open();
  return () => {
    stopped = true;
    (current as unknown as { destroy?: () => void } | null)?.destroy?.();
  };
}
