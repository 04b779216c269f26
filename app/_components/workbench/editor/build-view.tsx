"use client";

import { useEffect, useRef, useState } from "react";
import { CheckIcon, LayersIcon, PlayIcon, XIcon } from "../../ui/icons";
import { formatBytes } from "../layers/layer-math";
import type { BuildState } from "./build-session";
import { buildFraction } from "./build-log";
import type { BuildStep } from "./build-log";
import { explainBuildError } from "./build-error-fr";

interface Props {
  build: BuildState;
  onCancel: () => void;
  onClose: () => void;
  onLaunch: () => void;
  onShowLayers: () => void;
}

const seconds = (s: number) => `${s.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} s`;

function StepIcon({ step }: { step: BuildStep }) {
  if (step.status === "done") return <CheckIcon className="text-emerald-400" />;
  if (step.status === "cached") return <span className="text-[0.6rem] font-bold text-sky-300">CACHE</span>;
  if (step.status === "error") return <XIcon className="text-rose-400" />;
  return <span className="inline-block size-3 animate-spin rounded-full border-2 border-slate-500 border-t-brand-300" aria-label="en cours" />;
}

/** The build's progress (one bar, the Dockerfile's steps) and its full log, streamed. */
export function BuildView({ build, onCancel, onClose, onLaunch, onShowLayers }: Props) {
  const log = useRef<HTMLPreElement>(null);
  const [now, setNow] = useState(() => Date.now());
  const running = build.status === "preparing" || build.status === "running";

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [running]);

  // Follow the log while it streams, unless the learner scrolled up to read.
  useEffect(() => {
    const el = log.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [build.log]);

  const elapsed = build.startedAt ? ((build.finishedAt ?? now) - build.startedAt) / 1000 : 0;
  const fraction = buildFraction(build.progress, build.status === "succeeded");
  const steps = build.progress.steps.filter((s) => s.index !== null);
  const label = build.status === "preparing" ? "Enregistrement des fichiers…" : build.status === "running" ? "Construction en cours" : build.status === "succeeded" ? "Image construite" : "La construction a échoué";

  return (
    <section aria-label="Journal de construction" className="flex h-full min-h-0 flex-col bg-[#0b1222] text-slate-200">
      <header className="flex items-center gap-3 border-b border-white/10 px-3 py-2">
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2 text-sm">
            <span className="font-semibold text-white">{label}</span>
            <span className="truncate font-mono text-xs text-slate-400">{build.tag}</span>
          </div>
          <div className="mt-1.5 flex items-center gap-2">
            <div
              className="h-1.5 flex-1 overflow-hidden rounded-full bg-white/10"
              role="progressbar"
              aria-label="Progression de la construction"
              aria-valuemin={0}
              aria-valuemax={build.progress.total || 1}
              aria-valuenow={build.status === "succeeded" ? build.progress.total || 1 : build.progress.finished}
            >
              <div
                className={`h-full rounded-full transition-[width] duration-300 ${build.status === "failed" ? "bg-rose-500" : build.status === "succeeded" ? "bg-emerald-400" : "bg-brand-400"}`}
                style={{ width: `${Math.max(running ? 4 : 0, fraction * 100)}%` }}
              />
            </div>
            <span className="shrink-0 font-mono text-[0.7rem] text-slate-400 tabular-nums">
              {build.progress.total > 0 ? `${build.progress.finished}/${build.progress.total} étapes · ` : ""}
              {seconds(elapsed)}
            </span>
          </div>
        </div>
        {running ? (
          <button type="button" className="code-btn" onClick={onCancel} disabled={build.status !== "running"}>
            Arrêter
          </button>
        ) : (
          <button type="button" className="code-btn" onClick={onClose} aria-label="Fermer le journal de construction" title="Fermer le journal">
            <XIcon />
          </button>
        )}
      </header>

      {steps.length > 0 && (
        <ol className="max-h-[38%] shrink-0 overflow-y-auto border-b border-white/10 px-3 py-1.5 font-mono text-[0.75rem]" aria-label="Étapes du Dockerfile">
          {steps.map((step) => (
            <li key={step.vertex} className="flex items-center gap-2 py-0.5" data-status={step.status}>
              <span className="grid w-9 shrink-0 place-items-center">
                <StepIcon step={step} />
              </span>
              <span className={`min-w-0 flex-1 truncate ${step.status === "error" ? "text-rose-300" : "text-slate-200"}`} title={step.name}>
                {step.name}
              </span>
              <span className="shrink-0 text-slate-500 tabular-nums">{step.seconds !== null ? seconds(step.seconds) : ""}</span>
            </li>
          ))}
        </ol>
      )}

      <pre ref={log} className="min-h-0 flex-1 overflow-auto px-3 py-2 font-mono text-[0.72rem] leading-relaxed whitespace-pre-wrap text-slate-400" aria-live="off" data-testid="build-log">
        {build.log || (running ? "En attente de docker build…" : "")}
      </pre>

      {build.status === "succeeded" && (
        <footer className="flex flex-wrap items-center gap-x-4 gap-y-2 border-t border-emerald-400/20 bg-emerald-400/[0.07] px-3 py-2.5 text-sm" role="status">
          <span className="flex min-w-0 items-center gap-2 text-emerald-200">
            <CheckIcon className="shrink-0" />
            <span className="min-w-0">
              <span className="font-semibold">{build.tag}</span>
              {build.image && (
                <span className="text-emerald-100/80">
                  {" "}
                  · <span className="font-mono text-xs">{build.image.id.replace("sha256:", "").slice(0, 12)}</span>
                  {build.image.size > 0 && ` · ${formatBytes(build.image.size)}`}
                </span>
              )}
            </span>
          </span>
          <span className="ml-auto flex gap-1.5">
            <button type="button" className="code-btn" onClick={onShowLayers}>
              <LayersIcon /> Voir les couches
            </button>
            <button type="button" className="code-btn code-btn-run" onClick={onLaunch}>
              <PlayIcon /> Lancer
            </button>
          </span>
        </footer>
      )}
      {build.status === "failed" && build.error && (
        <footer className="border-t border-rose-400/20 bg-rose-500/10 px-3 py-2.5 text-sm text-rose-200" role="alert">
          <p>{explainBuildError(build.error)}</p>
          <p className="mt-1 break-words font-mono text-xs text-rose-300/90" lang="en">
            {build.error}
          </p>
        </footer>
      )}
    </section>
  );
}
