"use client";

import { useEffect, useState } from "react";
import type { PortView } from "../../../_lib/api-types";
import { ExternalIcon, GlobeIcon, PlayIcon, RefreshIcon } from "../../ui/icons";

interface Props {
  ports: PortView[];
  error: string | null;
  onRun: (command: string) => void;
}

const EXAMPLE = "docker run -d --name web -p 8080:80 nginx";

/** « Aperçu »: the sandbox's published ports, and the page one of them serves, on the site's own origin. */
export function PreviewPanel({ ports, error, onRun }: Props) {
  const web = ports.filter((p) => p.previewPath !== null);
  const [selected, setSelected] = useState<number | null>(null);
  const [path, setPath] = useState("");
  const [reload, setReload] = useState(0);
  const current = web.find((p) => p.port === selected) ?? web[0] ?? null;

  useEffect(() => {
    if (current && current.port !== selected) {
      setSelected(current.port);
      setPath("");
    }
  }, [current, selected]);

  if (!current) {
    return (
      <div className="grid h-full place-items-center bg-white p-6 text-center dark:bg-slate-950">
        <div className="max-w-sm text-sm text-slate-500 dark:text-slate-400">
          <GlobeIcon className="mx-auto text-3xl text-slate-300 dark:text-slate-600" />
          <p className="mt-3 font-semibold text-slate-700 dark:text-slate-200">Aucun port publié pour l&apos;instant</p>
          <p className="mt-2">Dès qu&apos;un conteneur publie un port avec <span className="font-mono">-p</span>, sa page s&apos;affiche ici. Par exemple :</p>
          <div className="mt-3 flex items-center gap-2 rounded-lg bg-[#0d1526] py-1.5 pr-1.5 pl-3 text-left font-mono text-xs text-slate-100">
            <span className="min-w-0 flex-1 truncate">{EXAMPLE}</span>
            <button type="button" className="code-btn code-btn-run" onClick={() => onRun(EXAMPLE)}>
              <PlayIcon /> Exécuter
            </button>
          </div>
          {error && <p className="mt-3 text-rose-600 dark:text-rose-400">{error}</p>}
        </div>
      </div>
    );
  }

  const src = `${current.previewPath}${path.replace(/^\/+/, "")}`;
  return (
    <div className="flex h-full min-h-0 flex-col bg-white dark:bg-slate-950">
      <div className="flex shrink-0 items-center gap-1.5 border-b border-slate-200 px-2 py-1.5 dark:border-slate-800">
        <select
          className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          value={current.port}
          onChange={(e) => {
            setSelected(Number(e.target.value));
            setPath("");
          }}
          aria-label="Port à afficher"
        >
          {web.map((p) => (
            <option key={p.port} value={p.port}>
              {p.port} → {p.containerPort} · {p.container}
            </option>
          ))}
        </select>
        <form
          className="flex min-w-0 flex-1 items-center rounded-md border border-slate-300 bg-slate-50 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
          onSubmit={(e) => {
            e.preventDefault();
            setReload((r) => r + 1);
          }}
        >
          <span className="shrink-0 pl-2 text-slate-400">localhost:{current.port}/</span>
          <input value={path} onChange={(e) => setPath(e.target.value)} className="min-w-0 flex-1 bg-transparent py-1 pr-2 text-slate-800 focus:outline-none dark:text-slate-100" aria-label="Chemin de la page" spellCheck={false} />
        </form>
        <button type="button" className="icon-btn size-7 text-base" onClick={() => setReload((r) => r + 1)} aria-label="Recharger l'aperçu" title="Recharger">
          <RefreshIcon />
        </button>
        <a href={src} target="_blank" rel="noopener" className="icon-btn size-7 text-base" aria-label="Ouvrir l'aperçu dans un nouvel onglet" title="Ouvrir dans un nouvel onglet">
          <ExternalIcon />
        </a>
      </div>
      <iframe key={`${src}#${reload}`} src={src} title={`Aperçu du port ${current.port}`} className="min-h-0 w-full flex-1 bg-white" sandbox="allow-scripts allow-forms allow-popups allow-modals" />
    </div>
  );
}
