import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { handleApiFailure, NO_STORE } from "../../../../_lib/api";
import { currentLearner, LEARNER_COOKIE } from "../../../../_lib/learner";
import { learnerCookieKey, learnerCookieOptions, signLearnerId } from "../../../../_lib/learner-cookie";
import { requestIsHttps } from "../../../../_lib/request-origin";
import { joinedWorkshop } from "../../../../_lib/workshops/contract";
import type { ClaimState } from "../../../../_lib/workshops/contract";
import { getWorkshopStore, workshopClaims } from "../../../../_lib/workshops/server";

export const dynamic = "force-dynamic";

/**
 * GET /api/ateliers/rejoindre/demande: where this browser's « c'est bien
 * moi » request stands. Once the trainer has confirmed it, this browser's
 * learner cookie becomes the member's (signed by the site: the trainer's
 * answer is the only way to get it), and their progress follows.
 */
export async function GET(request: NextRequest) {
  try {
    const learnerId = await currentLearner(request);
    const claim = await workshopClaims().ofClaimant(learnerId);
    let state: ClaimState = { status: "none" };
    if (claim?.status === "pending") state = { status: "pending", name: claim.name };
    if (claim?.status === "refused") state = { status: "refused", name: claim.name };
    const workshop = claim?.status === "accepted" ? await getWorkshopStore().get(claim.workshopId) : undefined;
    if (claim?.status === "accepted" && workshop) {
      (await cookies()).set(LEARNER_COOKIE, signLearnerId(claim.member, learnerCookieKey()), learnerCookieOptions(requestIsHttps(request)));
      state = { status: "accepted", name: claim.name, workshop: joinedWorkshop(workshop) };
    }
    return NextResponse.json(state, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("GET /api/ateliers/rejoindre/demande", error);
  }
}
