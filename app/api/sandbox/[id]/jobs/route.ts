import type { NextRequest } from "next/server";
import { jobRequestSchema } from "@quai/sandbox-runner/protocol";
import type { JobInfo } from "@quai/sandbox-runner/protocol";
import { bodyTooLarge, readJsonBody } from "../../../../_lib/api";
import { getChapter } from "../../../../_lib/course";
import { Refusal } from "../../../../_lib/refusal";
import { sandboxRoute } from "../../../../_lib/workbench/route";

export const dynamic = "force-dynamic";

const JOB_BODY_LIMIT = 4096;

/**
 * POST /api/sandbox/:id/jobs: starts « Construire » in the learner's own
 * sandbox. The body is the shared job shape (chapter, Dockerfile, tag), never
 * a command line; the browser then attaches to the job's terminal socket.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const tooLarge = bodyTooLarge(request, JOB_BODY_LIMIT);
  if (tooLarge) return tooLarge;
  return sandboxRoute(request, `POST /api/sandbox/${id}/jobs`, id, async ({ runner }): Promise<{ job: JobInfo }> => {
    const parsed = jobRequestSchema.safeParse(await readJsonBody(request, JOB_BODY_LIMIT));
    if (!parsed.success) {
      throw new Refusal(400, "bad_job", "Cette construction n'est pas valide : vérifiez le Dockerfile choisi et le nom de l'image.", `job request: ${parsed.error.message}`);
    }
    if (!getChapter(parsed.data.chapter)?.frontmatter.sandbox) {
      throw new Refusal(404, "unknown_chapter", "Ce chapitre n'existe pas (ou plus) dans le cours, ou n'a pas de bac à sable.", `job request: chapter ${parsed.data.chapter}`);
    }
    return { job: await runner.startJob(id, parsed.data) };
  });
}
