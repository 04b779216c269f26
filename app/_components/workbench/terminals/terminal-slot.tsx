"use client";

import { useEffect, useRef, useState } from "react";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { markStep } from "../marks";
import { takeEarlyConnection } from "../session/early-start";
import { EarlyConnection } from "./early-connection";
import { socketUrl } from "./socket-url";
import { estimateTerminalSize } from "./terminal-size";
import { TerminalPlaceholder } from "./terminal-placeholder";
import type { default as TerminalViewComponent, TerminalViewProps } from "./terminal-view";

type ViewModule = { default: typeof TerminalViewComponent };
let viewModule: ViewModule | null = null;
let viewLoading: Promise<ViewModule> | null = null;

/**
 * xterm.js and the view (a chunk of their own), asked for once; a failed
 * load is asked again by the next caller. Not next/dynamic: its lazy
 * component suspends even when the chunk is already there, and React holds a
 * revealed Suspense boundary back ~300 ms; the terminal mounts at once here.
 */
export function loadTerminalView(): Promise<ViewModule> {
  viewLoading ??= import("./terminal-view").then(
    (loaded) => (viewModule = loaded),
    (error: unknown) => {
      viewLoading = null;
      throw error;
    },
  );
  return viewLoading;
}

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
  const [View, setView] = useState<ViewModule["default"] | null>(() => viewModule?.default ?? null);
  const [loadFailed, setLoadFailed] = useState(false);
  const { terminalId } = view;

  useEffect(() => {
    if (View) return;
    let live = true;
    loadTerminalView().then(
      (loaded) => live && setView(() => loaded.default),
      () => live && setLoadFailed(true),
    );
    return () => {
      live = false;
    };
  }, [View]);

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
      {early && View ? <View {...view} early={early} /> : <TerminalPlaceholder text={loadFailed ? "Le terminal n'a pas pu se charger : rechargez la page." : undefined} />}
    </div>
  );
}
