import type { Code } from "mdast";
import type { TransformContext } from "../context";
import { exerciseSchema } from "../schema";
import { parseYamlBlock } from "../yaml-block";
import { fragmentToHast } from "./fragment";
import { findInteractiveFlags } from "./interactive-flags";
import { frenchSpacing } from "../typography";
import { findGivenAwayCommands } from "./hint-lint";
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
  const scripts: Array<[string, string]> = [
    ["solution", exercise.solution],
    ["check", exercise.check],
    ...(exercise.wrong ?? []).map((w, i): [string, string] => [`wrong attempt ${i + 1}`, w.attempt]),
  ];
  for (const [field, script] of scripts) {
    for (const hit of findInteractiveFlags(script)) {
      const at = scriptLine(node.value, field.startsWith("wrong") ? "wrong" : field, hit.line);
      ctx.sink.add(at === undefined ? line : firstLine + at, `${what}: ${field} uses ${hit.flag}, which needs a terminal; scripts run without one (drop -it, start long-running containers with -d)`);
    }
  }
  exercise.hints.slice(0, -1).forEach((hint, i) => {
    for (const command of findGivenAwayCommands(hint, exercise.solution)) {
      ctx.sink.add(textLine(["hints", i]), `${what}: hint ${i + 1} gives away the solution's command \`${command}\`; only the last hint may`);
    }
  });

  return {
    kind: "exercise",
    line,
    exercise,
    title: frenchSpacing(exercise.title),
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
