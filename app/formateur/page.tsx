import type { Metadata } from "next";
import Link from "next/link";
import { CreateWorkshopForm } from "../_components/workshops/create-workshop-form";
import { SignInForm } from "../_components/workshops/sign-in-form";
import { SignOutButton } from "../_components/workshops/sign-out-button";
import { getCourse } from "../_lib/course";
import { formatJoinCode } from "../_lib/workshops/contract";
import { getWorkshopStore, trainerOrNull } from "../_lib/workshops/server";

export const metadata: Metadata = { title: "Espace formateur" };
export const dynamic = "force-dynamic";

const when = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" });

export default async function TrainerHome() {
  const trainer = await trainerOrNull();
  if (!trainer) {
    return (
      <main id="contenu" className="mx-auto max-w-md px-4 py-14">
        <h1 className="mb-2 text-2xl font-bold text-slate-900 dark:text-white">Espace formateur</h1>
        <p className="mb-8 text-slate-600 dark:text-slate-400">Connectez-vous pour préparer un atelier et suivre votre classe en direct.</p>
        <SignInForm />
      </main>
    );
  }
  const store = getWorkshopStore();
  const workshops = await store.list(trainer.admin ? null : trainer.name);
  const chapters = getCourse().chapters.map((c) => ({ slug: c.slug, title: c.frontmatter.title }));
  return (
    <main id="contenu" className="mx-auto max-w-6xl px-4 py-10">
      <div className="mb-8 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-white">Espace formateur</h1>
        <span className="badge">{trainer.admin ? "administrateur : tous les ateliers" : trainer.name}</span>
        <span className="grow" />
        <SignOutButton />
      </div>
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_28rem]">
        <section aria-labelledby="list-title">
          <h2 id="list-title" className="mb-3 text-lg font-semibold text-slate-900 dark:text-white">
            Vos ateliers
          </h2>
          {workshops.length === 0 ? (
            <p className="card p-6 text-slate-600 dark:text-slate-400">Aucun atelier pour l&apos;instant : créez le premier avec le formulaire.</p>
          ) : (
            <ul className="space-y-3">
              {workshops.map((w) => {
                const open = store.isOpen(w);
                return (
                  <li key={w.id}>
                    <Link href={`/formateur/ateliers/${w.id}`} className="card flex flex-wrap items-center gap-x-4 gap-y-1 p-4 hover:ring-brand-400">
                      <span className="font-semibold text-slate-900 dark:text-white">{w.title}</span>
                      <span className={`badge ${open ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200" : ""}`}>{open ? "ouvert" : "terminé"}</span>
                      <span className="grow" />
                      <span className="font-mono text-sm">{formatJoinCode(w.joinCode)}</span>
                      <span className="w-full text-sm text-slate-500 dark:text-slate-400">
                        {when.format(new Date(w.startsAt))} → {when.format(new Date(w.endsAt))} · {w.capacity} places{trainer.admin ? ` · ${w.trainer}` : ""}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <CreateWorkshopForm chapters={chapters} />
      </div>
    </main>
  );
}
