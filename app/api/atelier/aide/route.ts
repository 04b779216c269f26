import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { handleApiFailure, NO_STORE } from "../../../_lib/api";
import { currentLearner } from "../../../_lib/learner";
import { Refusal } from "../../../_lib/refusal";
import { helpSchema } from "../../../_lib/workshops/contract";
import { workshopLive } from "../../../_lib/workshops/live";
import { parseBody, refuseWrite } from "../../../_lib/workshops/route";
import { getWorkshopStore } from "../../../_lib/workshops/server";

export const dynamic = "force-dynamic";

async function activeWorkshopOf(request: NextRequest) {
  const learnerId = await currentLearner(request);
  const active = await getWorkshopStore().activeOf(learnerId);
  if (!active) throw new Refusal(409, "no_workshop", "Vous ne participez à aucun atelier en cours.", `${learnerId} is in no open workshop`);
  return { learnerId, workshopId: active.workshop.id };
}

/** POST /api/atelier/aide {message?}: « J'ai besoin d'aide », shown on the trainer's roster. */
export async function POST(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const { learnerId, workshopId } = await activeWorkshopOf(request);
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
    const { learnerId, workshopId } = await activeWorkshopOf(request);
    await getWorkshopStore().resolveHelp(workshopId, learnerId);
    workshopLive().changed(workshopId);
    return NextResponse.json({ ok: true }, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("DELETE /api/atelier/aide", error);
  }
}
