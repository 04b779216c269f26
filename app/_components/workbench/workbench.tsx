"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ContainersResponse } from "../../_lib/api-types";
import { OPEN_FILE_EVENT, RENEW_SANDBOX_EVENT, RUN_COMMAND_EVENT, takeEarly } from "../../_lib/workbench-events";
import type { OpenFileDetail, RunCommandDetail } from "../../_lib/workbench-events";
import { ChevronIcon, EditIcon, GlobeIcon, LayersIcon, PanelIcon, TerminalIcon } from "../ui/icons";
import { apiFetch } from "./api";
import { launchCommand } from "./editor/launch-command";
import { BuildSession } from "./editor/build-session";
import { EditorPanel } from "./editor/editor-panel";
import { EditorFilesModel } from "./editor/editor-files-model";
import { PreviewPanel } from "./preview/preview-panel";
import { usePorts } from "./preview/use-ports";
import { SandboxBar } from "./session/sandbox-bar";
import { takeSessionStore } from "./session/early-start";
import { SessionOverlay, hasOverlay } from "./session/session-overlay";
import { WokeNotice } from "./session/woke-notice";
import type { TerminalStatus } from "./terminals/connection-state";
import { TerminalsPanel } from "./terminals/terminals-panel";
import { onTablistKeyDown } from "./ui/tablist-keys";
import { WORKBENCH_ROOT } from "./ui/use-focus-when-shown";
import type { TerminalsController } from "./terminals/terminals-panel";

const LayersPanel = dynamic(() => import("./layers/layers-panel"), {
  ssr: false,
  loading: () => <div className="h-full bg-white dark:bg-slate-950" aria-busy="true" />,
});

export type WorkbenchTab = "terminal" | "editor" | "preview" | "layers";

const TABS: Array<{ id: WorkbenchTab; label: string; Icon: typeof TerminalIcon }> = [
  { id: "terminal", label: "Terminal", Icon: TerminalIcon },
  { id: "editor", label: "Éditeur", Icon: EditIcon },
  { id: "preview", label: "Aperçu", Icon: GlobeIcon },
  { id: "layers", label: "Couches", Icon: LayersIcon },
];
const TAB_IDS = TABS.map((t) => t.id);

interface Props {
  chapter: string;
  /** On screen (desktop column shown, or phone sheet open). */
  visible: boolean;
  /** Asks the layout to show the workbench (a lesson button was used while it was hidden). */
  onReveal: () => void;
  onHide: () => void;
}

/**
 * The workbench beside a chapter: the learner's sandbox, its terminals, the
 * Dockerfile editor and builds, the preview of published ports and the
 * layer explorer. The sandbox is requested the first time it is on screen.
 */
