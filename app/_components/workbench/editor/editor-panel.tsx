"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { dirnameOf, isDockerfile } from "../../../_lib/workbench/file-paths";
import { defaultImageTag, imageTagProblem } from "../../../_lib/workbench/image-tag";
import { FileIcon, HammerIcon, LightbulbIcon, PlusIcon } from "../../ui/icons";
import { useDarkMode } from "../use-dark-mode";
import type { BuildSession } from "./build-session";
import { BuildView } from "./build-view";
import { HINTS_CHAPTER, dockerfileHints } from "./dockerfile-hints";
import type { EditorFilesModel } from "./editor-files-model";
import { FileTree } from "./file-tree";

function EditorPlaceholder() {
  return (
    <div className="absolute inset-0 grid place-items-center bg-white text-sm text-slate-400 dark:bg-[#0b1222]" aria-busy="true">
      Chargement de l&apos;éditeur…
    </div>
  );
}

const MonacoEditor = dynamic(() => import("./monaco-editor"), { ssr: false, loading: EditorPlaceholder });

interface Props {
  chapter: string;
  model: EditorFilesModel;
  build: BuildSession;
  sandboxReady: boolean;
  onLaunch: () => void;
  onShowLayers: (tag: string) => void;
}

/** « Éditeur »: the build context's files, Monaco, good-practice hints, and « Construire ». */
export function EditorPanel({ chapter, model, build, sandboxReady, onLaunch, onShowLayers }: Props) {
  const state = useSyncExternalStore(model.subscribe, model.getSnapshot, model.getSnapshot);
  const buildState = useSyncExternalStore(build.subscribe, build.getSnapshot, build.getSnapshot);
  const dark = useDarkMode();
  const [tags, setTags] = useState<Record<string, string>>({});
  const [chosenDockerfile, setChosenDockerfile] = useState<string | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  /** null: automatic (open, folded while the build log is shown). */
  const [hintsChoice, setHintsChoice] = useState<boolean | null>(null);

  useEffect(() => void model.load(), [model]);

  const activeFile = state.files.find((f) => f.path === state.active) ?? null;
  const dockerfiles = state.files.filter((f) => isDockerfile(f.path)).map((f) => f.path);
  const dockerfile =
    (activeFile && isDockerfile(activeFile.path) ? activeFile.path : null) ??
    (chosenDockerfile && dockerfiles.includes(chosenDockerfile) ? chosenDockerfile : null) ??
    dockerfiles.find((p) => activeFile && dirnameOf(p) === dirnameOf(activeFile.path)) ??
    dockerfiles[0] ??
    null;
  const tag = dockerfile ? (tags[dockerfile] ?? defaultImageTag(dirnameOf(dockerfile), chapter)) : "";
  const tagProblem = dockerfile ? imageTagProblem(tag) : null;
  const hints = useMemo(() => (activeFile && isDockerfile(activeFile.path) ? dockerfileHints(activeFile.content) : []), [activeFile]);
  const building = buildState.status === "preparing" || buildState.status === "running";
  const logShown = logOpen && buildState.status !== "idle";
  // The build log needs the room: hints fold to their one-line summary (Monaco still marks the lines).
  const hintsShown = hintsChoice ?? !logShown;

  function startBuild() {
    if (!dockerfile || tagProblem || building) return;
    setLogOpen(true);
    void build.run({ chapter, dockerfile, tag: tag.trim(), prepare: () => model.flush() });
  }

  const saveLabel = state.saveError ? state.saveError : state.syncError ? `Enregistré, mais pas dans le bac à sable : ${state.syncError}` : state.saving ? "Enregistrement…" : state.files.length > 0 ? "Enregistré" : "";

  return (
    <div className="flex h-full min-h-0 flex-col bg-white dark:bg-slate-950">
      <div className="flex min-h-0 flex-1">
        <div className="hidden w-48 shrink-0 border-r border-slate-200 bg-slate-50 sm:block dark:border-slate-800 dark:bg-slate-900/60">
          <FileTree chapter={chapter} files={state.files} active={state.active} onSelect={(p) => model.setActive(p)} onCreate={(p) => model.create(p)} onRename={(a, b) => model.rename(a, b)} onRemove={(p) => model.remove(p)} />
        </div>

        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex h-9 shrink-0 items-center gap-2 border-b border-slate-200 px-3 text-xs dark:border-slate-800">
            {state.files.length > 0 && (
              <select className="max-w-[55%] rounded border-0 bg-transparent py-0 pr-6 pl-0 font-mono text-xs text-slate-700 sm:hidden dark:text-slate-200" value={state.active ?? ""} onChange={(e) => model.setActive(e.target.value)} aria-label="Fichier ouvert">
                {state.files.map((f) => (
                  <option key={f.path}>{f.path}</option>
                ))}
              </select>
            )}
            <span className="hidden min-w-0 items-center gap-1.5 truncate font-mono text-slate-600 sm:flex dark:text-slate-300">
              {activeFile && <FileIcon className="shrink-0 opacity-60" />}
              {activeFile ? `~/${chapter}/${activeFile.path}` : ""}
            </span>
            <span className={`ml-auto truncate ${state.saveError || state.syncError ? "text-rose-600 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`} role="status" title={saveLabel}>
              {saveLabel}
            </span>
          </div>

          {state.replaceRequest && (
            <div className="flex flex-wrap items-center gap-2 border-b border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100" role="alert">
              <span className="min-w-0 flex-1">
                Vous avez modifié <span className="font-mono">{state.replaceRequest.path}</span>. Le cours en propose une autre version.
              </span>
              <button type="button" className="rounded-md bg-amber-600 px-2.5 py-1 font-semibold text-white hover:bg-amber-700" onClick={() => model.resolveReplace(true)}>
                Reprendre celle du cours
              </button>
              <button type="button" className="rounded-md px-2.5 py-1 font-semibold hover:bg-amber-100 dark:hover:bg-amber-500/20" onClick={() => model.resolveReplace(false)}>
                Garder la mienne
              </button>
            </div>
          )}

          <div className="relative min-h-0 flex-1">
            {state.status === "error" ? (
              <div className="p-6 text-sm text-rose-700 dark:text-rose-300" role="alert">
                {state.loadError}{" "}
                <button type="button" className="underline" onClick={() => void model.load()}>
                  Réessayer
                </button>
              </div>
            ) : state.status !== "ready" ? (
              <EditorPlaceholder />
            ) : activeFile ? (
              <MonacoEditor chapter={chapter} path={activeFile.path} value={activeFile.content} dark={dark} hints={hints} onChange={(v) => model.update(activeFile.path, v)} />
            ) : (
              <div className="grid h-full place-items-center p-6 text-center">
                <div className="max-w-xs text-sm text-slate-500 dark:text-slate-400">
                  <p className="font-semibold text-slate-700 dark:text-slate-200">Aucun fichier pour l&apos;instant</p>
                  <p className="mt-2">
                    Dans la leçon, cliquez sur « Ouvrir dans l&apos;éditeur » au-dessus d&apos;un fichier : il s&apos;ouvre ici et s&apos;enregistre dans <span className="font-mono">~/{chapter}/</span> de votre bac à sable.
                  </p>
                  <button type="button" className="btn btn-secondary mt-4" onClick={() => model.create("Dockerfile")}>
                    <PlusIcon /> Créer un Dockerfile
                  </button>
                </div>
              </div>
            )}
          </div>

          {hints.length > 0 && (
            <div className="max-h-[30%] shrink-0 overflow-y-auto border-t border-amber-200/70 bg-amber-50/70 text-xs dark:border-amber-500/20 dark:bg-amber-500/[0.06]">
              <button type="button" onClick={() => setHintsChoice(!hintsShown)} className="flex w-full items-center gap-2 px-3 py-1.5 font-semibold text-amber-900 dark:text-amber-200" aria-expanded={hintsShown}>
                <LightbulbIcon /> {hints.length === 1 ? "1 conseil" : `${hints.length} conseils`} de bonne pratique
                <span className="ml-auto font-normal text-amber-800 dark:text-amber-300">{hintsShown ? "Masquer" : "Afficher"}</span>
              </button>
              {hintsShown && (
                <ul className="space-y-1 px-3 pb-2">
                  {hints.map((h) => (
                    <li key={`${h.rule}:${h.line}`} className="flex gap-2 text-amber-950 dark:text-amber-100">
                      <span className="shrink-0 font-mono text-amber-800 dark:text-amber-300">L{h.line}</span>
                      <span className="min-w-0">
                        {h.message}{" "}
                        <Link href={`/cours/${HINTS_CHAPTER}#${h.anchor}`} className="font-semibold whitespace-nowrap text-brand-700 underline decoration-brand-300 underline-offset-2 dark:text-brand-300" target={chapter === HINTS_CHAPTER ? undefined : "_blank"}>
                          Voir le cours
                        </Link>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}

          <form
            className="flex shrink-0 flex-wrap items-center gap-2 border-t border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-800 dark:bg-slate-900/60"
            onSubmit={(e) => {
              e.preventDefault();
              startBuild();
            }}
          >
            {dockerfiles.length > 1 && !(activeFile && isDockerfile(activeFile.path)) ? (
              <select className="rounded-md border border-slate-300 bg-white px-1.5 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900" value={dockerfile ?? ""} onChange={(e) => setChosenDockerfile(e.target.value)} aria-label="Dockerfile à construire">
                {dockerfiles.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            ) : (
              <span className="truncate font-mono text-xs text-slate-500 @max-lg:hidden dark:text-slate-400">{dockerfile ?? "Aucun Dockerfile"}</span>
            )}
            <label className="flex min-w-0 flex-1 items-center gap-1.5 text-xs text-slate-500 dark:text-slate-400">
              <span className="shrink-0">Image</span>
              <input
                value={tag}
                onChange={(e) => dockerfile && setTags((t) => ({ ...t, [dockerfile]: e.target.value }))}
                disabled={!dockerfile}
                spellCheck={false}
                className={`min-w-24 flex-1 rounded-md border bg-white px-2 py-1 font-mono text-xs text-slate-900 focus:ring-2 focus:ring-brand-500/25 focus:outline-none dark:bg-slate-900 dark:text-white ${tagProblem ? "border-rose-400" : "border-slate-300 dark:border-slate-700"}`}
                aria-invalid={tagProblem !== null}
                aria-describedby={tagProblem ? "wb-tag-problem" : undefined}
                aria-label="Nom de l'image (tag)"
              />
            </label>
            <button type="submit" className="btn btn-primary py-1.5" disabled={!dockerfile || tagProblem !== null || building || !sandboxReady} title={sandboxReady ? undefined : "Le bac à sable n'est pas prêt"}>
              {building ? <span className="spinner" aria-hidden="true" /> : <HammerIcon />}
              {building ? "Construction…" : "Construire"}
            </button>
            {buildState.status !== "idle" && !logOpen && (
              <button type="button" className="btn btn-ghost py-1.5 text-xs" onClick={() => setLogOpen(true)}>
                Journal
              </button>
            )}
            {tagProblem && (
              <p id="wb-tag-problem" className="w-full text-[0.72rem] text-rose-600 dark:text-rose-400">
                {tagProblem}
              </p>
            )}
          </form>
        </div>
      </div>

      {logShown && (
        <div className="h-[52%] shrink-0 border-t border-slate-300 dark:border-slate-700">
          <BuildView build={buildState} onCancel={() => build.cancel()} onClose={() => setLogOpen(false)} onLaunch={onLaunch} onShowLayers={() => buildState.tag && onShowLayers(buildState.tag)} />
        </div>
      )}
    </div>
  );
}
