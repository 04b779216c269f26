import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { handleApiFailure, NO_STORE } from "../../../_lib/api";
import { currentLearner } from "../../../_lib/learner";
import { Refusal } from "../../../_lib/refusal";
import { controlAnswerSchema } from "../../../_lib/workshops/contract";
import { activeWorkshopOf } from "../../../_lib/workshops/learner-side";
import { workshopLive } from "../../../_lib/workshops/live";
import { parseBody, refuseWrite } from "../../../_lib/workshops/route";

export const dynamic = "force-dynamic";

/**
 * POST /api/atelier/controle {accept}: the learner's answer to « prendre la
 * main ». true accepts the trainer's request (their view of the terminal
 * can then type); false refuses it, or takes the terminal back.
 */
export async function POST(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const learnerId = await currentLearner(request);
    const { accept } = await parseBody(request, controlAnswerSchema);
    const workshopId = (await activeWorkshopOf(learnerId)).id;
    const live = workshopLive();
    const done = accept ? live.grantControl(workshopId, learnerId) : live.endControl(workshopId, learnerId);
    if (!done) throw new Refusal(409, "no_control_request", "Votre formateur ne demande plus à prendre la main.", `no control to ${accept ? "grant" : "end"} for ${learnerId} in ${workshopId}`);
    return NextResponse.json({ ok: true }, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("POST /api/atelier/controle", error);
  }
}
