import { JoinForm } from "./join-form";

export function JoinPage({ code }: { code: string }) {
  return (
    <main id="contenu" className="mx-auto max-w-md px-4 py-14">
      <h1 className="mb-2 text-2xl font-bold text-slate-900 dark:text-white">Rejoindre un atelier</h1>
      <p className="mb-8 text-slate-600 dark:text-slate-400">Saisissez le code affiché par votre formateur et le nom sous lequel il vous verra. Revenez avec le même navigateur : vous retrouverez votre place et votre progression.</p>
      <JoinForm initialCode={code} />
    </main>
  );
}
