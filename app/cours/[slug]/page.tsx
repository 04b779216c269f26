import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ChapterBody } from "../../_components/author/chapter-body";
import { ChapterHeader } from "../../_components/chapter/chapter-header";
import { ChapterPager } from "../../_components/chapter/chapter-pager";
import { MobileCourseMenu } from "../../_components/chapter/mobile-course-menu";
import { TableOfContents } from "../../_components/chapter/table-of-contents";
import { CourseNav } from "../../_components/site/course-nav";
import { EARLY_SCRIPTS_ATTRIBUTE, earlyScripts } from "../../_components/workbench/session/early-scripts";
import { bootBoxParsedScript } from "../../_components/workbench/session/early-socket";
import { initialList, storageKey } from "../../_components/workbench/terminals/terminal-ids";
import { WorkbenchLayout } from "../../_components/workbench/workbench-layout";
import { KIT_SCRIPT_ATTRIBUTE } from "../../_components/workbench/terminals/kit/kit-names";
import { getChapter, getCourse, neighbours } from "../../_lib/course";
import { asyncInlineScript } from "../../_lib/async-inline-script";
import { terminalKitUrl } from "../../_lib/terminal-kit-url";

export const dynamicParams = false;

export function generateStaticParams() {
  return getCourse().chapters.map((chapter) => ({ slug: chapter.slug }));
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const chapter = getChapter((await params).slug);
  return chapter ? { title: chapter.frontmatter.title, description: chapter.frontmatter.description } : {};
}

export default async function ChapterPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const course = getCourse();
  const chapter = getChapter(slug);
  if (!chapter) notFound();
  const lesson = { chapter, course, slug, ...neighbours(slug) };

  // Chapters with a sandbox: the lesson beside the workbench, no sidebars.
  if (chapter.frontmatter.sandbox) {
    const first = initialList(slug).active;
    const listKey = storageKey(slug);
    return (
      <>
        {/* xterm.js and the terminal, run as soon as they arrive, before React (terminals/kit/terminal-kit.ts);
            asked for before Next's scripts (scripts/hold-next-scripts puts its tag first). */}
        <script async src={terminalKitUrl()} fetchPriority="high" {...{ [KIT_SCRIPT_ATTRIBUTE]: "" }} />
        {/* Asks for the sandbox, opens the first terminal's socket on its answer, then asks for Next's
            scripts (early-scripts.ts); `npm run build` moves it to the head's start: see asyncInlineScript. */}
        <script async src={asyncInlineScript(earlyScripts(first, listKey))} {...{ [EARLY_SCRIPTS_ATTRIBUTE]: "" }} />
        <WorkbenchLayout chapter={slug}>
          {/* A boundary of its own: React hydrates the workbench first, then the lesson's
              thousands of elements, instead of the terminal waiting for all of them. */}
          <Suspense>
            <Lesson {...lesson} className="lg:px-10" menuAlways />
          </Suspense>
        </WorkbenchLayout>
        {/* The first terminal's box is there: the kit mounts it if the socket is open (early-socket.ts). */}
        <script dangerouslySetInnerHTML={{ __html: bootBoxParsedScript() }} />
      </>
    );
  }

  return (
    <div className="mx-auto max-w-[90rem] lg:grid lg:grid-cols-[17rem_minmax(0,1fr)] xl:grid-cols-[17rem_minmax(0,1fr)_15rem]">
      <aside className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] overflow-y-auto border-r border-slate-200 px-3 py-8 lg:block dark:border-slate-800">
        <CourseNav course={course} current={slug} />
      </aside>

      <Lesson {...lesson} className="lg:px-12" />

      <aside className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] overflow-y-auto py-10 pr-4 xl:block">
        <TableOfContents headings={chapter.headings.filter((h) => h.depth === 2)} />
      </aside>
    </div>
  );
}

type LessonProps = { chapter: NonNullable<ReturnType<typeof getChapter>>; course: ReturnType<typeof getCourse>; slug: string; className: string; menuAlways?: boolean } & ReturnType<typeof neighbours>;

/** The lesson column: course menu on small screens, the chapter, the pager. */
function Lesson({ chapter, course, slug, previous, next, className, menuAlways }: LessonProps) {
  return (
    <main id="contenu" className={`min-w-0 px-4 pb-16 sm:px-8 ${className}`}>
      <MobileCourseMenu label={`${chapter.number}. ${chapter.frontmatter.title}`} always={menuAlways}>
        <CourseNav course={course} current={slug} />
      </MobileCourseMenu>
      <div className="mx-auto max-w-3xl">
        <ChapterHeader chapter={chapter} />
        <ChapterBody chapter={chapter} />
        <ChapterPager previous={previous} next={next} />
      </div>
    </main>
  );
}
