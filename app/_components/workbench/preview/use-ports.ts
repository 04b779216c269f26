import { useEffect, useState } from "react";
import type { PortView, PortsResponse } from "../../../_lib/api-types";
import { apiFetch } from "../api";

/** Between two looks at the sandbox's published ports while the workbench is on screen. */
export const PORTS_POLL_MS = 3000;

/**
 * The ports published in the sandbox, polled while the workbench is visible
 * and the page is in the foreground (a hidden tab costs the runner nothing),
 * the first time one period after the sandbox is known.
 */
export function usePorts(sandboxId: string | null, visible: boolean): { ports: PortView[]; error: string | null; refresh: () => void } {
  const [ports, setPorts] = useState<PortView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setPorts([]);
  }, [sandboxId]);

  useEffect(() => {
    if (!sandboxId || !visible) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      if (document.visibilityState === "visible") {
        try {
          const answer = await apiFetch<PortsResponse>(`/api/sandbox/${sandboxId}/ports`, { signal: controller.signal });
          if (stopped) return;
          setPorts((old) => (JSON.stringify(old) === JSON.stringify(answer.ports) ? old : answer.ports));
          setError(null);
        } catch (e) {
          if (stopped) return;
          setError((e as Error).message);
        }
      }
      if (!stopped) timer = setTimeout(poll, PORTS_POLL_MS);
    };
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      clearTimeout(timer);
      void poll();
    };
    // The first look waits one period: a sandbox just handed out has published nothing, and
    // the look (a command run in the sandbox) would take CPU from its first shell, still starting.
    // A refresh asked by the learner looks at once.
    if (tick > 0) void poll();
    else timer = setTimeout(poll, PORTS_POLL_MS);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [sandboxId, visible, tick]);

  return { ports, error, refresh: () => setTick((t) => t + 1) };
}
