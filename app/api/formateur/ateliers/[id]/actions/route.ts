import type { NextRequest } from "next/server";
import { actionSchema } from "../../../../../_lib/workshops/contract";
import { parseBody, trainerRoute } from "../../../../../_lib/workshops/route";
import { runAction } from "../../../../../_lib/workshops/service";

export const dynamic = "force-dynamic";

/** POST /api/formateur/ateliers/:id/actions {type, …}: pre-warm, extend, reset, broadcast, resolve help, end. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return trainerRoute(request, `POST /api/formateur/ateliers/${id}/actions`, id, async ({ workshop }) => {
    const action = await parseBody(request, actionSchema);
    return { message: await runAction(workshop!, action) };
  });
}
