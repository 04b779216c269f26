"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { Ref } from "react";
import type { SandboxSession } from "../../../_lib/api-types";
import { PlusIcon, XIcon } from "../../ui/icons";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { STATE_DOT, STATE_LABEL_FR } from "./connection-state";
import type { TerminalStatus } from "./connection-state";
import { TerminalInbox } from "./terminal-inbox";
import { addTerminal, initialList, parseList, removeTerminal, storageKey, terminalLabel } from "./terminal-ids";
import type { TerminalList } from "./terminal-ids";
import { TerminalPlaceholder } from "./terminal-placeholder";
import { TERMINAL_BACKGROUND } from "./terminal-theme";
import type { TerminalHandle } from "./terminal-view";

const loadTerminalView = () => import("./terminal-view");
const TerminalView = dynamic(loadTerminalView, { ssr: false, loading: () => <TerminalPlaceholder /> });

export interface TerminalsController {
  /** Types `command` and Enter in the active terminal (queued until it is connected). */
  run(command: string): void;
  focus(): void;
}

/** Typed text as a terminal receives it: lines end with CR, and the last one is entered. */
export function asTyped(command: string): string {
  return `${command.replace(/\r?\n/g, "\r").replace(/\r+$/, "")}\r`;
}

interface Props {
  chapter: string;
  store: SandboxSessionStore;
  session: SandboxSession | null;
  /** Why reconnecting fails for now (French), if the site knows. */
  problem: string | undefined;
  visible: boolean;
  onActiveStatus: (status: TerminalStatus | null) => void;
  controller: Ref<TerminalsController>;
}

