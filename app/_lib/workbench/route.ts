import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { checkSameOrigin, handleApiFailure, NO_STORE } from "../api";
import { currentLearner } from "../learner";
import { clientAddress } from "../request-origin";
import { getRunnerClient } from "../runner";
import type { WorkbenchRunnerClient } from "../runner-client";
import { requireOwnedSandbox } from "./sandbox-access";

export interface SandboxRouteContext {
  runner: WorkbenchRunnerClient;
  learnerId: string;
  /** The client's address, for per-address limits. */
  address: string;
}


/**
 * The shape of every workbench route: same-origin check for writes, the
 * learner from the cookie, optionally the proof that `sandboxId` is theirs,
 * then the work; any failure becomes one French answer.
 */
export async function sandboxRoute<T>(
  request: NextRequest,
  what: string,
  sandboxId: string | null,
  work: (ctx: SandboxRouteContext) => Promise<T>,
): Promise<NextResponse> {
  if (request.method !== "GET") {
    const forbidden = checkSameOrigin(request);
    if (forbidden) return forbidden;
  }
  try {
    const learnerId = await currentLearner(request);
    const runner = getRunnerClient();
    if (sandboxId !== null) await requireOwnedSandbox(runner, learnerId, sandboxId);
    return NextResponse.json(await work({ runner, learnerId, address: clientAddress(request) }), { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure(what, error);
  }
}
