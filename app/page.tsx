export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-4xl font-bold tracking-tight">Quai</h1>
      <p className="mt-4 text-lg text-slate-600 dark:text-slate-300">
        Apprenez Docker dans votre navigateur, avec votre propre hôte Docker à côté de chaque chapitre.
      </p>
    </main>
  );
}
