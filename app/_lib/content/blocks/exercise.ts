import type { Code } from "mdast";
import type { TransformContext } from "../context";
import { exerciseSchema } from "../schema";
import { parseYamlBlock } from "../yaml-block";
import { fragmentToHast } from "./fragment";
import { findInteractiveFlags } from "./interactive-flags";
import type { ExerciseBlock } from "./types";

/** A fenced `exercise` block: YAML validated, markdown fields rendered, scripts linted. */
export function exerciseBlock(node: Code, line: number, ctx: TransformContext): ExerciseBlock | undefined {
  const firstLine = line + 1;
  const parsed = parseYamlBlock(exerciseSchema, node.value, { firstLine, sink: ctx.sink, what: "exercise" });
  if (!parsed) return undefined;
  const { data: exercise, textLine } = parsed;
  const what = `exercise "${exercise.id}"`;

  if (!ctx.sandbox) {
    ctx.sink.add(line, `${what}: this chapter has sandbox: false, so an exercise cannot be checked here`);
  }
  for (const field of ["solution", "check"] as const) {
    for (const hit of findInteractiveFlags(exercise[field])) {
      const at = scriptLine(node.value, field, hit.line);
      ctx.sink.add(at === undefined ? line : firstLine + at, `${what}: ${field} uses ${hit.flag}, which needs a terminal; scripts run without one (drop -it, start long-running containers with -d)`);
    }
  }

  return {
    kind: "exercise",
    line,
    exercise,
    statement: fragmentToHast(exercise.statement, textLine(["statement"]), ctx, `${what} statement`),
    hints: exercise.hints.map((hint, i) => fragmentToHast(hint, textLine(["hints", i]), ctx, `${what} hint ${i + 1}`)),
  };
}

/** Index (0-based) of `text` in the YAML source, searched after the `field:` key. */
function scriptLine(yaml: string, field: string, text: string): number | undefined {
  const lines = yaml.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^${field}\\s*:`).test(l));
  if (start === -1) return undefined;
  const target = text.trim();
  for (let i = start; i < lines.length; i++) {
    if (lines[i]!.trim() === target) return i;
  }
  return start;
}
