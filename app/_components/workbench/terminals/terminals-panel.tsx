"use client";

import { CloseCode } from "@quai/sandbox-runner/protocol";
import { useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { Ref } from "react";
import type { SandboxSession } from "../../../_lib/api-types";
import { PlusIcon, XIcon } from "../../ui/icons";
import type { SandboxSessionStore } from "../session/sandbox-session";
import { STATE_DOT } from "./connection-state";
import { TerminalBanners } from "./terminal-banners";
import { TerminalSwitches } from "./terminal-switches";
import { onTablistKeyDown } from "../ui/tablist-keys";
import type { TerminalStatus } from "./connection-state";
import { TerminalInbox } from "./terminal-inbox";
import { addTerminal, initialList, parseList, removeTerminal, storageKey, terminalLabel } from "./terminal-ids";
import type { TerminalList } from "./terminal-ids";
import { TerminalPlaceholder } from "./terminal-placeholder";
import { BOOT_ATTRIBUTE } from "./kit/kit-names";
import { loadTerminalKit } from "./kit/load-kit";
import { TerminalSlot } from "./terminal-slot";
import { TERMINAL_BACKGROUND } from "./terminal-theme";
import type { TerminalHandle } from "./terminal-view";

const TERMINAL_TAB_HINT_ID = "quai-terminal-tab-hint";

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
  const focusWhenReady = useRef<string | null>(null);
  const loaded = useRef(false);

  // xterm.js loads while the sandbox is being requested, not after (a failure shows in the slot).
  useEffect(() => {
    if (visible) loadTerminalKit().catch(() => undefined);
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
      focus: () => {
        const handle = handles.current.get(list.active);
        // Not loaded yet (a first « Exécuter »): focused when its view is ready.
        if (handle) handle.focus();
        else focusWhenReady.current = list.active;
      },
    }),
    // inboxOf reads the latest sandbox itself.
    [list.active],
  );

  const activeStatus = statuses[list.active] ?? null;
  useEffect(() => onActiveStatus(activeStatus), [activeStatus, onActiveStatus]);

  const onState = useCallback(
    (id: string, state: TerminalStatus["state"], message?: string, closeCode?: number) => {
      setStatuses((s) => ({ ...s, [id]: { state, message } }));
      // The runner closed the socket because the sandbox is gone, or asleep.
      if (state === "expired" && sandboxId) store.markExpired(sandboxId, closeCode === CloseCode.SandboxAsleep);
    },
    [store, sandboxId],
  );
  const onHandle = useCallback((id: string, handle: TerminalHandle | null) => {
    if (handle) handles.current.set(id, handle);
    else handles.current.delete(id);
    if (handle && focusWhenReady.current === id) {
      focusWhenReady.current = null;
      handle.focus();
    }
  }, []);

  const status = activeStatus;
  const select = (id: string) => setList((l) => ({ ...l, active: id }));
  const close = (id: string) => setList((l) => removeTerminal(chapter, l, id));
  // A banner's button acts on the active terminal, then hands it the focus back (the banner goes away).
  const act = (action: (handle: TerminalHandle) => void) => {
    const handle = handles.current.get(list.active);
    if (!handle) return;
    action(handle);
    handle.focus();
  };
  return (
    <div className="flex h-full min-h-0 flex-col" style={{ background: TERMINAL_BACKGROUND }}>
      <div className="flex h-9 shrink-0 items-stretch gap-1 overflow-x-auto border-b border-white/10 px-1.5">
        <div className="flex items-stretch gap-0.5" role="tablist" aria-label="Terminaux" onKeyDown={(e) => onTablistKeyDown(e, list.ids, list.active, select)}>
          {list.ids.map((id) => {
            const s = statuses[id];
            const active = id === list.active;
            return (
              <button
                key={id}
                type="button"
                role="tab"
                id={`terminal-tab-${id}`}
                data-tab={id}
                aria-selected={active}
                aria-controls={session ? `terminal-panel-${id}` : undefined}
                aria-describedby={TERMINAL_TAB_HINT_ID}
                tabIndex={active ? 0 : -1}
                onClick={() => select(id)}
                onKeyDown={(e) => {
                  if (e.key !== "Delete") return;
                  const tablist = e.currentTarget.parentElement;
                  close(id);
                  // The focused tab is gone: the focus goes to the tab shown now.
                  requestAnimationFrame(() => tablist?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus());
                }}
                className={`group flex items-center gap-2 rounded-t-md pr-1 pl-3 text-xs font-medium focus-visible:-outline-offset-2 ${active ? "bg-white/[0.08] text-white" : "text-slate-300 hover:text-white"}`}
              >
                <span className={`size-1.5 rounded-full ${s ? STATE_DOT[s.state] : "bg-slate-500"}`} aria-hidden="true" />
                {terminalLabel(id)}
                {/* Not a nested button (a tab holds no other control): the pointer's way; the keyboard's is Suppr. */}
                <span
                  className="grid size-5 place-items-center rounded text-[0.7rem] opacity-70 hover:bg-white/10 hover:opacity-100"
                  title={`Fermer ${terminalLabel(id)}`}
                  aria-hidden="true"
                  onClick={(e) => {
                    e.stopPropagation();
                    close(id);
                  }}
                >
                  <XIcon />
                </span>
              </button>
            );
          })}
        </div>
        <button
          type="button"
          onClick={() => setList((l) => addTerminal(chapter, l))}
          disabled={list.ids.length >= 6}
          className="my-1 grid w-7 place-items-center rounded-md text-slate-300 hover:bg-white/10 hover:text-white disabled:opacity-40"
          aria-label="Ouvrir un autre terminal"
          title="Ouvrir un autre terminal sur le même bac à sable"
        >
          <PlusIcon />
        </button>
        <TerminalSwitches />
        <p id={TERMINAL_TAB_HINT_ID} className="sr-only">
          Flèches gauche et droite : changer de terminal ; Suppr : fermer ce terminal.
        </p>
      </div>

      <div className="relative min-h-0 flex-1">
        {session !== null && (
          <TerminalBanners status={status} problem={problem} onRetryNow={() => act((h) => h.retryNow())} onReopen={() => act((h) => h.reconnect())} />
        )}
        {session === null && <TerminalPlaceholder text="Démarrage de votre bac à sable…" />}
        {/* On a first visit the terminal kit mounts the first terminal here before React runs
            (kit/terminal-kit.ts); its view then moves it into its panel. React leaves the box's
            content alone (dangerouslySetInnerHTML); empty, it lets the pointer through. */}
        <div {...{ [BOOT_ATTRIBUTE]: initialList(chapter).active }} className="pointer-events-none absolute inset-0 isolate *:pointer-events-auto" dangerouslySetInnerHTML={{ __html: "" }} suppressHydrationWarning />
        {session !== null &&
          list.ids.map((id) => (
            // `isolate`: xterm's layers (canvases, link layer, helpers) keep their z-indexes inside, under the banners.
            <div key={`${session.sandboxId}:${id}`} className={id === list.active ? "absolute inset-0 isolate" : "invisible absolute inset-0 isolate"} role="tabpanel" id={`terminal-panel-${id}`} aria-labelledby={`terminal-tab-${id}`} data-terminal-id={id}>
              <TerminalSlot sandboxId={session.sandboxId} terminalId={id} store={store} inbox={inboxOf(id)} visible={visible && id === list.active} onState={onState} onHandle={onHandle} />
            </div>
          ))}
      </div>
    </div>
  );
}
