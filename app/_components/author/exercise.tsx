import type { BlockOf } from "../../_lib/content";
import { exerciseAnchor } from "../../_lib/content/anchors";
import { renderHast } from "../markdown/hast-to-react";
import { CommandBlock } from "./command-block";
import { ExercisePanel } from "./exercise-panel";
import { ExerciseStatus } from "./exercise-status";

/** An exercise: statement on the server; checking, hints and solution in a small client panel. */
export function ExerciseCard({ block }: { block: BlockOf<"exercise"> }) {
  const { exercise } = block;
  return (
    <section id={exerciseAnchor(exercise.id)} className="exercise not-prose" aria-labelledby={`${exerciseAnchor(exercise.id)}-titre`}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="badge badge-exercise">Exercice</span>
        <h3 id={`${exerciseAnchor(exercise.id)}-titre`} className="text-lg font-semibold tracking-tight text-slate-900 dark:text-white">
          {block.title}
        </h3>
        <ExerciseStatus id={exercise.id} />
      </header>
      <div className="prose-quai prose-compact mt-3">{renderHast(block.statement)}</div>
      <ExercisePanel
        id={exercise.id}
        hints={block.hints.map((hint, i) => (
          <div key={i} className="prose-quai prose-compact">
            {renderHast(hint)}
          </div>
        ))}
        solution={<CommandBlock block={{ code: exercise.solution, lang: "sh", runnable: true }} />}
      />
    </section>
  );
}
