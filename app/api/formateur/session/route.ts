import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { apiError, handleApiFailure, NO_STORE } from "../../../_lib/api";
import { clientAddress, requestIsHttps } from "../../../_lib/request-origin";
import { signInSchema } from "../../../_lib/workshops/contract";
import { parseBody, refuseWrite } from "../../../_lib/workshops/route";
import { spendSignIn, trainerAccounts, trainerSessionKey } from "../../../_lib/workshops/server";
import { sealTrainerSession, TRAINER_COOKIE, trainerCookieOptions } from "../../../_lib/workshops/trainer-session";

export const dynamic = "force-dynamic";

/** POST /api/formateur/session {name, password}: signs a trainer in (rate-limited per address and per name). */
export async function POST(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  try {
    const { name, password } = await parseBody(request, signInSchema);
    await spendSignIn(clientAddress(request), name);
    const trainer = trainerAccounts().verify(name, password);
    if (!trainer) return apiError(401, "bad_credentials", "Identifiant ou mot de passe incorrect.");
    (await cookies()).set(TRAINER_COOKIE, await sealTrainerSession(trainer, trainerSessionKey()), trainerCookieOptions(requestIsHttps(request)));
    return NextResponse.json({ trainer }, { headers: NO_STORE });
  } catch (error) {
    return handleApiFailure("POST /api/formateur/session", error);
  }
}

/** DELETE /api/formateur/session: signs out. */
export async function DELETE(request: NextRequest) {
  const refused = refuseWrite(request);
  if (refused) return refused;
  (await cookies()).delete(TRAINER_COOKIE);
  return new NextResponse(null, { status: 204, headers: NO_STORE });
}
