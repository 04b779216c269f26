import type { Root as HastRoot } from "hast";
import type { Exercise, Quiz } from "../schema";

/**
 * The data side of the author component registry: every custom block a
 * chapter can contain, as parsed and validated from markdown. The React side
 * (app/_components/author/registry.tsx) maps each `kind` to one component,
 * and TypeScript makes sure no kind is left without one.
 */

export const CALLOUT_KINDS = ["retenir", "attention", "bonne-pratique"] as const;
export type CalloutKind = (typeof CALLOUT_KINDS)[number];

/** A `sh` block: Exécuter + Copier, or Copier only (`norun`, or a chapter without sandbox). */
export interface CommandBlock {
  kind: "command";
  line: number;
  lang: string;
  code: string;
  runnable: boolean;
  /** `fails`: the course shows an error on purpose (the in-order proof expects one). */
  expect: "success" | "failure";
  /**
   * `tty keys=…`: an interactive program (a shell in a container, `docker
   * attach`, a prompt). The learner leaves it with `keys`; the in-order proof
   * runs it in a pseudo-terminal and types the following `inside` blocks, then
   * the keys.
   */
  tty: { keys: string[] } | undefined;
  /** `inside`: typed into the interactive program opened by the previous `tty` block. */
  inside: boolean;
}

/** Any other fenced code shown as is (`text` output, a Dockerfile excerpt…). */
export interface CodeBlock {
  kind: "code";
  line: number;
  lang: string;
  code: string;
  /** `text example`: an output that was not captured in the sandbox (Docker Hub, another OS). */
  example: boolean;
}

/** A fenced block with `file=path`: a file of the chapter's build context. */
export interface FileBlock {
  kind: "file";
  line: number;
  lang: string;
  path: string;
  code: string;
  /** False in chapters without sandbox: nothing to open the file in. */
  editable: boolean;
}

export interface ExerciseBlock {
  kind: "exercise";
  line: number;
  exercise: Exercise;
  /** The title with French spacing, for display. */
  title: string;
  statement: HastRoot;
  hints: HastRoot[];
}

export interface QuizBlock {
  kind: "quiz";
  line: number;
  quiz: Quiz;
  question: HastRoot;
  choices: HastRoot[];
  explanation: HastRoot;
}

/** A `:::retenir` container; its markdown content is the element's children. */
export interface CalloutBlock {
  kind: "callout";
  line: number;
  variant: CalloutKind;
  title: string | undefined;
}

export interface FigureBlock {
  kind: "figure";
  line: number;
  src: string;
  alt: string;
  width: number | undefined;
  height: number | undefined;
}

export type Block = CommandBlock | CodeBlock | FileBlock | ExerciseBlock | QuizBlock | CalloutBlock | FigureBlock;
export type BlockKind = Block["kind"];
export type BlockOf<K extends BlockKind> = Extract<Block, { kind: K }>;

/** The hast element name that stands for a block; `dataBlock` is its index in Chapter.blocks. */
export const BLOCK_ELEMENT = "quai-block";
