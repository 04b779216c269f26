"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";
import { z } from "zod";
import type { Dashboard, RosterRow, WorkshopAction } from "../../_lib/workshops/contract";
import { dashboardSchema, formatJoinCode } from "../../_lib/workshops/contract";
import { call, CallError } from "./call";
import { ClaimsPanel } from "./claims-panel";
import { ClassView } from "./class-view";
import { RosterTable, SORTS, sortRoster } from "./roster-table";
import type { SortKey } from "./roster-table";

const SpectatorTerminal = dynamic(() => import("./spectator-terminal"), { ssr: false, loading: () => <div className="h-[30rem] animate-pulse rounded-lg bg-slate-800" /> });

const done = z.object({ message: z.string() });
const terminalsSchema = z.object({ terminals: z.array(z.string()) });

type Link = "live" | "reconnecting";

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** The trainer's live dashboard of one workshop. */
export function WorkshopDashboard({ initial, joinUrl, qrSvg }: { initial: Dashboard; joinUrl: string; qrSvg: string }) {
  const [dashboard, setDashboard] = useState(initial);
  const [link, setLink] = useState<Link>("reconnecting");
  const [sort, setSort] = useState<SortKey>("help");
  const [filter, setFilter] = useState("");
  const [onlyHelp, setOnlyHelp] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [projector, setProjector] = useState(false);
  const [watching, setWatching] = useState<{ row: RosterRow; terminals: string[]; active: string } | null>(null);
  const [prewarm, setPrewarm] = useState(String(Math.min(initial.workshop.capacity, 10)));
  const [extendAll, setExtendAll] = useState("30");
  const [broadcast, setBroadcast] = useState("");
  const now = useNow(5_000);
  const w = dashboard.workshop;
  const open = w.endedAt === null && Date.parse(w.endsAt) > now;

  useEffect(() => {
    const source = new EventSource(`/api/formateur/ateliers/${w.id}/flux`);
    source.addEventListener("snapshot", (event) => {
      const parsed = dashboardSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) {
        setDashboard(parsed.data);
        setLink("live");
      }
    });
    source.onerror = () => setLink("reconnecting");
    return () => source.close();
  }, [w.id]);

  const act = useCallback(
    async (action: WorkshopAction, confirmFr?: string) => {
      if (confirmFr && !window.confirm(confirmFr)) return;
      setBusy(true);
      try {
        const { message } = await call(`/api/formateur/ateliers/${w.id}/actions`, done, { method: "POST", body: action });
        setNotice({ text: message, error: false });
      } catch (e) {
        setNotice({ text: e instanceof CallError ? e.message : "L'action a échoué. Réessayez.", error: true });
      } finally {
        setBusy(false);
      }
    },
    [w.id],
  );

  const watch = useCallback(
    async (row: RosterRow) => {
      try {
        const { terminals } = await call(`/api/formateur/ateliers/${w.id}/apprenants/${row.learnerId}/terminaux`, terminalsSchema);
        if (terminals.length === 0) {
          setNotice({ text: `${row.name} n'a aucun terminal ouvert pour l'instant.`, error: true });
          return;
        }
        setWatching({ row, terminals, active: terminals[0]! });
      } catch (e) {
        setNotice({ text: e instanceof CallError ? e.message : "Impossible d'ouvrir ce terminal.", error: true });
      }
    },
    [w.id],
  );

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const kept = dashboard.roster.filter((r) => (!onlyHelp || r.help) && (!needle || r.name.toLowerCase().includes(needle)));
    return sortRoster(kept, sort);
  }, [dashboard.roster, filter, onlyHelp, sort]);

  const watchedControl = (watching && dashboard.roster.find((r) => r.learnerId === watching.row.learnerId)?.control) ?? "none";
  const connected = dashboard.roster.filter((r) => r.connected).length;
  const helpCount = dashboard.roster.filter((r) => r.help).length;
  const passedTotal = dashboard.roster.reduce((n, r) => n + r.passed, 0);
  const possible = dashboard.roster.length * dashboard.exercises.length;
  const code = formatJoinCode(w.joinCode);

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start gap-4">
        <div className="min-w-0 grow">
          <p className="text-sm text-slate-500 dark:text-slate-400">
            <a href="/formateur" className="hover:underline">
              Espace formateur
            </a>{" "}
            › atelier
          </p>
          <h1 className="text-2xl font-bold text-slate-900 dark:text-white">{w.title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
            <span data-testid="link-state" className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 font-medium ${link === "live" ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200" : "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"}`}>
              <span aria-hidden className={`size-2 rounded-full ${link === "live" ? "animate-pulse bg-emerald-500" : "bg-amber-500"}`} />
              {link === "live" ? "En direct" : "Reconnexion…"}
            </span>
            {!open && <span className="rounded-full bg-slate-200 px-2 py-0.5 font-medium dark:bg-slate-800">Atelier terminé</span>}
            {dashboard.reservation && (
              <span className="text-slate-500 dark:text-slate-400">
                {dashboard.reservation.seats} places réservées · {dashboard.reservation.used} occupées · <span data-testid="warm-ready">{dashboard.reservation.ready}</span> bac(s) prêt(s) d&apos;avance
              </span>
            )}
          </p>
        </div>
        <div className="flex items-center gap-4 rounded-xl bg-slate-900 p-3 pr-5 text-white shadow-lg">
          <div className="size-24 rounded bg-white p-1" dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <div>
            <p className="text-xs tracking-wide text-slate-400 uppercase">Code pour rejoindre</p>
            <p data-testid="join-code" className="font-mono text-3xl font-bold tracking-widest">
              {code}
            </p>
            <p className="text-xs text-slate-300">
              <span data-testid="join-url">{joinUrl}</span>
            </p>
            <button type="button" className="mt-1 text-xs font-semibold text-brand-300 hover:underline" onClick={() => setProjector(true)}>
              Projeter en grand
            </button>
          </div>
        </div>
      </header>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Inscrits", `${dashboard.roster.length} / ${w.capacity}`],
          ["Connectés", String(connected)],
          ["Demandes d'aide", String(helpCount)],
          ["Exercices réussis", possible ? `${passedTotal} / ${possible}` : "—"],
        ].map(([label, value]) => (
          <div key={label} className={`rounded-xl p-3 ring-1 ${label === "Demandes d'aide" && helpCount > 0 ? "bg-rose-50 ring-rose-200 dark:bg-rose-950/40 dark:ring-rose-900" : "bg-white ring-slate-200 dark:bg-slate-950 dark:ring-slate-800"}`}>
            <dt className="text-xs tracking-wide text-slate-500 uppercase">{label}</dt>
            <dd className="text-2xl font-semibold text-slate-900 tabular-nums dark:text-white">{value}</dd>
          </div>
        ))}
      </dl>

      {notice && (
        <p role={notice.error ? "alert" : "status"} className={`rounded-lg px-3 py-2 text-sm ${notice.error ? "bg-rose-50 text-rose-800 dark:bg-rose-950/50 dark:text-rose-200" : "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200"}`}>
          {notice.text}
        </p>
      )}

      {open && (
        <section aria-labelledby="controls-title" className="grid gap-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200 lg:grid-cols-[auto_auto_minmax(0,1fr)_auto] dark:bg-slate-900/60 dark:ring-slate-800">
          <h2 id="controls-title" className="sr-only">
            Commandes de la classe
          </h2>
          <form className="flex items-end gap-2" onSubmit={(e) => (e.preventDefault(), void act({ type: "prewarm", count: Number(prewarm) }))}>
            <label className="text-sm">
              <span className="block font-medium">Démarrer à l&apos;avance</span>
              <input type="number" min={0} max={w.capacity} className="input w-20" value={prewarm} onChange={(e) => setPrewarm(e.target.value)} aria-label="Nombre de bacs à sable à préparer" />
            </label>
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              Préparer
            </button>
          </form>
          <form className="flex items-end gap-2" onSubmit={(e) => (e.preventDefault(), void act({ type: "extend", minutes: Number(extendAll) }))}>
            <label className="text-sm">
              <span className="block font-medium">Prolonger tout le monde (min)</span>
              <input type="number" min={5} max={240} className="input w-20" value={extendAll} onChange={(e) => setExtendAll(e.target.value)} aria-label="Minutes à ajouter à chaque bac à sable" />
            </label>
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              Prolonger
            </button>
          </form>
          <form className="flex items-end gap-2" onSubmit={(e) => (e.preventDefault(), void act({ type: "broadcast", message: broadcast }))}>
            <label className="grow text-sm">
              <span className="block font-medium">Message à toute la classe</span>
              <input className="input w-full" maxLength={280} value={broadcast} onChange={(e) => setBroadcast(e.target.value)} placeholder={w.broadcast ?? "Pause de 10 minutes, on reprend à 15 h 30"} aria-label="Message à toute la classe" />
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {broadcast.trim() ? "Envoyer" : "Retirer"}
            </button>
          </form>
          <div className="flex items-end gap-2">
            <a className="btn btn-secondary" href={`/api/formateur/ateliers/${w.id}/export`} download>
              Export CSV
            </a>
            <button type="button" className="btn btn-secondary text-rose-700 dark:text-rose-300" disabled={busy} onClick={() => void act({ type: "end" }, "Terminer l'atelier ? Les bacs à sable de tous les apprenants seront supprimés ; leur progression est conservée.")}>
              Terminer l&apos;atelier
            </button>
          </div>
        </section>
      )}
      {!open && (
        <p className="text-sm">
          <a className="btn btn-secondary" href={`/api/formateur/ateliers/${w.id}/export`} download>
            Export CSV
          </a>
        </p>
      )}

      {open && <ClaimsPanel claims={dashboard.claims} busy={busy} onAction={(a) => void act(a)} />}

      <div className="grid gap-6 2xl:grid-cols-[minmax(0,1fr)_20rem]">
        <section aria-labelledby="roster-title" className="min-w-0 space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="roster-title" className="text-lg font-semibold text-slate-900 dark:text-white">
              La classe
            </h2>
            <span className="grow" />
            <input className="input w-48" type="search" placeholder="Filtrer par nom" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filtrer par nom" />
            <label className="inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={onlyHelp} onChange={(e) => setOnlyHelp(e.target.checked)} />
              Demandes d&apos;aide seulement
            </label>
            <label className="text-sm">
              <span className="sr-only">Trier par</span>
              <select className="input" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
                {Object.entries(SORTS).map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <RosterTable dashboard={dashboard} rows={rows} now={now} busy={busy} onWatch={(r) => void watch(r)} onAction={(a, c) => void act(a, c)} />
        </section>
        <section aria-labelledby="class-title" className="space-y-3">
          <h2 id="class-title" className="text-lg font-semibold text-slate-900 dark:text-white">
            Par exercice
          </h2>
          <ClassView dashboard={dashboard} now={now} />
        </section>
      </div>

      {watching && (
        <div role="dialog" aria-modal="true" aria-labelledby="watch-title" className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/70 p-4">
          <div className="max-h-full w-full max-w-5xl overflow-auto rounded-2xl bg-slate-900 p-5 text-slate-100 shadow-2xl">
            <div className="mb-3 flex flex-wrap items-center gap-3">
              <h2 id="watch-title" className="text-lg font-semibold">
                Terminal de {watching.row.name}
              </h2>
              {watching.terminals.length > 1 && (
                <select className="input bg-slate-800 text-slate-100" value={watching.active} onChange={(e) => setWatching({ ...watching, active: e.target.value })} aria-label="Terminal">
                  {watching.terminals.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              )}
              <span className="grow" />
              <ControlButton control={watchedControl} name={watching.row.name} busy={busy} open={open} onAction={(take) => void act({ type: "control", learner: watching.row.learnerId, take })} />
              <button type="button" className="btn btn-secondary" onClick={() => setWatching(null)}>
                Fermer
              </button>
            </div>
            <SpectatorTerminal key={watching.active} workshopId={w.id} learnerId={watching.row.learnerId} terminalId={watching.active} />
            <p className="mt-2 text-xs text-slate-400">
              {watchedControl === "granted"
                ? `Ce que vous tapez ici va dans le shell de ${watching.row.name}, qui le voit et peut reprendre la main à tout moment.`
                : "L'apprenant voit « Votre formateur regarde votre terminal » tant que cette fenêtre est ouverte. Ce que vous tapez ici ne lui parvient pas, sauf s'il accepte que vous preniez la main."}
            </p>
          </div>
        </div>
      )}

      {projector && (
        <div role="dialog" aria-modal="true" aria-label="Code de l'atelier" className="fixed inset-0 z-50 flex flex-col items-center justify-center gap-8 bg-white p-8 dark:bg-slate-950">
          <p className="text-2xl text-slate-600 dark:text-slate-300">Rejoignez l&apos;atelier « {w.title} »</p>
          <div className="size-[min(50vh,28rem)] rounded-xl bg-white p-3 ring-1 ring-slate-200" dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p className="font-mono text-7xl font-bold tracking-[0.2em] text-slate-900 dark:text-white">{code}</p>
          <p className="text-2xl text-slate-600 dark:text-slate-300">{joinUrl.replace(/\/rejoindre\/.*/, "/rejoindre")}</p>
          <button type="button" className="btn btn-secondary btn-lg" onClick={() => setProjector(false)}>
            Fermer
          </button>
        </div>
      )}
    </div>
  );
}

/** « Prendre la main » on the watched terminal: ask, wait for the learner's answer, give it back. */
function ControlButton({ control, name, busy, open, onAction }: { control: RosterRow["control"]; name: string; busy: boolean; open: boolean; onAction: (take: boolean) => void }) {
  if (!open) return null;
  if (control === "granted")
    return (
      <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => onAction(false)}>
        Rendre la main
      </button>
    );
  if (control === "asked")
    return (
      <span className="inline-flex items-center gap-2 text-sm text-amber-200">
        <span role="status">En attente de l&apos;accord de {name}…</span>
        <button type="button" className="btn btn-ghost px-2 py-1 text-slate-200" disabled={busy} onClick={() => onAction(false)}>
          Annuler la demande
        </button>
      </span>
    );
  return (
    <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => onAction(true)}>
      Prendre la main
    </button>
  );
}
