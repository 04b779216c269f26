"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { call, CallError } from "./call";

const signedIn = z.object({ trainer: z.object({ name: z.string(), admin: z.boolean() }) });

export function SignInForm() {
  const router = useRouter();
  const [name, setName] = useState("admin");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card space-y-5 p-6"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await call("/api/formateur/session", signedIn, { method: "POST", body: { name, password } });
          router.refresh();
        } catch (err) {
          setError(err instanceof CallError ? err.message : "Connexion impossible. Réessayez.");
          setBusy(false);
        }
      }}
    >
      <div className="space-y-1.5">
        <label htmlFor="trainer-name" className="block text-sm font-semibold text-slate-900 dark:text-slate-100">
          Identifiant
        </label>
        <input id="trainer-name" className="input w-full" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required maxLength={64} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="trainer-password" className="block text-sm font-semibold text-slate-900 dark:text-slate-100">
          Mot de passe
        </label>
        <input id="trainer-password" type="password" className="input w-full" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={256} />
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Celui que <code>npm start</code> a affiché au premier démarrage (fichier <code>.data/trainer-password</code>), ou celui de <code>QUAI_TRAINER_PASSWORD</code>.
        </p>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950/50 dark:text-rose-200">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-lg w-full" disabled={busy}>
        Se connecter
      </button>
    </form>
  );
}
