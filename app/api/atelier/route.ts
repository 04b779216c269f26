import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { handleApiFailure, NO_STORE } from "../../_lib/api";
import { currentLearner } from "../../_lib/learner";
import { learnerWorkshop } from "../../_lib/workshops/learner-side";

export const dynamic = "force-dynamic";

/** GET /api/atelier: the learner's workshop, if they joined one (for the banner). */
export async function GET(request: NextRequest) {
  try {
    return NextResponse.json(await learnerWorkshop(await currentLearner(request)), { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("GET /api/atelier", error);
  }
}
