import { ChapterCard } from "./_components/home/chapter-card";
import { ChapterProgress, CourseProgress } from "./_components/progress/chapter-progress";
import { LearnerNameForm } from "./_components/progress/learner-name-form";
import { ResumeLink } from "./_components/progress/resume-link";
import { exercisesOf, quizzesOf } from "./_lib/content";
import { getCourse } from "./_lib/course";
import { formatDuration } from "./_lib/format";

export default function Home() {
  const course = getCourse();
  const chapters = course.chapters.map((c) => ({ slug: c.slug, title: c.frontmatter.title, exerciseIds: exercisesOf(c).map((b) => b.exercise.id) }));
  const allExercises = chapters.flatMap((c) => c.exerciseIds);
  const minutes = course.chapters.reduce((sum, c) => sum + c.frontmatter.duration, 0);
  const quizCount = course.chapters.reduce((sum, c) => sum + quizzesOf(c).length, 0);

  return (
    <main id="contenu">
      <section className="hero border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto grid max-w-6xl gap-10 px-4 py-12 sm:px-6 md:py-16 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-center">
          <div>
            <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">Cours complet, en français, avec travaux pratiques</p>
            <h1 className="mt-3 text-4xl font-bold tracking-tight text-balance text-slate-900 sm:text-5xl dark:text-white">{course.title}</h1>
            <p className="mt-5 max-w-2xl text-lg leading-relaxed text-pretty text-slate-600 dark:text-slate-300">
              {course.description ??
                "Apprenez Docker pas à pas, avec votre propre hôte Docker à côté de chaque chapitre : exécutez les commandes d'un clic, écrivez vos Dockerfile et faites vérifier vos exercices."}
            </p>
            <dl className="mt-7 flex flex-wrap gap-x-8 gap-y-3 text-sm">
              <Stat value={String(course.chapters.length)} label="chapitres" />
              <Stat value={formatDuration(minutes)} label="de travail" />
              <Stat value={String(allExercises.length)} label="exercices vérifiés" />
              <Stat value={String(quizCount)} label="quiz" />
            </dl>
            <div className="mt-8 flex flex-wrap gap-3">
              <ResumeLink chapters={chapters} />
              <a href="#plan" className="btn btn-secondary btn-lg">
                Voir le plan
              </a>
            </div>
          </div>
          <div className="card space-y-6 p-5 sm:p-6">
            <CourseProgress exerciseIds={allExercises} />
            <div className="border-t border-slate-200 pt-5 dark:border-slate-800">
              <LearnerNameForm />
            </div>
          </div>
        </div>
      </section>

      <section id="plan" className="mx-auto max-w-6xl scroll-mt-16 px-4 py-12 sm:px-6">
        <h2 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">Le plan du cours</h2>
        <p className="mt-2 text-slate-600 dark:text-slate-400">Chaque chapitre se lit dans l&apos;ordre ; les exercices se font dans votre bac à sable, qui reste le même d&apos;un chapitre à l&apos;autre.</p>
        <ol className="mt-10 space-y-12">
          {course.parts.map((part, partIndex) => (
            <li key={part.title}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b border-slate-200 pb-3 dark:border-slate-800">
                <span className="text-xs font-semibold uppercase tracking-[0.1em] text-brand-700 dark:text-brand-300">Partie {partIndex + 1}</span>
                <h3 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-white">{part.title}</h3>
                <span className="ml-auto text-sm text-slate-500 dark:text-slate-400">{formatDuration(part.chapters.reduce((s, c) => s + c.frontmatter.duration, 0))}</span>
              </div>
              <ol className="mt-5 grid gap-4 md:grid-cols-2">
                {part.chapters.map((chapter) => (
                  <ChapterCard key={chapter.slug} chapter={chapter} progress={<ChapterProgress exerciseIds={exercisesOf(chapter).map((b) => b.exercise.id)} />} />
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </section>

      <footer className="border-t border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-8 text-sm text-slate-500 sm:px-6 dark:text-slate-400">
          <span>Quai — un bac à sable Docker dans le navigateur, hébergé chez vous.</span>
          <a href="#plan" className="hover:text-slate-900 dark:hover:text-white">
            Revenir au plan
          </a>
        </div>
      </footer>
    </main>
  );
}

function Stat({ value, label }: { value: string; label: string }) {
  return (
    // A <dl> group holds only <dt> and <dd>: the label comes first for screen readers, second on screen.
    <div className="flex flex-row-reverse items-baseline justify-end gap-1.5">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums tracking-tight text-slate-900 dark:text-white">{value}</dd>
    </div>
  );
}
