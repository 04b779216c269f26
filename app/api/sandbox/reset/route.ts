import type { NextRequest } from "next/server";
import { z } from "zod";
import { readJsonBody } from "../../../_lib/api";
import type { SandboxSession } from "../../../_lib/api-types";
import { RunnerError } from "../../../_lib/runner-client";
import { sandboxRoute } from "../../../_lib/workbench/route";
import { SANDBOX_ID, requireOwnedSandbox, sessionOf } from "../../../_lib/workbench/sandbox-access";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ sandboxId: z.string().regex(SANDBOX_ID).nullable() });

/**
 * POST /api/sandbox/reset {sandboxId}: a fresh sandbox for the learner. The
 * sandbox the page knows is reset; when it is already gone (expired), a new
 * one is simply acquired.
 */
export async function POST(request: NextRequest) {
  const parsed = bodySchema.safeParse(await readJsonBody(request));
  return sandboxRoute(request, "POST /api/sandbox/reset", null, async ({ runner, learnerId }): Promise<SandboxSession> => {
    if (!parsed.success) throw new RunnerError("bad_request", 400, "Requête de réinitialisation invalide.", `reset body: ${parsed.error.message}`);
    const { sandboxId } = parsed.data;
    if (sandboxId !== null) {
      try {
        await requireOwnedSandbox(runner, learnerId, sandboxId);
        return sessionOf(await runner.reset(sandboxId));
      } catch (error) {
        if (!(error instanceof RunnerError && error.status === 404)) throw error;
      }
    }
    return sessionOf(await runner.acquire(learnerId));
  });
}
