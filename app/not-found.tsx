import Link from "next/link";

export default function NotFound() {
  return (
    <main id="contenu" className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-widest text-brand-600 dark:text-brand-400">Erreur 404</p>
      <h1 className="mt-3 text-3xl font-bold tracking-tight text-slate-900 dark:text-white">Cette page n&apos;existe pas</h1>
      <p className="mt-4 text-slate-600 dark:text-slate-400">Le chapitre a peut-être changé de nom. Retrouvez-le depuis le plan du cours.</p>
      <Link href="/" className="btn btn-primary mt-8">
        Retour au plan du cours
      </Link>
    </main>
  );
}
