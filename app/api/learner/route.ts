import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { apiError, checkSameOrigin, handleApiFailure, NO_STORE, readJsonBody } from "../../_lib/api";
import type { LearnerResponse } from "../../_lib/api-types";
import { currentLearner } from "../../_lib/learner";
import { getProgressStore } from "../../_lib/progress";

export const dynamic = "force-dynamic";

const bodySchema = z.object({
  displayName: z
    .string()
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(z.string().max(40))
    .nullable(),
});

/** POST /api/learner {displayName}: the optional first name shown on the home page ("" or null clears it). */
export async function POST(request: NextRequest) {
  const forbidden = checkSameOrigin(request);
  if (forbidden) return forbidden;
  const parsed = bodySchema.safeParse(await readJsonBody(request));
  if (!parsed.success) return apiError(400, "bad_request", "Le prénom doit faire 40 caractères au plus.");
  try {
    const learnerId = await currentLearner(request);
    const displayName = parsed.data.displayName || null;
    await getProgressStore().setDisplayName(learnerId, displayName);
    const body: LearnerResponse = { displayName };
    return NextResponse.json(body, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("POST /api/learner", error);
  }
}
