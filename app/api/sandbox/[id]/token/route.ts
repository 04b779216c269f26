import type { NextRequest } from "next/server";
import type { SandboxSession } from "../../../../_lib/api-types";
import { sandboxRoute } from "../../../../_lib/workbench/route";
import { sessionOf } from "../../../../_lib/workbench/sandbox-access";

export const dynamic = "force-dynamic";

/**
 * POST /api/sandbox/:id/token: a fresh terminal token for that sandbox, asked
 * before every (re)connection. 404 when the sandbox is gone: the page then
 * says it expired instead of silently opening a new one.
 */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return sandboxRoute(request, `POST /api/sandbox/${id}/token`, id, async ({ runner }): Promise<SandboxSession> => sessionOf(await runner.token(id, "owner")));
}