export function Workbench({ chapter, visible, onReveal, onHide }: Props) {
  // Already asking for the sandbox when the page's scripts ran (early-start.ts).
  const store = useMemo(() => takeSessionStore(), []);
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  const session = state.kind === "ready" ? state.session : null;
  const sandboxId = session?.sandboxId ?? null;
  const model = useMemo(() => new EditorFilesModel(chapter, () => store.session?.sandboxId ?? null), [chapter, store]);
  const build = useMemo(() => new BuildSession(store), [store]);
  const terminals = useRef<TerminalsController>(null);
  const [tab, setTab] = useState<WorkbenchTab>("terminal");
  const [visited, setVisited] = useState<ReadonlySet<WorkbenchTab>>(() => new Set(["terminal"]));
  const [terminalStatus, setTerminalStatus] = useState<TerminalStatus | null>(null);
  const [focusImage, setFocusImage] = useState<string | null>(null);
  const { ports, error: portsError } = usePorts(sandboxId, visible);
  const webPorts = ports.filter((p) => p.previewPath !== null);

  const show = useCallback((next: WorkbenchTab) => {
    setTab(next);
    setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
  }, []);

  useEffect(() => {
    if (visible) void store.start();
  }, [visible, store]);

  // A new sandbox (first start, reset) gets the editor's files of this chapter.
  useEffect(() => {
    if (sandboxId) void model.load().then(() => model.resync());
  }, [sandboxId, model]);

  useEffect(() => () => build.dispose(), [build]);

  const run = useCallback(
    (command: string) => {
      onReveal();
      show("terminal");
      terminals.current?.run(command);
      terminals.current?.focus();
    },
    [onReveal, show],
  );

  useEffect(() => {
    const onRun = (event: Event) => {
      event.preventDefault();
      run((event as CustomEvent<RunCommandDetail>).detail.command);
    };
    const onOpen = (event: Event) => {
      const { path, content, chapter: from } = (event as CustomEvent<OpenFileDetail>).detail;
      if (from !== chapter) return;
      event.preventDefault();
      onReveal();
      show("editor");
      void model.open(path, content);
    };
    // « Vérifier » found no sandbox: a new one (reset acquires when the old one is gone).
    const onRenew = (event: Event) => {
      event.preventDefault();
      onReveal();
      show("terminal");
      void store.reset();
    };
    const handlers: Record<string, (event: Event) => void> = { [RUN_COMMAND_EVENT]: onRun, [OPEN_FILE_EVENT]: onOpen, [RENEW_SANDBOX_EVENT]: onRenew };
    for (const [name, handler] of Object.entries(handlers)) window.addEventListener(name, handler);
    // Clicked in the lesson before this listened: handled now, in order.
    for (const { name, detail } of takeEarly()) handlers[name]?.(new CustomEvent(name, { detail, cancelable: true }));
    return () => {
      for (const [name, handler] of Object.entries(handlers)) window.removeEventListener(name, handler);
    };
  }, [chapter, model, onReveal, run, show, store]);

  async function launch() {
    const image = build.getSnapshot().image;
    if (!image || !sandboxId) return;
    let names: string[] = [];
    try {
      names = (await apiFetch<ContainersResponse>(`/api/sandbox/${sandboxId}/containers`)).containers.map((c) => c.name);
    } catch {
      // The name may clash; docker says so in the terminal.
    }
    run(launchCommand(image.tag, image.exposed, ports.map((p) => p.port), names));
  }

  return (
    <section aria-label="Atelier : votre bac à sable Docker" {...{ [WORKBENCH_ROOT]: "" }} className="@container flex h-full min-h-0 flex-col overflow-hidden bg-slate-100 dark:bg-slate-900">
      <header className="flex h-11 shrink-0 items-stretch gap-2 border-b border-slate-200 pr-2 pl-1 dark:border-slate-800">
        <div className="flex min-w-0 items-stretch overflow-x-auto" role="tablist" aria-label="Outils de l'atelier" onKeyDown={(e) => onTablistKeyDown(e, TAB_IDS, tab, show)}>
          {TABS.map(({ id, label, Icon }) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`wb-tab-${id}`}
              data-tab={id}
              aria-selected={tab === id}
              aria-controls={`wb-panel-${id}`}
              tabIndex={tab === id ? 0 : -1}
              onClick={() => show(id)}
              className={`relative flex items-center gap-1.5 px-2 text-[0.8rem] @3xl:px-3 font-semibold whitespace-nowrap transition-colors focus-visible:-outline-offset-2 ${tab === id ? "text-brand-700 dark:text-white" : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"}`}
            >
              <Icon className="shrink-0" aria-hidden="true" />
              <span className={tab === id ? "" : "@max-lg:sr-only"}>{label}</span>
              {id === "preview" && webPorts.length > 0 && (
                <span className="rounded-full bg-emerald-700 px-1.5 text-[0.65rem] leading-4 text-white">
                  {webPorts.length}
                  <span className="sr-only"> {webPorts.length > 1 ? "ports web" : "port web"}</span>
                </span>
              )}
              {tab === id && <span className="absolute inset-x-2 bottom-0 h-0.5 rounded-full bg-brand-600 dark:bg-brand-400" aria-hidden="true" />}
            </button>
          ))}
        </div>
        <div className="ml-auto flex min-w-0 items-center gap-1">
          <SandboxBar state={state} terminal={terminalStatus} onReset={() => void store.reset()} />
          <button type="button" onClick={onHide} className="grid size-8 shrink-0 place-items-center rounded-md text-base text-slate-500 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white" aria-label="Masquer l'atelier" title="Masquer l'atelier">
            <PanelIcon className="max-lg:hidden" />
            <ChevronIcon className="rotate-90 lg:hidden" />
          </button>
        </div>
      </header>
      <WokeNotice state={state} onDismiss={() => store.dismissWoke()} />

      <div className="relative min-h-0 flex-1">
        {/* Under an overlay the panels are inert: Tab goes to the overlay's button, not into the terminal behind it. */}
        <div className="absolute inset-0" inert={hasOverlay(state)}>
          <div id="wb-panel-terminal" role="tabpanel" aria-labelledby="wb-tab-terminal" className={tab === "terminal" ? "absolute inset-0" : "invisible absolute inset-0"}>
            <TerminalsPanel chapter={chapter} store={store} session={session} problem={state.kind === "ready" ? state.problem : undefined} visible={visible && tab === "terminal"} onActiveStatus={setTerminalStatus} controller={terminals} />
          </div>
          {/* Every panel is there for its tab's aria-controls; its content is made the first time it is shown. */}
          <div id="wb-panel-editor" role="tabpanel" aria-labelledby="wb-tab-editor" className={tab === "editor" ? "absolute inset-0" : "hidden"}>
            {visited.has("editor") && <EditorPanel chapter={chapter} model={model} build={build} sandboxReady={session !== null} onLaunch={() => void launch()} onShowLayers={(tag) => (setFocusImage(tag), show("layers"))} />}
          </div>
          <div id="wb-panel-preview" role="tabpanel" aria-labelledby="wb-tab-preview" className={tab === "preview" ? "absolute inset-0" : "hidden"}>
            {visited.has("preview") && <PreviewPanel ports={ports} error={portsError} onRun={run} />}
          </div>
          <div id="wb-panel-layers" role="tabpanel" aria-labelledby="wb-tab-layers" className={tab === "layers" ? "absolute inset-0" : "hidden"}>
            {visited.has("layers") && sandboxId && <LayersPanel sandboxId={sandboxId} active={visible && tab === "layers"} focusImage={focusImage} />}
          </div>
        </div>
        <SessionOverlay state={state} onRenew={() => void store.reset()} onRetry={() => void store.start()} />
      </div>
    </section>
  );
}
