"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { markStep } from "../marks";
import { takeEarlyConnection } from "../session/early-start";
import { EarlyConnection } from "./early-connection";
import { socketUrl } from "./socket-url";
import { estimateTerminalSize } from "./terminal-size";
import { TerminalPlaceholder } from "./terminal-placeholder";
import type { TerminalViewProps } from "./terminal-view";

export const loadTerminalView = () => import("./terminal-view");
const TerminalView = dynamic(loadTerminalView, { ssr: false, loading: () => <TerminalPlaceholder /> });

export type TerminalSlotProps = Omit<TerminalViewProps, "early"> & { sandboxId: string; store: SandboxSessionStore };

/**
 * One shell's place in the panel: its socket opens as soon as the sandbox is
 * known, while xterm.js (a chunk of its own) may still be loading; the view
 * takes over what arrived meanwhile (EarlyConnection). The size announced
 * until xterm.js has measured is an estimate of the box; xterm.js sends the
 * exact one when it has fitted.
 */
export function TerminalSlot({ sandboxId, store, ...view }: TerminalSlotProps) {
  const box = useRef<HTMLDivElement>(null);
  const [early, setEarly] = useState<EarlyConnection | null>(null);
  const { terminalId } = view;

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

  return <div ref={box} className="absolute inset-0">{early ? <TerminalView {...view} early={early} /> : <TerminalPlaceholder />}</div>;
}
