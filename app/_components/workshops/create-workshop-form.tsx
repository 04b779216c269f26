"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import type { ChapterInfo } from "../../_lib/workshops/contract";
import { workshopSchema } from "../../_lib/workshops/contract";
import { call, CallError } from "./call";

const created = z.object({ workshop: workshopSchema });

/** A datetime-local value (the browser's local time) for `date`. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

export function CreateWorkshopForm({ chapters }: { chapters: ChapterInfo[] }) {
  const router = useRouter();
  const [now] = useState(() => new Date());
  const [title, setTitle] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState(() => localInput(now));
  const [endsAt, setEndsAt] = useState(() => localInput(new Date(now.getTime() + 3 * 3600_000)));
  const [capacity, setCapacity] = useState("20");
  const [minutes, setMinutes] = useState("180");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        title,
        chapters: chapters.map((c) => c.slug).filter((s) => picked.includes(s)),
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        capacity: Number(capacity),
        sandboxMinutes: Number(minutes),
      };
      const { workshop } = await call("/api/formateur/ateliers", created, { method: "POST", body });
      router.push(`/formateur/ateliers/${workshop.id}`);
    } catch (e) {
      setError(e instanceof CallError ? e.message : "La création a échoué. Réessayez.");
      setBusy(false);
    }
  };

  return (
    <form
      className="card space-y-5 p-6"
      aria-labelledby="create-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="create-title" className="text-lg font-semibold text-slate-900 dark:text-white">
        Nouvel atelier
      </h2>
      <div className="space-y-1.5">
        <label htmlFor="ws-title" className="block text-sm font-semibold">
          Titre
        </label>
        <input id="ws-title" className="input w-full" maxLength={120} required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Docker, première journée" />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Chapitres couverts</legend>
        <div className="grid max-h-64 gap-1 overflow-y-auto rounded-lg border border-slate-200 p-2 sm:grid-cols-2 dark:border-slate-800">
          {chapters.map((c) => (
            <label key={c.slug} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-50 dark:hover:bg-slate-900">
              <input type="checkbox" checked={picked.includes(c.slug)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, c.slug] : p.filter((s) => s !== c.slug)))} />
              {c.title}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="ws-start" className="block text-sm font-semibold">
            Début
          </label>
          <input id="ws-start" type="datetime-local" className="input w-full" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="ws-end" className="block text-sm font-semibold">
            Fin
          </label>
          <input id="ws-end" type="datetime-local" className="input w-full" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="ws-capacity" className="block text-sm font-semibold">
            Places
          </label>
          <input id="ws-capacity" type="number" min={1} max={200} className="input w-full" required value={capacity} onChange={(e) => setCapacity(e.target.value)} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="ws-minutes" className="block text-sm font-semibold">
            Durée de vie d&apos;un bac à sable (minutes)
          </label>
          <input id="ws-minutes" type="number" min={15} max={720} className="input w-full" required value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </div>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950/50 dark:text-rose-200">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-lg" disabled={busy}>
        Créer l&apos;atelier
      </button>
    </form>
  );
}
