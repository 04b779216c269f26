"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { call, CallError } from "./call";

const joined = z.object({ workshop: z.object({ id: z.string(), title: z.string(), firstChapter: z.string().nullable() }) });

/** « Rejoindre un atelier »: the code (prefilled from a join link) and a display name. */
export function JoinForm({ initialCode }: { initialCode: string }) {
  const router = useRouter();
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { workshop } = await call("/api/ateliers/rejoindre", joined, { method: "POST", body: { code, name } });
      router.push(workshop.firstChapter ? `/cours/${workshop.firstChapter}` : "/");
      router.refresh();
    } catch (e) {
      setError(e instanceof CallError ? e.message : "Impossible de rejoindre l'atelier. Réessayez.");
      setBusy(false);
    }
  };

  return (
    <form
      className="card space-y-5 p-6"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="space-y-1.5">
        <label htmlFor="join-code" className="block text-sm font-semibold text-slate-900 dark:text-slate-100">
          Code de l&apos;atelier
        </label>
        <input id="join-code" className="input w-full font-mono text-lg tracking-widest uppercase" autoComplete="off" spellCheck={false} maxLength={12} placeholder="K7QM-3XPA" value={code} onChange={(e) => setCode(e.target.value)} required />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="join-name" className="block text-sm font-semibold text-slate-900 dark:text-slate-100">
          Votre nom
        </label>
        <input id="join-name" className="input w-full" autoComplete="name" maxLength={40} placeholder="Prénom N." value={name} onChange={(e) => setName(e.target.value)} required />
        <p className="text-sm text-slate-500 dark:text-slate-400">Le nom que votre formateur verra. Aucun compte n&apos;est créé.</p>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950/50 dark:text-rose-200">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-lg w-full" disabled={busy}>
        Rejoindre l&apos;atelier
      </button>
    </form>
  );
}
