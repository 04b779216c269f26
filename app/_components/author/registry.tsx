import type { ReactNode } from "react";
import type { BlockKind, BlockOf } from "../../_lib/content";
import { Callout } from "./callout";
import { CodeBlock } from "./code-block";
import { CommandBlock } from "./command-block";
import { ExerciseCard } from "./exercise";
import { FileBlock } from "./file-block";
import { Figure } from "./figure";
import { QuizCard } from "./quiz";

/** What every author component receives: its block, the chapter, and (for callouts) rendered content. */
export interface AuthorComponentProps<K extends BlockKind> {
  block: BlockOf<K>;
  chapter: { slug: string };
  children: ReactNode;
}

type Registry = { [K in BlockKind]: (props: AuthorComponentProps<K>) => ReactNode };

/**
 * THE registry of components authors may use. The content pipeline decides
 * which blocks exist (app/_lib/content/blocks/types.ts); this maps each kind
 * to its component, and the type makes a missing kind a compile error.
 */
export const authorComponents: Registry = {
  command: ({ block }) => <CommandBlock block={block} />,
  code: ({ block }) => <CodeBlock block={block} />,
  file: ({ block, chapter }) => <FileBlock block={block} chapter={chapter.slug} />,
  exercise: ({ block }) => <ExerciseCard block={block} />,
  quiz: ({ block }) => <QuizCard block={block} />,
  callout: ({ block, children }) => <Callout block={block}>{children}</Callout>,
  figure: ({ block }) => <Figure block={block} />,
};

export function renderBlock<K extends BlockKind>(block: BlockOf<K>, chapter: { slug: string }, children: ReactNode): ReactNode {
  const component = authorComponents[block.kind] as (props: AuthorComponentProps<K>) => ReactNode;
  return component({ block, chapter, children });
}
