"use client";

import { useEffect, useRef, useState } from "react";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { markStep } from "../marks";
import { takeEarlyConnection } from "../session/early-start";
import { EarlyConnection } from "./early-connection";
import { loadTerminalKit, terminalKitNow } from "./kit/load-kit";
import type { TerminalKit } from "./kit/terminal-kit";
import { socketUrl } from "./socket-url";
import { estimateTerminalSize } from "./terminal-size";
import { TerminalPlaceholder } from "./terminal-placeholder";
import TerminalView from "./terminal-view";
import type { TerminalViewProps } from "./terminal-view";

export type TerminalSlotProps = Omit<TerminalViewProps, "early" | "kit"> & { sandboxId: string; store: SandboxSessionStore };

/**
 * One shell's place in the panel: its socket opens as soon as the sandbox is
 * known, while the terminal kit (xterm.js, a module of its own that the page
 * loads from its head) may still be loading; the view takes over what
 * arrived meanwhile (EarlyConnection). The size announced until xterm.js has
 * measured is an estimate of the box; xterm.js sends the exact one when it
 * has fitted.
 */
export function TerminalSlot({ sandboxId, store, ...view }: TerminalSlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const [early, setEarly] = useState<EarlyConnection | null>(null);
  const [kit, setKit] = useState<TerminalKit | null>(terminalKitNow);
  const [loadFailed, setLoadFailed] = useState(false);
  const { terminalId } = view;

  useEffect(() => {
    if (kit) return;
    let live = true;
    loadTerminalKit().then(
      (loaded) => live && setKit(loaded),
      () => live && setLoadFailed(true),
    );
    return () => {
      live = false;
    };
  }, [kit]);

  useEffect(() => {
    const { cols, rows } = estimateTerminalSize(box.current!);
    // Opened while the page hydrated (early-start.ts), or now.
    const connection = takeEarlyConnection(sandboxId, terminalId) ?? new EarlyConnection({
      url: async (offset, c, r) => {
        markStep("socket-asked");
        const url = socketUrl(sandboxId, terminalId, await store.terminalToken(sandboxId), offset, c, r);
        markStep("socket-opening");
        return url;
      },
      cols,
      rows,
    });
    if (connection.connection.state === "closed") connection.connection.connect();
    setEarly(connection);
    return () => {
      connection.close();
      setEarly(null);
    };
  }, [sandboxId, terminalId, store]);

  return (
    <div ref={box} className="absolute inset-0">
      {early && kit ? <TerminalView {...view} early={early} kit={kit} /> : <TerminalPlaceholder text={loadFailed ? "Le terminal n'a pas pu se charger : rechargez la page." : undefined} />}
    </div>
  );
}
