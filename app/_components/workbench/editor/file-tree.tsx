"use client";

import { useState } from "react";
import type { FormEvent } from "react";
import { basenameOf, dirnameOf } from "../../../_lib/workbench/file-paths";
import type { EditorFile } from "../../../_lib/workbench/file-paths";
import { EditIcon, FileIcon, FolderIcon, PlusIcon, TrashIcon } from "../../ui/icons";

interface Props {
  chapter: string;
  files: EditorFile[];
  active: string | null;
  onSelect: (path: string) => void;
  onCreate: (path: string) => string | null;
  onRename: (from: string, to: string) => string | null;
  onRemove: (path: string) => void;
}

/** A path being typed: new file (from === null) or rename. */
type Draft = { from: string | null; value: string; problem: string | null };

/** The build context as a small tree: folders from the paths, files to open, add, rename, delete. */
export function FileTree({ chapter, files, active, onSelect, onCreate, onRename, onRemove }: Props) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const sorted = [...files].sort((a, b) => {
    const da = dirnameOf(a.path);
    const db = dirnameOf(b.path);
    return da === db ? a.path.localeCompare(b.path) : da.localeCompare(db);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const value = draft.value.trim();
    const problem = draft.from === null ? onCreate(value) : onRename(draft.from, value);
    if (problem) setDraft({ ...draft, problem });
    else setDraft(null);
  }

  const input = draft && (
    <form onSubmit={submit} className="px-2 py-1.5">
      <label className="sr-only" htmlFor="wb-file-name">
        {draft.from === null ? "Nom du nouveau fichier" : `Nouveau nom de ${draft.from}`}
      </label>
      <input
        id="wb-file-name"
        autoFocus
        value={draft.value}
        onChange={(e) => setDraft({ ...draft, value: e.target.value, problem: null })}
        onKeyDown={(e) => e.key === "Escape" && setDraft(null)}
        onBlur={() => !draft.value.trim() && setDraft(null)}
        placeholder="site/Dockerfile"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs text-slate-900 focus:border-brand-500 focus:outline-none dark:border-slate-600 dark:bg-slate-900 dark:text-white"
        aria-invalid={draft.problem !== null}
        aria-describedby={draft.problem ? "wb-file-problem" : undefined}
      />
      {draft.problem && (
        <p id="wb-file-problem" className="mt-1 text-[0.7rem] leading-snug text-rose-600 dark:text-rose-400">
          {draft.problem}
        </p>
      )}
    </form>
  );

  let lastDir: string | null = null;
  return (
    <nav aria-label="Fichiers du contexte de build" className="flex h-full min-h-0 flex-col text-[0.8rem]">
      <div className="flex items-center justify-between px-3 pt-2.5 pb-1.5">
        <span className="truncate font-mono text-[0.7rem] text-slate-500 dark:text-slate-400" title={`Dossier du chapitre dans le bac à sable : ~/${chapter}/`}>
          ~/{chapter}/
        </span>
        <button type="button" onClick={() => setDraft({ from: null, value: "", problem: null })} className="grid size-6 place-items-center rounded-md text-slate-500 hover:bg-slate-200 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white" title="Nouveau fichier" aria-label="Nouveau fichier">
          <PlusIcon />
        </button>
      </div>
      {draft?.from === null && input}
      <ul className="min-h-0 flex-1 overflow-y-auto pb-2">
        {sorted.map((file) => {
          const dir = dirnameOf(file.path);
          const header = dir !== lastDir && dir !== "";
          lastDir = dir;
          const selected = file.path === active;
          return (
            <li key={file.path}>
              {header && (
                <div className="flex items-center gap-1.5 px-3 pt-2 pb-0.5 text-[0.72rem] font-semibold text-slate-500 dark:text-slate-400">
                  <FolderIcon className="shrink-0" /> {dir}/
                </div>
              )}
              {draft?.from === file.path ? (
                input
              ) : confirmDelete === file.path ? (
                <div className="mx-2 my-0.5 flex items-center justify-between gap-1 rounded-md bg-rose-50 px-2 py-1 text-[0.72rem] text-rose-800 dark:bg-rose-500/10 dark:text-rose-200">
                  <span className="truncate">Supprimer {basenameOf(file.path)} ?</span>
                  <span className="flex shrink-0 gap-1">
                    <button type="button" className="rounded px-1.5 font-semibold hover:bg-rose-100 dark:hover:bg-rose-500/20" onClick={() => (onRemove(file.path), setConfirmDelete(null))}>
                      Oui
                    </button>
                    <button type="button" className="rounded px-1.5 hover:bg-rose-100 dark:hover:bg-rose-500/20" onClick={() => setConfirmDelete(null)}>
                      Non
                    </button>
                  </span>
                </div>
              ) : (
                <div className={`group mx-1.5 flex items-center rounded-md ${selected ? "bg-brand-100 text-brand-900 dark:bg-brand-500/20 dark:text-white" : "text-slate-700 hover:bg-slate-200/70 dark:text-slate-300 dark:hover:bg-slate-800"}`}>
                  <button type="button" onClick={() => onSelect(file.path)} className={`flex min-w-0 flex-1 items-center gap-1.5 py-1 text-left font-mono ${dir ? "pl-5" : "pl-2"}`} aria-current={selected ? "true" : undefined} title={file.path}>
                    <FileIcon className="shrink-0 opacity-70" />
                    <span className="truncate">{basenameOf(file.path)}</span>
                  </button>
                  <button type="button" onClick={() => setDraft({ from: file.path, value: file.path, problem: null })} className="hidden size-6 shrink-0 place-items-center rounded opacity-70 group-focus-within:grid group-hover:grid hover:opacity-100" aria-label={`Renommer ${file.path}`} title="Renommer">
                    <EditIcon />
                  </button>
                  <button type="button" onClick={() => setConfirmDelete(file.path)} className="mr-0.5 hidden size-6 shrink-0 place-items-center rounded opacity-70 group-focus-within:grid group-hover:grid hover:opacity-100" aria-label={`Supprimer ${file.path}`} title="Supprimer">
                    <TrashIcon />
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
