import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { loadCourse } from "./content";
import type { Course, CourseChapter, Exercise, Quiz } from "./content";

let cached: { course: Course; signature: string } | undefined;

/**
 * The course, validated (any content error throws, which fails `next build`).
 * Loaded once in production; in development it is reloaded when a file of
 * content/ or public/figures/ changes, so authors see their edits.
 */
export function getCourse(): Course {
  if (cached && (process.env.NODE_ENV !== "development" || cached.signature === contentSignature())) return cached.course;
  const signature = process.env.NODE_ENV === "development" ? contentSignature() : "";
  cached = { course: loadCourse(), signature };
  return cached.course;
}

/** Names and modification times of every content file: cheap to compute, changes on any edit. */
function contentSignature(): string {
  const root = process.cwd();
  const parts: string[] = [];
  for (const dir of ["content", "content/chapters", "public/figures"]) {
    const absolute = path.join(/*turbopackIgnore: true*/ root, dir);
    let names: string[];
    try {
      names = readdirSync(absolute);
    } catch {
      continue;
    }
    for (const name of names) parts.push(`${dir}/${name}:${statSync(path.join(/*turbopackIgnore: true*/ absolute, name)).mtimeMs}`);
  }
  return parts.join("|");
}

export function getChapter(slug: string): CourseChapter | undefined {
  return getCourse().chapters.find((c) => c.slug === slug);
}

export function findExercise(id: string): { exercise: Exercise; chapter: CourseChapter } | undefined {
  for (const chapter of getCourse().chapters) {
    for (const block of chapter.blocks) {
      if (block.kind === "exercise" && block.exercise.id === id) return { exercise: block.exercise, chapter };
    }
  }
  return undefined;
}

export function findQuiz(id: string): { quiz: Quiz; chapter: CourseChapter } | undefined {
  for (const chapter of getCourse().chapters) {
    for (const block of chapter.blocks) {
      if (block.kind === "quiz" && block.quiz.id === id) return { quiz: block.quiz, chapter };
    }
  }
  return undefined;
}

export function neighbours(slug: string): { previous: CourseChapter | undefined; next: CourseChapter | undefined } {
  const chapters = getCourse().chapters;
  const i = chapters.findIndex((c) => c.slug === slug);
  return { previous: i > 0 ? chapters[i - 1] : undefined, next: i >= 0 ? chapters[i + 1] : undefined };
}
