import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { handleApiFailure, NO_STORE } from "../../../_lib/api";
import { currentLearner } from "../../../_lib/learner";
import { helpSchema } from "../../../_lib/workshops/contract";
import { activeWorkshopOf } from "../../../_lib/workshops/learner-side";
import { workshopLive } from "../../../_lib/workshops/live";
import { parseBody, refuseWrite } from "../../../_lib/workshops/route";
import { getWorkshopStore } from "../../../_lib/workshops/server";

export const dynamic = "force-dynamic";

async function learnerInWorkshop(request: NextRequest) {
  const learnerId = await currentLearner(request);
  return { learnerId, workshopId: (await activeWorkshopOf(learnerId)).id };
}

/** POST /api/atelier/aide {message?}: « J'ai besoin d'aide », shown on the trainer's roster. */
export async function POST(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const { learnerId, workshopId } = await learnerInWorkshop(request);
    const { message } = await parseBody(request, helpSchema);
    await getWorkshopStore().raiseHelp(workshopId, learnerId, message ? message : null);
    workshopLive().changed(workshopId);
    return NextResponse.json({ ok: true }, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("POST /api/atelier/aide", error);
  }
}

/** DELETE /api/atelier/aide: the learner withdraws their request. */
export async function DELETE(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const { learnerId, workshopId } = await learnerInWorkshop(request);
    await getWorkshopStore().resolveHelp(workshopId, learnerId);
    workshopLive().changed(workshopId);
    return NextResponse.json({ ok: true }, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("DELETE /api/atelier/aide", error);
  }
}
