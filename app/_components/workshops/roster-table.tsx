"use client";

import type { Dashboard, RosterRow } from "../../_lib/workshops/contract";
import { ago, timeLeft } from "./format";

export type SortKey = "help" | "name" | "progress" | "stuck" | "activity";

export const SORTS: Record<SortKey, string> = {
  help: "Demandes d'aide d'abord",
  name: "Nom",
  progress: "Progression",
  stuck: "Essais ratés",
  activity: "Dernière activité",
};

export function sortRoster(rows: RosterRow[], key: SortKey): RosterRow[] {
  const byName = (a: RosterRow, b: RosterRow) => a.name.localeCompare(b.name, "fr");
  const compare: Record<SortKey, (a: RosterRow, b: RosterRow) => number> = {
    help: (a, b) => (a.help ? 0 : 1) - (b.help ? 0 : 1) || (a.help?.at ?? "").localeCompare(b.help?.at ?? "") || byName(a, b),
    name: byName,
    progress: (a, b) => b.passed - a.passed || a.failures - b.failures || byName(a, b),
    stuck: (a, b) => b.failures - b.passed - (a.failures - a.passed) || byName(a, b),
    activity: (a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt) || byName(a, b),
  };
  return [...rows].sort(compare[key]);
}

interface Props {
  dashboard: Dashboard;
  rows: RosterRow[];
  now: number;
  busy: boolean;
  onWatch: (row: RosterRow) => void;
  onAction: (action: { type: "extend"; learner: string; minutes: number } | { type: "reset"; learner: string } | { type: "resolve-help"; learner: string }, confirmFr?: string) => void;
}

export function RosterTable({ dashboard, rows, now, busy, onWatch, onAction }: Props) {
  const total = dashboard.exercises.length;
  const chapterTitle = new Map(dashboard.chapters.map((c) => [c.slug, c.title]));
  const open = dashboard.workshop.endedAt === null;
  return (
    <div className="overflow-x-auto rounded-xl ring-1 ring-slate-200 dark:ring-slate-800">
      <table className="w-full min-w-[56rem] border-collapse text-sm" data-testid="roster">
        <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2.5">Apprenant</th>
            <th scope="col" className="px-3 py-2.5">Chapitre</th>
            <th scope="col" className="px-3 py-2.5">Exercices</th>
            <th scope="col" className="px-3 py-2.5 text-right">Essais ratés</th>
            <th scope="col" className="px-3 py-2.5">Activité</th>
            <th scope="col" className="px-3 py-2.5">Bac à sable</th>
            <th scope="col" className="px-3 py-2.5">Aide</th>
            <th scope="col" className="px-3 py-2.5 text-right">Actions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800/80">
          {rows.map((r) => {
            const pct = total === 0 ? 0 : Math.round((r.passed / total) * 100);
            const left = r.sandboxExpiresAt === null ? null : r.sandboxExpiresAt - now;
            return (
              <tr key={r.learnerId} data-testid="roster-row" data-learner={r.name} className={r.help ? "bg-rose-50/70 dark:bg-rose-950/30" : "bg-white dark:bg-slate-950"}>
                <th scope="row" className="px-3 py-2 text-left font-medium text-slate-900 dark:text-slate-100">
                  <span className="inline-flex items-center gap-2">
                    <span aria-hidden className={`size-2.5 rounded-full ${r.connected ? "bg-emerald-500 shadow-[0_0_0_3px] shadow-emerald-500/20" : "bg-slate-300 dark:bg-slate-600"}`} />
                    {r.name}
                    <span className="sr-only">{r.connected ? "(connecté)" : "(hors ligne)"}</span>
                    {r.watched && <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">regardé</span>}
                    {r.control === "granted" && <span className="rounded bg-rose-100 px-1.5 text-xs font-medium text-rose-900 dark:bg-rose-900/40 dark:text-rose-200">vous avez la main</span>}
                  </span>
                </th>
                <td className="max-w-40 truncate px-3 py-2 text-slate-600 dark:text-slate-400">{r.chapter ? (chapterTitle.get(r.chapter) ?? r.chapter) : "—"}</td>
                <td className="px-3 py-2">
                  <div className="flex items-center gap-2">
                    <div className="h-2 w-16 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden>
                      <div className="h-full rounded-full bg-emerald-500" style={{ width: `${pct}%` }} />
                    </div>
                    <span className="leading-tight whitespace-nowrap">
                      <span data-testid="passed" className="font-medium tabular-nums">
                        {r.passed}/{total}
                      </span>
                      <span className="block text-xs text-slate-500">
                        {r.attempted} tenté{r.attempted > 1 ? "s" : ""}
                      </span>
                    </span>
                  </div>
                </td>
                <td className={`px-3 py-2 text-right tabular-nums ${r.failures >= 5 ? "font-semibold text-amber-700 dark:text-amber-300" : ""}`}>{r.failures}</td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">{ago(r.lastActivityAt, now)}</td>
                <td className={`px-3 py-2 whitespace-nowrap tabular-nums ${left !== null && left < 10 * 60_000 ? "font-semibold text-rose-700 dark:text-rose-300" : "text-slate-600 dark:text-slate-400"}`}>{timeLeft(r.sandboxExpiresAt, now)}</td>
                <td className="px-3 py-2">
                  {r.help ? (
                    <span className="inline-flex flex-col gap-0.5">
                      <span data-testid="help-badge" className="inline-flex w-fit items-center gap-1 rounded-full whitespace-nowrap bg-rose-600 px-2 py-0.5 text-xs font-semibold text-white">
                        Aide · {ago(r.help.at, now)}
                      </span>
                      {r.help.message && <span className="line-clamp-2 max-w-52 text-xs text-rose-900 dark:text-rose-200">« {r.help.message} »</span>}
                    </span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="px-3 py-2">
                  <div className="flex justify-end gap-1">
                    {r.help && (
                      <button type="button" className="btn btn-secondary px-2 py-1 text-xs" disabled={busy} onClick={() => onAction({ type: "resolve-help", learner: r.learnerId })}>
                        Résolu
                      </button>
                    )}
                    <button type="button" className="btn btn-secondary px-2 py-1 text-xs" disabled={r.sandboxExpiresAt === null} onClick={() => onWatch(r)} aria-label={`Regarder le terminal de ${r.name}`}>
                      Regarder
                    </button>
                    {open && (
                      <>
                        <button type="button" className="btn btn-ghost px-2 py-1 text-xs" disabled={busy || r.sandboxExpiresAt === null} onClick={() => onAction({ type: "extend", learner: r.learnerId, minutes: 15 })} aria-label={`Prolonger de 15 minutes le bac à sable de ${r.name}`}>
                          +15 min
                        </button>
                        <button
                          type="button"
                          className="btn btn-ghost px-2 py-1 text-xs text-rose-700 dark:text-rose-300"
                          disabled={busy || r.sandboxExpiresAt === null}
                          onClick={() => onAction({ type: "reset", learner: r.learnerId }, `Supprimer le bac à sable de ${r.name} ? Ses conteneurs et ses fichiers seront perdus (sa progression reste).`)}
                          aria-label={`Réinitialiser le bac à sable de ${r.name}`}
                        >
                          Réinit.
                        </button>
                      </>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
          {rows.length === 0 && (
            <tr>
              <td colSpan={8} className="px-3 py-10 text-center text-slate-500">
                Personne pour l&apos;instant. Projetez le code : les apprenants apparaîtront ici dès qu&apos;ils rejoignent.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
