"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { claimStateSchema, joinResultSchema } from "../../_lib/workshops/contract";
import { useHydrated } from "../ui/use-hydrated";
import { call, CallError } from "./call";

/** How often a browser waiting for the trainer's confirmation asks again. */
const CLAIM_POLL_MS = 2_000;

/** « Rejoindre un atelier »: the code (prefilled from a join link) and a display name. */
export function JoinForm({ initialCode }: { initialCode: string }) {
  const router = useRouter();
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The name a member already has, while the trainer has to confirm that it is this person.
  const [claimed, setClaimed] = useState<string | null>(null);
  const hydrated = useHydrated();

  const enter = useCallback(
    (firstChapter: string | null) => {
      router.push(firstChapter ? `/cours/${firstChapter}` : "/");
      router.refresh();
    },
    [router],
  );

  useEffect(() => {
    if (claimed === null) return;
    let stopped = false;
    const timer = setInterval(() => {
      call("/api/ateliers/rejoindre/demande", claimStateSchema)
        .then((state) => {
          if (stopped || state.status === "pending") return;
          setClaimed(null);
          if (state.status === "accepted") return enter(state.workshop.firstChapter);
          setBusy(false);
          setError(
            state.status === "refused"
              ? `Votre formateur n'a pas confirmé que vous êtes « ${state.name} » : choisissez un autre nom (ajoutez par exemple l'initiale de votre nom de famille).`
              : "Votre demande n'est plus en attente : rejoignez l'atelier à nouveau.",
          );
        })
        .catch(() => undefined); // a blip: the next tick asks again
    }, CLAIM_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [claimed, enter]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await call("/api/ateliers/rejoindre", joinResultSchema, { method: "POST", body: { code, name } });
      if ("claim" in result) setClaimed(result.claim.name);
      else enter(result.workshop.firstChapter);
    } catch (e) {
      setError(e instanceof CallError ? e.message : "Impossible de rejoindre l'atelier. Réessayez.");
      setBusy(false);
    }
  };

  if (claimed !== null) {
    return (
      <div className="card space-y-3 p-6" role="status">
        <p className="font-semibold text-slate-900 dark:text-slate-100">« {claimed} » participe déjà à cet atelier.</p>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Si c&apos;est bien vous, sur un autre navigateur ou un autre ordinateur, votre formateur va le confirmer : vous retrouverez alors votre progression. Gardez cette page ouverte…
        </p>
      </div>
    );
  }

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
      <button type="submit" className="btn btn-primary btn-lg w-full" disabled={busy || !hydrated}>
        Rejoindre l&apos;atelier
      </button>
    </form>
  );
}
