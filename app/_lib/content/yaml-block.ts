import { LineCounter, Scalar, isMap, isScalar, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { z } from "zod";
import type { IssueSink } from "./issues";

type Path = ReadonlyArray<PropertyKey>;

export interface YamlBlock<T> {
  data: T;
  /**
   * File line where the text of the value at `path` starts (the line after
   * `key: |` for block scalars), so markdown inside it maps to file lines.
   */
  textLine(path: Path): number;
}

/**
 * Parses YAML embedded in a markdown file (frontmatter, exercise and quiz
 * blocks) and validates it with a zod schema. Every problem is reported at
 * the file line of the offending key or value, not at the block start.
 *
 * `firstLine` is the file line of the first YAML line. Returns undefined when
 * anything is wrong (the issues are in the sink).
 */
export function parseYamlBlock<S extends z.ZodType>(
  schema: S,
  source: string,
  options: { firstLine: number; sink: IssueSink; what: string },
): YamlBlock<z.output<S>> | undefined {
  const { firstLine, sink, what } = options;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toFileLine = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      sink.add(toFileLine(error.pos[0]), `${what}: invalid YAML: ${firstSentence(error.message)}`);
    }
    return undefined;
  }
  if (!isMap(doc.contents)) {
    sink.add(firstLine, `${what}: expected YAML key: value pairs`);
    return undefined;
  }

  const data: unknown = doc.toJS();
  const result = schema.safeParse(data);
  const id = (data as { id?: unknown }).id;
  const label = typeof id === "string" && id !== "" ? `${what} "${id}"` : what;
  if (result.success) {
    return {
      data: result.data,
      textLine: (path) => {
        const node = doc.getIn(path as unknown[], true);
        const line = nodeLine(doc, path, toFileLine) ?? firstLine;
        const block = isScalar(node) && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED);
        return block ? line + 1 : line;
      },
    };
  }

  const blockLine = firstLine;
  for (const issue of result.error.issues) {
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const line = keyLine(doc, path, key, toFileLine) ?? blockLine;
        sink.add(line, `${label}: unknown field "${formatPath([...path, key])}"`);
      }
      continue;
    }
    if (issue.code === "invalid_type" && path.length > 0 && !hasPath(data, path)) {
      const parent = path.slice(0, -1);
      const line = nodeLine(doc, parent, toFileLine) ?? blockLine;
      sink.add(line, `${label}: missing required field "${formatPath(path)}"`);
      continue;
    }
    // A problem with a field's value is reported on its key's line; list items on their own line.
    const last = path.at(-1);
    const line = (typeof last === "string" ? keyLine(doc, path.slice(0, -1), last, toFileLine) : undefined) ?? nodeLine(doc, path, toFileLine) ?? blockLine;
    const field = path.length > 0 ? `field "${formatPath(path)}": ` : "";
    sink.add(line, `${label}: ${field}${issue.message}`);
  }
  return undefined;
}

function firstSentence(message: string): string {
  return message.split("\n")[0]!.trim();
}

export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("");
}

function hasPath(data: unknown, path: Path): boolean {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return false;
    if (!(key in current)) return false;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current !== undefined;
}

/** The line of the deepest existing node along `path`. */
function nodeLine(doc: Document, path: Path, toFileLine: (offset: number) => number): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth) as unknown[];
    const node = (prefix.length === 0 ? doc.contents : doc.getIn(prefix, true)) as Node | null | undefined;
    if (node && typeof node === "object" && "range" in node && node.range) return toFileLine(node.range[0]);
  }
  return undefined;
}

function keyLine(doc: Document, path: Path, key: string, toFileLine: (offset: number) => number): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (!isMap(map)) return nodeLine(doc, path, toFileLine);
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return toFileLine(pair.key.range[0]);
  }
  return nodeLine(doc, path, toFileLine);
}