/** The sandbox's terminals for this chapter: tabs, « + », and one xterm per shell (kept mounted). */
export function TerminalsPanel({ chapter, store, session, problem, visible, onActiveStatus, controller }: Props) {
  const [list, setList] = useState<TerminalList>(() => initialList(chapter));
  const [statuses, setStatuses] = useState<Record<string, TerminalStatus>>({});
  const inboxes = useRef(new Map<string, TerminalInbox>());
  const handles = useRef(new Map<string, TerminalHandle>());
  const loaded = useRef(false);

  // xterm.js loads while the sandbox is being requested, not after.
  useEffect(() => {
    if (visible) void loadTerminalView();
  }, [visible]);

  useEffect(() => {
    setList(parseList(chapter, localStorage.getItem(storageKey(chapter))));
    loaded.current = true;
  }, [chapter]);

  useEffect(() => {
    if (!loaded.current) return;
    try {
      localStorage.setItem(storageKey(chapter), JSON.stringify(list));
    } catch {
      // private mode: the list lasts for this page only
    }
  }, [chapter, list]);

  const sandboxId = session?.sandboxId ?? null;
  // The sandbox of the latest render, committed or not: a click handled while
  // React renders the new sandbox must reach the inbox that render hands the view.
  const latestSandbox = useRef(sandboxId);
  latestSandbox.current = sandboxId;
  // Inboxes belong to one shell: a terminal id on one sandbox. A command sent
  // before any sandbox is ready waits in a "next" inbox, whose content the
  // first shell of that id takes over.
  const inboxOf = (id: string) => {
    const current = latestSandbox.current;
    const key = `${current ?? "next"}:${id}`;
    let inbox = inboxes.current.get(key);
    if (!inbox) {
      inbox = new TerminalInbox();
      inboxes.current.set(key, inbox);
    }
    const early = current ? inboxes.current.get(`next:${id}`) : undefined;
    if (early) {
      inbox.adopt(early);
      inboxes.current.delete(`next:${id}`);
    }
    return inbox;
  };

  // A reset gives a new sandbox: its shells start from scratch.
  useEffect(() => {
    if (!sandboxId) return;
    for (const key of inboxes.current.keys()) if (!key.startsWith(`${sandboxId}:`) && !key.startsWith("next:")) inboxes.current.delete(key);
    setStatuses({});
  }, [sandboxId]);

  useImperativeHandle(
    controller,
    () => ({
      run: (command) => inboxOf(list.active).push(asTyped(command)),
      focus: () => handles.current.get(list.active)?.focus(),
    }),
    // inboxOf reads the latest sandbox itself.
    [list.active],
  );

  const activeStatus = statuses[list.active] ?? null;
  useEffect(() => onActiveStatus(activeStatus), [activeStatus, onActiveStatus]);

  const onState = useCallback(
    (id: string, state: TerminalStatus["state"], message?: string) => {
      setStatuses((s) => ({ ...s, [id]: { state, message } }));
      // The runner closed the socket because the sandbox is gone.
      if (state === "expired" && sandboxId) store.markExpired(sandboxId);
    },
    [store, sandboxId],
  );
  const onHandle = useCallback((id: string, handle: TerminalHandle | null) => {
    if (handle) handles.current.set(id, handle);
    else handles.current.delete(id);
  }, []);

  const status = activeStatus;
  return (
    <div className="flex h-full min-h-0 flex-col" style={{ background: TERMINAL_BACKGROUND }}>
      <div className="flex h-9 shrink-0 items-stretch gap-0.5 overflow-x-auto border-b border-white/10 px-1.5" role="tablist" aria-label="Terminaux">
        {list.ids.map((id) => {
          const s = statuses[id];
          const active = id === list.active;
          return (
            <div key={id} className={`group flex items-center rounded-t-md ${active ? "bg-white/[0.08] text-white" : "text-slate-400 hover:text-slate-200"}`}>
              <button type="button" role="tab" aria-selected={active} onClick={() => setList((l) => ({ ...l, active: id }))} className="flex h-full items-center gap-2 pr-1 pl-3 text-xs font-medium">
                <span className={`size-1.5 rounded-full ${s ? STATE_DOT[s.state] : "bg-slate-500"}`} aria-hidden="true" />
                {terminalLabel(id)}
              </button>
              <button
                type="button"
                onClick={() => setList((l) => removeTerminal(chapter, l, id))}
                className="mr-1 grid size-5 place-items-center rounded text-[0.7rem] opacity-60 hover:bg-white/10 hover:opacity-100"
                aria-label={`Fermer ${terminalLabel(id)}`}
                title="Fermer ce terminal"
              >
                <XIcon />
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() => setList((l) => addTerminal(chapter, l))}
          disabled={list.ids.length >= 6}
          className="my-1 ml-1 grid w-7 place-items-center rounded-md text-slate-300 hover:bg-white/10 hover:text-white disabled:opacity-40"
          aria-label="Ouvrir un autre terminal"
          title="Ouvrir un autre terminal sur le même bac à sable"
        >
          <PlusIcon />
        </button>
      </div>

      <div className="relative min-h-0 flex-1">
        {session === null && <TerminalPlaceholder text="Démarrage de votre bac à sable…" />}
        {session !== null &&
          list.ids.map((id) => (
            <div key={`${session.sandboxId}:${id}`} className={id === list.active ? "absolute inset-0" : "invisible absolute inset-0"} role="tabpanel" aria-label={terminalLabel(id)} data-terminal-id={id}>
              <TerminalView sandboxId={session.sandboxId} terminalId={id} store={store} inbox={inboxOf(id)} visible={visible && id === list.active} onState={onState} onHandle={onHandle} />
            </div>
          ))}
        {status && (status.state === "reconnecting" || status.state === "connecting") && session !== null && (
          <div className="pointer-events-none absolute top-2 right-3 left-3 flex justify-end" role="status">
            <span className="rounded-xl bg-amber-950/80 px-3 py-1.5 text-xs font-medium text-amber-100 ring-1 ring-amber-300/30">
              {status.state === "reconnecting" ? "Connexion perdue — reconnexion…" : STATE_LABEL_FR.connecting}
              {problem && <span className="mt-0.5 block font-normal text-amber-200/90">{problem}</span>}
            </span>
          </div>
        )}
        {status?.state === "closed" && status.message && (
          <div className="absolute inset-x-3 bottom-3 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-slate-800/95 px-4 py-3 text-sm text-slate-100 shadow-lg ring-1 ring-white/10" role="alert">
            <span>{status.message}</span>
            <button type="button" className="btn btn-primary" onClick={() => handles.current.get(list.active)?.reconnect()}>
              Rouvrir le terminal
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
