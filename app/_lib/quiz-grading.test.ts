import { describe, expect, it } from "vitest";
import { QuizAnswerError, gradeQuiz } from "./quiz-grading";

const single = { multiple: false, choices: [{ text: "A", correct: false }, { text: "B", correct: true }, { text: "C", correct: false }] };
const multiple = { multiple: true, choices: [{ text: "A", correct: true }, { text: "B", correct: false }, { text: "C", correct: true }] };

describe("gradeQuiz", () => {
  it("grades a single-choice quiz from the course, not the client", () => {
    expect(gradeQuiz(single, [1])).toEqual({ choices: [1], correct: true, correctChoices: [1] });
    expect(gradeQuiz(single, [0])).toEqual({ choices: [0], correct: false, correctChoices: [1] });
  });

  it("needs exactly the set of correct choices when several are expected", () => {
    expect(gradeQuiz(multiple, [2, 0]).correct).toBe(true);
    expect(gradeQuiz(multiple, [0]).correct).toBe(false);
    expect(gradeQuiz(multiple, [0, 1, 2]).correct).toBe(false);
    expect(gradeQuiz(multiple, [2, 0]).choices).toEqual([0, 2]);
  });

  it.each([
    [undefined, "Choisissez une réponse avant de valider."],
    [[], "Choisissez une réponse avant de valider."],
    [[3], "Cette réponse ne correspond à aucun choix proposé."],
    [["1"], "Cette réponse ne correspond à aucun choix proposé."],
    [[1.5], "Cette réponse ne correspond à aucun choix proposé."],
    [[1, 1], "Un même choix ne peut être donné qu'une fois."],
    [[0, 1], "Une seule réponse est attendue."],
  ])("rejects %j with a French message", (answer, message) => {
    expect(() => gradeQuiz(single, answer)).toThrow(new QuizAnswerError(message));
  });
});
