import type { CourseChapter } from "../../_lib/content";
import { renderHast } from "../markdown/hast-to-react";
import { renderBlock } from "./registry";

/** A chapter's markdown, with its blocks rendered through the author registry. */
export function ChapterBody({ chapter }: { chapter: CourseChapter }) {
  return (
    <div className="prose-quai lesson-blocks">
      {renderHast(chapter.hast, (index, children) => {
        const block = chapter.blocks[index];
        if (!block) throw new Error(`chapter ${chapter.slug}: block #${index} is missing`);
        return renderBlock(block, { slug: chapter.slug }, children);
      })}
    </div>
  );
}
