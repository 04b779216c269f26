import { sandboxRequestSchema } from "@quai/sandbox-runner/protocol";
import { SANDBOX_ID_HEADER, TERMINAL_TOKEN_HEADER } from "../../_components/workbench/session/early-socket";
import type { NextRequest } from "next/server";
import type { SandboxSession } from "../../_lib/api-types";
import { apiError, bodyTooLarge, checkSameOrigin, readJsonBody } from "../../_lib/api";
import { acquireSandbox } from "../../_lib/limits/sandbox-starts";
import { RunnerError } from "../../_lib/runner-client";
import { NO_CONTENT, sandboxRoute } from "../../_lib/workbench/route";
import { sessionOf } from "../../_lib/workbench/sandbox-access";
import { getWorkshopStore } from "../../_lib/workshops/server";

export const dynamic = "force-dynamic";

/** The body is a few fields (sandboxRequestSchema): anything larger is not a page asking. */
const BODY_LIMIT = 1024;

/**
 * POST /api/sandbox: the learner's sandbox (existing, from the warm pool, or
 * new: within the start budgets) and a terminal token. A learner of an open
 * workshop takes one of its reserved seats (its warm sandboxes first). The
 * body (sandboxRequestSchema, may be empty) can ask for no container start
 * (204 No Content when one would be needed) and name the terminal the page
 * opens at once.
 */
export async function POST(request: NextRequest) {
  const forbidden = checkSameOrigin(request) ?? bodyTooLarge(request, BODY_LIMIT);
  if (forbidden) return forbidden;
  // No body (an older page, a script) asks for the plain acquire.
  const empty = !request.body || request.headers.get("content-length") === "0";
  const parsed = sandboxRequestSchema.safeParse(empty ? {} : await readJsonBody(request, BODY_LIMIT));
  if (!parsed.success) return apiError(400, "bad_request", "La demande de bac à sable est mal formée : rechargez la page.");
  return sandboxRoute(
    request,
    "POST /api/sandbox",
    null,
    async ({ runner, learnerId, address }): Promise<SandboxSession | typeof NO_CONTENT> => {
      const workshop = (await getWorkshopStore().activeOf(learnerId))?.workshop.id;
      try {
        return sessionOf(await acquireSandbox(runner, learnerId, address, undefined, workshop, parsed.data));
      } catch (error) {
        // `noStart` and a container would have to start: nothing was done, nothing to hand (not an
        // error: the page asks again once it has loaded, and its console stays clean).
        if (error instanceof RunnerError && error.code === "would_start") return NO_CONTENT;
        throw error;
      }
    },
    // Also in headers, for the page's inline script: it opens the terminal's socket as soon as
    // the answer's headers are there, without waiting for a task to read its body (early-socket.ts).
    (session) => ({ [SANDBOX_ID_HEADER]: session.sandboxId, [TERMINAL_TOKEN_HEADER]: session.token }),
  );
}
