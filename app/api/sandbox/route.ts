import type { NextRequest } from "next/server";
import type { SandboxSession } from "../../_lib/api-types";
import { sandboxRoute } from "../../_lib/workbench/route";
import { sessionOf } from "../../_lib/workbench/sandbox-access";

export const dynamic = "force-dynamic";

/** POST /api/sandbox: the learner's sandbox (existing, from the warm pool, or new) and a terminal token. */
export async function POST(request: NextRequest) {
  return sandboxRoute(request, "POST /api/sandbox", null, async ({ runner, learnerId }): Promise<SandboxSession> => sessionOf(await runner.acquire(learnerId)));
}
