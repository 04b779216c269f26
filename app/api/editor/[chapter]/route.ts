import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { apiError, bodyTooLarge, checkSameOrigin, handleApiFailure, NO_STORE, readJsonBody } from "../../../_lib/api";
import type { EditorFilesResponse } from "../../../_lib/api-types";
import { getChapter } from "../../../_lib/course";
import { currentLearner } from "../../../_lib/learner";
import { getEditorFiles } from "../../../_lib/progress";
import { getRunnerClient } from "../../../_lib/runner";
import { RunnerError } from "../../../_lib/runner-client";
import { EDITOR_LIMITS, filePathProblem, filesProblem } from "../../../_lib/workbench/file-paths";
import { SANDBOX_ID, requireOwnedSandbox } from "../../../_lib/workbench/sandbox-access";
import { syncFilesToSandbox } from "../../../_lib/workbench/sync-files";

export const dynamic = "force-dynamic";

/** Every file at its largest, JSON-escaped (up to 2 bytes for 1 in the course's text), and the names. */
const PUT_BODY_LIMIT = EDITOR_LIMITS.maxTotalBytes * 2 + 64 * 1024;

const putSchema = z.object({
  files: z.array(z.object({ path: z.string(), content: z.string() })),
  /** Paths the page deleted or renamed away whose removal has not reached the sandbox yet. */
  removed: z.array(z.string()).max(EDITOR_LIMITS.maxFiles * 2).default([]),
  /** The sandbox to write the files into too (optional: saving works without one). */
  sandboxId: z.string().regex(SANDBOX_ID).nullable().default(null),
});

function sandboxChapter(slug: string): NextResponse | null {
  const chapter = getChapter(slug);
  if (!chapter) return apiError(404, "unknown_chapter", "Ce chapitre n'existe pas (ou plus) dans le cours.");
  if (!chapter.frontmatter.sandbox) return apiError(400, "no_sandbox", "Ce chapitre se lit sans bac à sable : il n'a pas d'éditeur.");
  return null;
}

/** GET /api/editor/:chapter: the learner's files for that chapter's editor. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ chapter: string }> }) {
  const { chapter } = await params;
  try {
    const refused = sandboxChapter(chapter);
    if (refused) return refused;
    const learnerId = await currentLearner(request);
    const body: EditorFilesResponse = { files: await getEditorFiles().list(learnerId, chapter) };
    return NextResponse.json(body, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure(`GET /api/editor/${chapter}`, error);
  }
}

/**
 * PUT /api/editor/:chapter {files, sandboxId}: saves the set (SQLite), then
 * writes it into ~/<chapter>/ of the sandbox. Saving never fails because the
 * sandbox is away: the answer says whether the sandbox got the files.
 */
export async function PUT(request: NextRequest, { params }: { params: Promise<{ chapter: string }> }) {
  const forbidden = checkSameOrigin(request);
  if (forbidden) return forbidden;
  const tooLarge = bodyTooLarge(request, PUT_BODY_LIMIT);
  if (tooLarge) return tooLarge;
  const { chapter } = await params;
  const parsed = putSchema.safeParse(await readJsonBody(request, PUT_BODY_LIMIT));
  if (!parsed.success) return apiError(400, "bad_request", `Les fichiers envoyés sont illisibles, ou dépassent ${EDITOR_LIMITS.maxTotalBytes / 1024 / 1024} Mio en tout.`);
  const problem = filesProblem(parsed.data.files) ?? parsed.data.removed.map(filePathProblem).find((p) => p !== null) ?? null;
  if (problem) return apiError(400, "bad_files", problem);
  let learnerId: string;
  let removed: string[];
  try {
    const refused = sandboxChapter(chapter);
    if (refused) return refused;
    learnerId = await currentLearner(request);
    removed = await getEditorFiles().replace(learnerId, chapter, parsed.data.files);
  } catch (error) {
    return handleApiFailure(`PUT /api/editor/${chapter}`, error);
  }
  const body: EditorFilesResponse = { files: parsed.data.files, synced: false };
  const { sandboxId } = parsed.data;
  if (sandboxId !== null) {
    try {
      const runner = getRunnerClient();
      await requireOwnedSandbox(runner, learnerId, sandboxId);
      const kept = new Set(parsed.data.files.map((f) => f.path));
      const toRemove = [...new Set([...removed, ...parsed.data.removed])].filter((path) => !kept.has(path));
      await syncFilesToSandbox(runner, sandboxId, chapter, parsed.data.files, toRemove);
      body.synced = true;
    } catch (error) {
      console.error(`sync editor files of ${chapter} into sandbox ${sandboxId}: ${(error as Error).message}`);
      body.syncError = error instanceof RunnerError ? error.messageFr : "Les fichiers sont enregistrés, mais n'ont pas pu être copiés dans le bac à sable.";
    }
  }
  return NextResponse.json(body, { headers: NO_STORE });
}
