import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { checkSameOrigin, handleApiFailure, NO_STORE } from "../api";
import { currentLearner } from "../learner";
import { clientAddress } from "../request-origin";
import { getRunnerClient } from "../runner";
import type { WorkbenchRunnerClient } from "../runner-client";
import { requireOwnedSandbox } from "./sandbox-access";

/** What a route's work returns to answer 204 No Content (nothing to say, nothing done). */
export const NO_CONTENT = Symbol("no content");

export interface SandboxRouteContext {
  runner: WorkbenchRunnerClient;
  learnerId: string;
  /** The client's address, for per-address limits. */
  address: string;
}


/**
 * The shape of every workbench route: same-origin check for writes, the
 * learner from the cookie, optionally the proof that `sandboxId` is theirs,
 * then the work (`headersOf` adds headers to its answer; NO_CONTENT answers
 * 204); any failure becomes one French answer.
 */
export async function sandboxRoute<T>(
  request: NextRequest,
  what: string,
  sandboxId: string | null,
  work: (ctx: SandboxRouteContext) => Promise<T | typeof NO_CONTENT>,
  headersOf: (result: T) => Record<string, string> = () => ({}),
): Promise<NextResponse> {
  if (request.method !== "GET") {
    const forbidden = checkSameOrigin(request);
    if (forbidden) return forbidden;
  }
  try {
    const learnerId = await currentLearner(request);
    const runner = getRunnerClient();
    if (sandboxId !== null) await requireOwnedSandbox(runner, learnerId, sandboxId);
    const result = await work({ runner, learnerId, address: clientAddress(request) });
    if (result === NO_CONTENT) return new NextResponse(null, { status: 204, headers: NO_STORE });
    return NextResponse.json(result, { headers: { ...NO_STORE, ...headersOf(result) } });
  } catch (error) {
    return handleApiFailure(what, error);
  }
}
