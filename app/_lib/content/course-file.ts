import { existsSync, readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { ContentIssue } from "./issues";
import { courseFileSchema } from "./schema";
import type { CourseFile } from "./schema";
import { formatPath } from "./yaml-block";

export const COURSE_FILE = "content/course.json";

/** Reads and validates content/course.json, the course navigation. */
export function readCourseFile(absolutePath: string, issues: ContentIssue[]): { course: CourseFile | undefined; text: string } {
  const add = (line: number, message: string) => issues.push({ file: COURSE_FILE, line, message });
  if (!existsSync(absolutePath)) {
    add(1, `missing: ${COURSE_FILE} lists the parts and their chapters (see docs/authoring.md)`);
    return { course: undefined, text: "" };
  }
  const text = readFileSync(absolutePath, "utf8");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, " ");
    add(jsonErrorLine(text, message), `invalid JSON: ${message}`);
    return { course: undefined, text };
  }
  const result = courseFileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const at = issue.path.length ? `"${formatPath(issue.path)}": ` : "";
      const value = valueAt(data, issue.path);
      const line = typeof value === "string" ? lineOfString(text, value) : 1;
      add(line, `${at}${issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}` : issue.message}`);
    }
    return { course: undefined, text };
  }
  return { course: result.data, text };
}

/** The line of the `occurrence`-th (0-based) appearance of the JSON string `"value"` (1 when absent). */
export function lineOfString(text: string, value: string, occurrence = 0): number {
  const needle = JSON.stringify(value);
  let index = text.indexOf(needle);
  for (let i = 0; i < occurrence && index !== -1; i++) index = text.indexOf(needle, index + needle.length);
  return index === -1 ? 1 : lineAt(text, index);
}

/**
 * V8 does not always say where JSON broke (Node 20 often gives no position):
 * the YAML parser, a JSON superset, usually locates the same mistake.
 */
function jsonErrorLine(text: string, message: string): number {
  const position = /position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  const lineCounter = new LineCounter();
  const error = parseDocument(text, { lineCounter }).errors[0];
  return error ? lineCounter.linePos(error.pos[0]).line : 1;
}

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
