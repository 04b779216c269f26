import { z } from "zod";
import { CHAPTER_SLUG } from "@quai/sandbox-runner/protocol";

/**
 * The shapes authors write: course.json, chapter frontmatter, and the YAML of
 * `exercise` and `quiz` blocks. Messages are English (developer-facing) and
 * end up in `file:line: …` errors.
 */

const SLUG = CHAPTER_SLUG;
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be empty`);

export const courseFileSchema = z.strictObject({
  title: nonEmpty("title"),
  description: nonEmpty("description").optional(),
  parts: z
    .array(
      z.strictObject({
        title: nonEmpty("part title"),
        chapters: z.array(z.string().regex(SLUG, "chapter slug must be kebab-case")).min(1, "a part needs at least one chapter"),
      }),
    )
    .min(1, "the course needs at least one part"),
});
export type CourseFile = z.output<typeof courseFileSchema>;

export const frontmatterSchema = z.strictObject({
  title: nonEmpty("title"),
  description: nonEmpty("description"),
  duration: z.number({ error: "duration must be a number of minutes" }).int("duration must be an integer (minutes)").min(1).max(600),
  sandbox: z.boolean({ error: "sandbox must be true or false" }),
  objectives: z.array(nonEmpty("objective"), { error: "objectives must be a list" }).min(2, "objectives needs 2 to 6 items").max(6, "objectives needs 2 to 6 items"),
});
export type Frontmatter = z.output<typeof frontmatterSchema>;

/** A plausible mistake and what the check must say about it (proved by check:course). */
export const wrongAttemptSchema = z.strictObject({
  attempt: nonEmpty("attempt"),
  says: nonEmpty("says"),
});
export type WrongAttempt = z.output<typeof wrongAttemptSchema>;

export const exerciseSchema = z.strictObject({
  id: z.string({ error: "id must be a string" }).regex(ID, "id must be kebab-case (a-z, 0-9, -)"),
  title: nonEmpty("title"),
  statement: nonEmpty("statement"),
  hints: z.array(nonEmpty("hint"), { error: "hints must be a list" }).min(1, "hints needs 1 to 3 items").max(3, "hints needs 1 to 3 items"),
  check: nonEmpty("check"),
  solution: nonEmpty("solution"),
  /**
   * The exercise of the same chapter this one continues (a project built
   * step by step): its proof in a fresh sandbox first runs that exercise's
   * solution, and so on up the chain, as the learner will have done.
   */
  after: z.string({ error: "after must be an exercise id" }).regex(ID, "after must be an exercise id (kebab-case)").optional(),
  wrong: z
    .array(wrongAttemptSchema, { error: "wrong must be a list of { attempt, says }" })
    .min(1, "wrong needs 1 to 4 plausible mistaken attempts")
    .max(4, "wrong needs 1 to 4 plausible mistaken attempts"),
});
export type Exercise = z.output<typeof exerciseSchema>;

export const quizSchema = z
  .strictObject({
    id: z.string({ error: "id must be a string" }).regex(ID, "id must be kebab-case (a-z, 0-9, -)"),
    question: nonEmpty("question"),
    multiple: z.boolean({ error: "multiple must be true or false" }).default(false),
    choices: z
      .array(z.strictObject({ text: nonEmpty("choice text"), correct: z.boolean({ error: "correct must be true or false" }).default(false) }), {
        error: "choices must be a list",
      })
      .min(2, "choices needs 2 to 6 items")
      .max(6, "choices needs 2 to 6 items"),
    explanation: nonEmpty("explanation"),
  })
  .superRefine((quiz, ctx) => {
    const correct = quiz.choices.filter((c) => c.correct).length;
    if (!quiz.multiple && correct !== 1) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: `exactly one choice must have correct: true (found ${correct}); set multiple: true for several` });
    }
    if (quiz.multiple && correct < 1) {
      ctx.addIssue({ code: "custom", path: ["choices"], message: "at least one choice must have correct: true" });
    }
  });
export type Quiz = z.output<typeof quizSchema>;
