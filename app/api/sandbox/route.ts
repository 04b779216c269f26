import type { NextRequest } from "next/server";
import type { SandboxSession } from "../../_lib/api-types";
import { acquireSandbox } from "../../_lib/limits/sandbox-starts";
import { sandboxRoute } from "../../_lib/workbench/route";
import { sessionOf } from "../../_lib/workbench/sandbox-access";

export const dynamic = "force-dynamic";

/** POST /api/sandbox: the learner's sandbox (existing, from the warm pool, or new: within the start budgets) and a terminal token. */
export async function POST(request: NextRequest) {
  return sandboxRoute(request, "POST /api/sandbox", null, async ({ runner, learnerId, address }): Promise<SandboxSession> => sessionOf(await acquireSandbox(runner, learnerId, address)));
}
