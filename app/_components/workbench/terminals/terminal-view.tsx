"use client";

import type { ConnectionState } from "@quai/sandbox-runner/protocol";
import { useEffect, useRef } from "react";
import type { EarlyConnection } from "./early-connection";
import type { TerminalHandle, TerminalKit } from "./kit/terminal-kit";
import type { TerminalInbox } from "./terminal-inbox";

export type { TerminalHandle };

export interface TerminalViewProps {
  terminalId: string;
  /** The terminal's socket, opened before this view existed (terminal-slot.tsx). */
  early: EarlyConnection;
  /** xterm.js and the terminal's DOM side (kit/terminal-kit.ts). */
  kit: TerminalKit;
  inbox: TerminalInbox;
  visible: boolean;
  onState: (terminalId: string, state: ConnectionState, messageFr?: string, closeCode?: number) => void;
  onHandle: (terminalId: string, handle: TerminalHandle | null) => void;
}

/**
 * One shell of the sandbox in the workbench: the terminal the kit mounted
 * before React ran (the page's first, on a first visit), moved into this
 * view, or one mounted now (kit/mount-terminal.ts); the view gives it its
 * inbox and reports its state and handle to the panel.
 */
export default function TerminalView({ terminalId, early, kit, inbox, visible, onState, onHandle }: TerminalViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const fitRef = useRef<(() => void) | null>(null);
  const callbacks = useRef({ onState, onHandle });
  callbacks.current = { onState, onHandle };

  useEffect(() => {
    const parent = host.current!;
    const booted = kit.takeMounted(early);
    const mounted = booted ?? kit.mountTerminal(parent, early, terminalId);
    if (booted) parent.append(booted.element);
    mounted.bind({
      inbox,
      onState: (state, messageFr, closeCode) => callbacks.current.onState(terminalId, state, messageFr, closeCode),
      onHandle: (handle) => callbacks.current.onHandle(terminalId, handle),
    });
    fitRef.current = mounted.fit;
    mounted.fit();
    return () => {
      fitRef.current = null;
      mounted.dispose();
    };
  }, [terminalId, early, kit, inbox]);

  // Shown again: fit to the box it now has. The focus is not taken: showing a
  // terminal (page load, a tab chosen with the arrow keys) must not pull the
  // keyboard into it, where Tab belongs to the shell. « Exécuter » and the
  // overlays' buttons focus it themselves.
  useEffect(() => {
    if (visible) fitRef.current?.();
  }, [visible]);

  return <div ref={host} className="absolute inset-0" />;
}
