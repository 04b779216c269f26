"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent as ReactKeyboardEvent } from "react";
import { SearchIcon } from "../ui/icons";
import type { SearchResult } from "./search-engine";

type Engine = (query: string) => SearchResult[];

let enginePromise: Promise<Engine> | null = null;

/** Loads the search code and the prebuilt index together, once, on first use. */
function loadEngine(): Promise<Engine> {
  enginePromise ??= Promise.all([import("./search-engine"), fetch("/search-index.json").then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))])
    .then(([engine, index]) => {
      const prepared = engine.prepare(index);
      return (query: string) => engine.search(prepared, query);
    })
    .catch((error: unknown) => {
      enginePromise = null;
      throw error;
    });
  return enginePromise;
}

/** The header's search box: results appear under it and link to the section's anchor. */
export function SearchBox() {
  const router = useRouter();
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [engine, setEngine] = useState<Engine | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const results = engine && query.trim() ? engine(query) : [];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
      if (event.key === "/" && !typing) {
        event.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  function warmUp() {
    if (engine) return;
    loadEngine().then(
      (e) => {
        setEngine(() => e);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }

  function go(result: SearchResult | undefined) {
    if (!result) return;
    setOpen(false);
    setQuery("");
    inputRef.current?.blur();
    router.push(result.href);
  }

  function onKeyDown(event: ReactKeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, results.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      go(results[active]);
    } else if (event.key === "Escape") {
      setOpen(false);
      inputRef.current?.blur();
    }
  }

  const showPanel = open && query.trim() !== "";
  return (
    <div className="relative min-w-0 flex-1 sm:max-w-xs" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
      <label className="search-field">
        <SearchIcon className="shrink-0 text-slate-400" />
        <span className="sr-only">Rechercher dans le cours</span>
        <input
          ref={inputRef}
          type="search"
          value={query}
          placeholder="Rechercher…"
          autoComplete="off"
          spellCheck={false}
          role="combobox"
          aria-expanded={showPanel}
          aria-controls={listId}
          aria-autocomplete="list"
          onFocus={() => {
            warmUp();
            setOpen(true);
          }}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          className="min-w-0 flex-1 bg-transparent text-sm text-slate-900 outline-none placeholder:text-slate-400 dark:text-slate-100 [&::-webkit-search-cancel-button]:hidden"
        />
        <kbd className="hidden rounded border border-slate-300 px-1.5 font-mono text-[0.7rem] text-slate-400 sm:inline dark:border-slate-700">/</kbd>
      </label>
      {showPanel && (
        <div className="search-panel" id={listId} role="listbox" aria-label="Résultats de la recherche">
          {failed ? (
            <p className="px-4 py-3 text-sm text-rose-700 dark:text-rose-300">La recherche n&apos;a pas pu se charger. Réessayez.</p>
          ) : !engine ? (
            <p className="px-4 py-3 text-sm text-slate-500">Chargement de l&apos;index…</p>
          ) : results.length === 0 ? (
            <p className="px-4 py-3 text-sm text-slate-500 dark:text-slate-400">Aucun résultat pour « {query.trim()} ».</p>
          ) : (
            <ul>
              {results.map((result, i) => (
                <li key={result.href + i} role="option" aria-selected={i === active}>
                  <Link
                    href={result.href}
                    onClick={() => {
                      setOpen(false);
                      setQuery("");
                    }}
                    onMouseEnter={() => setActive(i)}
                    className={`block px-4 py-2.5 ${i === active ? "bg-brand-50 dark:bg-brand-500/10" : ""}`}
                  >
                    <span className="block text-[0.7rem] font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-300">{result.chapterTitle}</span>
                    <span className="line-clamp-2 block text-sm font-medium text-slate-900 dark:text-white">{result.heading}</span>
                    <span className="mt-0.5 line-clamp-2 block text-xs text-slate-500 dark:text-slate-400">
                      {result.snippet.map((part, j) =>
                        part.match ? (
                          <mark key={j} className="rounded-sm bg-amber-200/70 px-0.5 text-inherit dark:bg-amber-400/25">
                            {part.text}
                          </mark>
                        ) : (
                          part.text
                        ),
                      )}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
