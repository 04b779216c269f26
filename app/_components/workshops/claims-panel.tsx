"use client";

import type { Dashboard, WorkshopAction } from "../../_lib/workshops/contract";

/**
 * Someone joined under a name a member already has (another browser): the
 * trainer confirms it is them (that browser takes the member's place and
 * progress) or refuses (they choose another name). Shown above the roster
 * while requests wait.
 */
export function ClaimsPanel({ claims, busy, onAction }: { claims: Dashboard["claims"]; busy: boolean; onAction: (action: WorkshopAction) => void }) {
  if (claims.length === 0) return null;
  return (
    <section aria-labelledby="claims-title" className="space-y-2 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300 dark:bg-amber-950/40 dark:ring-amber-800">
      <h2 id="claims-title" className="font-semibold text-amber-900 dark:text-amber-100">
        {claims.length === 1 ? "Une personne demande à reprendre sa place" : `${claims.length} personnes demandent à reprendre leur place`}
      </h2>
      <ul className="space-y-2">
        {claims.map((c) => (
          <li key={c.id} data-testid="claim" className="flex flex-wrap items-center gap-3">
            <span className="text-sm text-amber-950 dark:text-amber-50">
              Quelqu&apos;un rejoint l&apos;atelier sous le nom « <strong>{c.name}</strong> » depuis un autre navigateur.
            </span>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onAction({ type: "claim", claim: c.id, accept: true })}>
              C&apos;est bien {c.name}
            </button>
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => onAction({ type: "claim", claim: c.id, accept: false })}>
              C&apos;est quelqu&apos;un d&apos;autre
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
