import type { Code } from "mdast";
import type { TransformContext } from "../context";
import { quizSchema } from "../schema";
import { parseYamlBlock } from "../yaml-block";
import { fragmentToHast } from "./fragment";
import type { QuizBlock } from "./types";

/** A fenced `quiz` block: YAML validated (exactly one correct choice unless `multiple`). */
export function quizBlock(node: Code, line: number, ctx: TransformContext): QuizBlock | undefined {
  const parsed = parseYamlBlock(quizSchema, node.value, { firstLine: line + 1, sink: ctx.sink, what: "quiz" });
  if (!parsed) return undefined;
  const { data: quiz, textLine } = parsed;
  const what = `quiz "${quiz.id}"`;
  return {
    kind: "quiz",
    line,
    quiz,
    question: fragmentToHast(quiz.question, textLine(["question"]), ctx, `${what} question`),
    choices: quiz.choices.map((choice, i) => fragmentToHast(choice.text, textLine(["choices", i, "text"]), ctx, `${what} choice ${i + 1}`)),
    explanation: fragmentToHast(quiz.explanation, textLine(["explanation"]), ctx, `${what} explanation`),
  };
}
