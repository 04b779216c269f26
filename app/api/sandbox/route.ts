import type { NextRequest } from "next/server";
import type { SandboxSession } from "../../_lib/api-types";
import { acquireSandbox } from "../../_lib/limits/sandbox-starts";
import { sandboxRoute } from "../../_lib/workbench/route";
import { sessionOf } from "../../_lib/workbench/sandbox-access";
import { getWorkshopStore } from "../../_lib/workshops/server";

export const dynamic = "force-dynamic";

/**
 * POST /api/sandbox: the learner's sandbox (existing, from the warm pool, or
 * new: within the start budgets) and a terminal token. A learner of an open
 * workshop takes one of its reserved seats (its warm sandboxes first).
 */
export async function POST(request: NextRequest) {
  return sandboxRoute(request, "POST /api/sandbox", null, async ({ runner, learnerId, address }): Promise<SandboxSession> => {
    const workshop = (await getWorkshopStore().activeOf(learnerId))?.workshop.id;
    return sessionOf(await acquireSandbox(runner, learnerId, address, undefined, workshop));
  });
}
