import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { exercisesOf, parseChapter, quizzesOf } from "./chapter";
import type { ParsedChapter } from "./chapter";
import { COURSE_FILE, lineOfString, readCourseFile } from "./course-file";
import { ContentValidationError, IssueSink, sortIssues } from "./issues";
import type { ContentIssue } from "./issues";
import { checkLinks } from "./links";
import type { Frontmatter } from "./schema";

export interface LoadOptions {
  /** Repository root: content/ and public/figures/ are read from it. Defaults to the working directory. */
  rootDir?: string;
}

export interface CourseChapter extends ParsedChapter {
  frontmatter: Frontmatter;
  /** 1-based position in the course. */
  number: number;
  partIndex: number;
  partTitle: string;
}

export interface CoursePart {
  title: string;
  chapters: CourseChapter[];
}

export interface Course {
  title: string;
  description: string | undefined;
  parts: CoursePart[];
  /** Every chapter, in course order. */
  chapters: CourseChapter[];
}

const CHAPTER_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Reads the whole course; `course` is undefined when anything is wrong, and `issues` says what. */
export function readCourse(options: LoadOptions = {}): { course: Course | undefined; issues: ContentIssue[] } {
  const rootDir = path.resolve(/*turbopackIgnore: true*/ options.rootDir ?? process.cwd());
  const chaptersDir = path.join(rootDir, "content", "chapters");
  const figuresDir = path.join(rootDir, "public", "figures");
  const issues: ContentIssue[] = [];

  const { course: courseFile, text: courseText } = readCourseFile(path.join(/*turbopackIgnore: true*/ rootDir, COURSE_FILE), issues);

  const parsed = new Map<string, ParsedChapter>();
  const fileOf = new Map<string, string>();
  const names = existsSync(chaptersDir) ? readdirSync(chaptersDir).filter((n) => n.endsWith(".md")).sort() : [];
  for (const name of names) {
    const file = `content/chapters/${name}`;
    const match = CHAPTER_FILE.exec(name);
    if (!match) {
      issues.push({ file, line: 1, message: "chapter files are named NN-slug.md (two digits, then a kebab-case slug)" });
      continue;
    }
    const slug = match[2]!;
    if (fileOf.has(slug)) {
      issues.push({ file, line: 1, message: `slug "${slug}" is already used by ${fileOf.get(slug)}` });
      continue;
    }
    fileOf.set(slug, file);
    const sink = new IssueSink(file, issues);
    try {
      parsed.set(slug, parseChapter(readFileSync(path.join(chaptersDir, name), "utf8"), { slug, figuresDir, sink }));
    } catch (error) {
      sink.add(1, `could not be parsed: ${(error as Error).message}`);
    }
  }

  const listed = new Set<string>();
  if (courseFile) {
    const seen = new Map<string, number>();
    for (const part of courseFile.parts) {
      for (const slug of part.chapters) {
        const occurrence = seen.get(slug) ?? 0;
        seen.set(slug, occurrence + 1);
        const line = lineOfString(courseText, slug, occurrence);
        if (listed.has(slug)) issues.push({ file: COURSE_FILE, line, message: `chapter "${slug}" is listed twice` });
        else if (!fileOf.has(slug)) issues.push({ file: COURSE_FILE, line, message: `chapter "${slug}" has no file content/chapters/NN-${slug}.md` });
        listed.add(slug);
      }
    }
    for (const [slug, file] of fileOf) {
      if (!listed.has(slug)) issues.push({ file, line: 1, message: `chapter "${slug}" is not listed in ${COURSE_FILE}` });
    }
  }

  issues.push(...checkUniqueIds([...parsed.values()]));
  issues.push(...checkLinks([...parsed.values()], { listed: courseFile ? listed : new Set(parsed.keys()), figuresDir }));

  if (!courseFile || issues.length > 0) return { course: undefined, issues: sortIssues(issues) };

  const chapters: CourseChapter[] = [];
  const parts: CoursePart[] = courseFile.parts.map((part, partIndex) => {
    const partChapters = part.chapters.map((slug) => {
      const source = parsed.get(slug)!;
      const chapter: CourseChapter = { ...source, frontmatter: source.frontmatter!, number: chapters.length + 1, partIndex, partTitle: part.title };
      chapters.push(chapter);
      return chapter;
    });
    return { title: part.title, chapters: partChapters };
  });
  return { course: { title: courseFile.title, description: courseFile.description, parts, chapters }, issues: [] };
}

/** Every problem of the course, sorted by file and line; empty when the course can ship. */
export function validateCourse(options: LoadOptions = {}): ContentIssue[] {
  return readCourse(options).issues;
}

/** The course, or a ContentValidationError listing every `file:line: message`. */
export function loadCourse(options: LoadOptions = {}): Course {
  const { course, issues } = readCourse(options);
  if (!course) throw new ContentValidationError(issues);
  return course;
}

/** Exercise and quiz ids share one namespace: progress is stored by id. */
function checkUniqueIds(chapters: ParsedChapter[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const seen = new Map<string, string>();
  for (const chapter of chapters) {
    const blocks = [...exercisesOf(chapter).map((b) => ({ id: b.exercise.id, line: b.line })), ...quizzesOf(chapter).map((b) => ({ id: b.quiz.id, line: b.line }))];
    for (const { id, line } of blocks.sort((a, b) => a.line - b.line)) {
      const where = `${chapter.file}:${line}`;
      const first = seen.get(id);
      if (first) issues.push({ file: chapter.file, line, message: `duplicate exercise/quiz id "${id}" (first used at ${first})` });
      else seen.set(id, where);
    }
  }
  return issues;
}
