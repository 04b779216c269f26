"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { z } from "zod";
import type { LearnerWorkshop } from "../../_lib/workshops/contract";
import { learnerEventSchema, learnerWorkshopSchema } from "../../_lib/workshops/contract";
import { call, CallError } from "./call";

const ok = z.object({ ok: z.literal(true) });

/**
 * The learner's side of a workshop, under the site header on every page:
 * its title, the trainer's broadcast, « J'ai besoin d'aide », and
 * « Votre formateur regarde votre terminal » while a trainer watches. Its
 * event stream is also what shows the learner as connected on the roster.
 */
export function WorkshopBanner() {
  const pathname = usePathname();
  const [state, setState] = useState<LearnerWorkshop | null>(null);
  const [watched, setWatched] = useState(false);
  const [control, setControl] = useState<"none" | "asked" | "granted">("none");
  const [helpOpen, setHelpOpen] = useState(false);
  const [helpText, setHelpText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const hidden = pathname.startsWith("/formateur") || pathname.startsWith("/apercu/");
  const chapter = /^\/cours\/([a-z0-9-]+)$/.exec(pathname)?.[1] ?? "";

  const load = useCallback(async () => {
    try {
      setState(await call("/api/atelier", learnerWorkshopSchema));
    } catch {
      // No learner cookie yet, or the site is down: no banner.
    }
  }, []);

  useEffect(() => {
    if (!hidden) void load();
  }, [hidden, load, pathname]);

  const active = state?.workshop && !state.workshop.ended ? state.workshop.id : null;
  useEffect(() => {
    if (hidden || !active) return;
    const source = new EventSource(`/api/atelier/flux?chapitre=${encodeURIComponent(chapter)}`);
    const on = (event: MessageEvent<string>) => {
      const parsed = learnerEventSchema.safeParse(JSON.parse(event.data));
      if (!parsed.success) return;
      const e = parsed.data;
      if (e.type === "watched") setWatched(e.watching);
      else if (e.type === "control") setControl(e.state);
      else if (e.type === "broadcast") setState((s) => s && s.workshop && { ...s, workshop: { ...s.workshop, broadcast: e.message || null, broadcastAt: e.at } });
      else if (e.type === "help-resolved") setState((s) => s && { ...s, help: null });
      else if (e.type === "ended") {
        setWatched(false);
        setControl("none");
        void load();
      }
    };
    for (const type of ["watched", "control", "broadcast", "help-resolved", "ended"]) source.addEventListener(type, on);
    return () => source.close();
  }, [hidden, active, chapter, load]);

  if (hidden || !state?.workshop) return null;
  const w = state.workshop;

  const raise = async () => {
    setError(null);
    try {
      await call("/api/atelier/aide", ok, { method: "POST", body: { message: helpText.trim() || undefined } });
      setHelpOpen(false);
      setHelpText("");
      await load();
    } catch (e) {
      setError(e instanceof CallError ? e.message : "La demande n'est pas partie. Réessayez.");
    }
  };
  const answerControl = async (accept: boolean) => {
    setError(null);
    try {
      await call("/api/atelier/controle", ok, { method: "POST", body: { accept } });
    } catch (e) {
      setError(e instanceof CallError ? e.message : "La réponse n'est pas partie. Réessayez.");
    }
  };
  const withdraw = async () => {
    try {
      await call("/api/atelier/aide", ok, { method: "DELETE" });
      await load();
    } catch (e) {
      setError(e instanceof CallError ? e.message : "Réessayez.");
    }
  };

  return (
    <div data-testid="workshop-banner" className="relative z-30 border-b border-brand-200 bg-brand-50/95 text-sm backdrop-blur dark:border-brand-900 dark:bg-brand-950/90">
      <div className="mx-auto flex max-w-[90rem] flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
        <span className="font-semibold text-brand-900 dark:text-brand-100">
          Atelier : {w.title}
          {w.ended && <span className="ml-2 font-normal text-slate-600 dark:text-slate-400">(terminé)</span>}
        </span>
        {state.name && <span className="text-slate-600 dark:text-slate-400">vous y êtes « {state.name} »</span>}
        {watched && control !== "granted" && (
          <span role="status" className="inline-flex items-center gap-1.5 rounded-full bg-amber-100 px-2.5 py-0.5 font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
            <span aria-hidden className="size-2 animate-pulse rounded-full bg-amber-500" />
            Votre formateur regarde votre terminal
          </span>
        )}
        {control === "granted" && (
          <span className="inline-flex items-center gap-2">
            <span role="status" className="inline-flex items-center gap-1.5 rounded-full bg-rose-100 px-2.5 py-0.5 font-medium text-rose-900 dark:bg-rose-900/40 dark:text-rose-200">
              <span aria-hidden className="size-2 animate-pulse rounded-full bg-rose-500" />
              Votre formateur a la main sur votre terminal
            </span>
            <button type="button" className="btn btn-secondary px-3 py-1" onClick={() => void answerControl(false)}>
              Reprendre la main
            </button>
          </span>
        )}
        <span className="grow" />
        {!w.ended &&
          (state.help ? (
            <span className="inline-flex items-center gap-2">
              <span className="rounded-full bg-rose-100 px-2.5 py-0.5 font-medium text-rose-900 dark:bg-rose-900/40 dark:text-rose-200">Demande d&apos;aide envoyée</span>
              <button type="button" className="btn btn-ghost px-2 py-1" onClick={withdraw}>
                Annuler
              </button>
            </span>
          ) : (
            <button type="button" className="btn btn-secondary px-3 py-1" onClick={() => setHelpOpen((o) => !o)} aria-expanded={helpOpen}>
              J&apos;ai besoin d&apos;aide
            </button>
          ))}
      </div>
      {control === "asked" && (
        <div role="alertdialog" aria-labelledby="control-request" data-testid="control-request" className="border-t border-amber-200 bg-amber-50 dark:border-amber-900 dark:bg-amber-950/60">
          <div className="mx-auto flex max-w-[90rem] flex-wrap items-center gap-3 px-4 py-2">
            <p id="control-request" className="font-medium text-amber-950 dark:text-amber-100">
              Votre formateur demande à prendre la main sur votre terminal : il pourra y taper des commandes, sous vos yeux. Vous pourrez la reprendre à tout moment.
            </p>
            <button type="button" className="btn btn-primary px-3 py-1" onClick={() => void answerControl(true)}>
              Accepter
            </button>
            <button type="button" className="btn btn-secondary px-3 py-1" onClick={() => void answerControl(false)}>
              Refuser
            </button>
          </div>
        </div>
      )}
      {w.broadcast && (
        <div role="status" data-testid="workshop-broadcast" className="border-t border-brand-200 bg-white/70 dark:border-brand-900 dark:bg-slate-900/60">
          <p className="mx-auto max-w-[90rem] px-4 py-2 font-medium text-slate-900 dark:text-slate-100">Message du formateur : {w.broadcast}</p>
        </div>
      )}
      {helpOpen && !state.help && (
        <form
          className="mx-auto flex max-w-[90rem] flex-wrap items-center gap-2 px-4 pb-3"
          onSubmit={(e) => {
            e.preventDefault();
            void raise();
          }}
        >
          <label htmlFor="help-text" className="text-slate-700 dark:text-slate-300">
            Ce qui bloque (facultatif) :
          </label>
          <input id="help-text" className="input min-w-64 grow" maxLength={280} value={helpText} onChange={(e) => setHelpText(e.target.value)} placeholder="Par exemple : mon conteneur s'arrête tout de suite" />
          <button type="submit" className="btn btn-primary px-3 py-1.5">
            Prévenir le formateur
          </button>
        </form>
      )}
      {error && <p className="mx-auto max-w-[90rem] px-4 pb-2 text-rose-700 dark:text-rose-300">{error}</p>}
    </div>
  );
}
