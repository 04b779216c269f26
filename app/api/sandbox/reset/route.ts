import type { NextRequest } from "next/server";
import { getWorkshopStore } from "../../../_lib/workshops/server";
import { z } from "zod";
import { readJsonBody } from "../../../_lib/api";
import type { SandboxSession } from "../../../_lib/api-types";
import { countedStart } from "../../../_lib/limits/sandbox-starts";
import { RunnerError } from "../../../_lib/runner-client";
import { sandboxRoute } from "../../../_lib/workbench/route";
import { SANDBOX_ID, requireOwnedSandbox, sessionOf } from "../../../_lib/workbench/sandbox-access";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ sandboxId: z.string().regex(SANDBOX_ID).nullable() });

/**
 * POST /api/sandbox/reset {sandboxId}: a fresh sandbox for the learner. The
 * sandbox the page knows is reset; when it is already gone (expired), a new
 * one is simply acquired. Either way it is a start, within the start budgets.
 */
export async function POST(request: NextRequest) {
  const parsed = bodySchema.safeParse(await readJsonBody(request));
  return sandboxRoute(request, "POST /api/sandbox/reset", null, async ({ runner, learnerId, address }): Promise<SandboxSession> => {
    if (!parsed.success) throw new RunnerError("bad_request", 400, "Requête de réinitialisation invalide.", `reset body: ${parsed.error.message}`);
    const { sandboxId } = parsed.data;
    const lease = await countedStart(learnerId, address, async () => {
      if (sandboxId !== null) {
        try {
          await requireOwnedSandbox(runner, learnerId, sandboxId);
          return await runner.reset(sandboxId);
        } catch (error) {
          if (!(error instanceof RunnerError && error.status === 404)) throw error;
        }
      }
      return runner.acquire(learnerId, (await getWorkshopStore().activeOf(learnerId))?.workshop.id);
    });
    return sessionOf(lease);
  });
}
