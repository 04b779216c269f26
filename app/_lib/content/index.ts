/** The course content pipeline: the only entry point the site and scripts use. */
export { loadCourse, readCourse, validateCourse } from "./course";
export type { Course, CourseChapter, CoursePart, LoadOptions } from "./course";
export { exercisesOf, quizzesOf } from "./chapter";
export type { Heading } from "./chapter";
export { exerciseAnchor, quizAnchor } from "./anchors";
export { ContentValidationError, formatIssue } from "./issues";
export type { ContentIssue } from "./issues";
export type { Block, BlockKind, BlockOf } from "./blocks/types";
export type { Exercise, Quiz } from "./schema";
export { buildSearchIndex } from "./search-index";
export type { SearchIndex } from "./search-index";
