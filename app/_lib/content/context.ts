import type { Block } from "./blocks/types";
import type { IssueSink } from "./issues";

/** A link found in a chapter, checked once every chapter is known. */
export interface LinkRef {
  url: string;
  line: number;
}

/** What the markdown transform of one chapter reads and fills. */
export interface TransformContext {
  sink: IssueSink;
  /** Chapter slug, for messages and `/root/<slug>` paths. */
  slug: string;
  /** The chapter has a sandbox (frontmatter `sandbox: true`). */
  sandbox: boolean;
  /** Absolute path of public/figures. */
  figuresDir: string;
  blocks: Block[];
  links: LinkRef[];
  /** A `tty` block opened an interactive program that `inside` blocks may type into. */
  ttyOpen?: boolean;
}
