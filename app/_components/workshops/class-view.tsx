import type { Dashboard } from "../../_lib/workshops/contract";
import { exerciseSummary } from "../../_lib/workshops/dashboard";
import { ago } from "./format";

/** Per exercise: how many passed, how many are trying, and who has been stuck longest. */
export function ClassView({ dashboard, now }: { dashboard: Dashboard; now: number }) {
  const size = dashboard.roster.length;
  const rows = exerciseSummary(dashboard);
  return (
    <ol className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-1" data-testid="class-view">
      {rows.map(({ exercise, passed, trying, stuck }) => (
        <li key={exercise.id} className="rounded-lg bg-white p-3 ring-1 ring-slate-200 dark:bg-slate-950 dark:ring-slate-800">
          <div className="flex items-baseline gap-2">
            <span className="font-medium text-slate-900 dark:text-slate-100">{exercise.title}</span>
            <span className="grow" />
            <span className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
              <strong className="text-emerald-700 dark:text-emerald-400">{passed}</strong>/{size} réussi{passed > 1 ? "s" : ""} · {trying} en cours
            </span>
          </div>
          <div className="mt-2 flex h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden>
            <div className="bg-emerald-500" style={{ width: `${size ? (passed / size) * 100 : 0}%` }} />
            <div className="bg-amber-400" style={{ width: `${size ? (trying / size) * 100 : 0}%` }} />
          </div>
          {stuck.length > 0 && (
            <p className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
              Bloqués depuis le plus longtemps :{" "}
              {stuck.slice(0, 3).map((s, i) => (
                <span key={s.learnerId}>
                  {i > 0 && ", "}
                  <strong>{s.name}</strong> ({ago(s.since, now).replace("il y a ", "")}, {s.failures} échec{s.failures > 1 ? "s" : ""})
                </span>
              ))}
            </p>
          )}
        </li>
      ))}
      {rows.length === 0 && <li className="text-sm text-slate-500">Les chapitres de cet atelier n&apos;ont pas d&apos;exercice vérifié.</li>}
    </ol>
  );
}
