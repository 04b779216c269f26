import type { BlockOf } from "../../_lib/content";
import { quizAnchor } from "../../_lib/content/anchors";
import { renderHast } from "../markdown/hast-to-react";
import { QuizPanel } from "./quiz-panel";

/**
 * A quiz: the question and choices render on the server; which choice is
 * correct never leaves it (the panel learns it from the answer endpoint).
 */
export function QuizCard({ block }: { block: BlockOf<"quiz"> }) {
  const { quiz } = block;
  return (
    <section id={quizAnchor(quiz.id)} className="quiz not-prose" aria-labelledby={`${quizAnchor(quiz.id)}-question`}>
      <span className="badge badge-quiz">Quiz{quiz.multiple ? " · plusieurs réponses" : ""}</span>
      <div id={`${quizAnchor(quiz.id)}-question`} className="prose-quai prose-compact mt-2 font-medium text-slate-900 dark:text-white">
        {renderHast(block.question)}
      </div>
      <QuizPanel
        id={quiz.id}
        multiple={quiz.multiple}
        choices={block.choices.map((choice, i) => (
          <span key={i} className="prose-quai prose-compact prose-inline">
            {renderHast(choice)}
          </span>
        ))}
        explanation={<div className="prose-quai prose-compact">{renderHast(block.explanation)}</div>}
      />
    </section>
  );
}
