import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { apiError, NO_STORE } from "../../_lib/api";
import { getCourse } from "../../_lib/course";
import { isLoopbackAddress } from "../../_lib/loopback";
import { clientAddress } from "../../_lib/request-origin";

export const dynamic = "force-dynamic";

/**
 * GET /api/health, from the machine itself only: the site answers and has
 * its course loaded. The site server calls it once it listens, so that the
 * course (every chapter parsed and validated, ~2.6 s of CPU on a 2-core
 * machine) is loaded at start and not by a learner's first check in the
 * middle of a class: in bench:classroom that first load held the site's one
 * thread for seconds, and every learner's terminal with it. A monitoring
 * probe on the machine can use it too.
 */
export function GET(request: NextRequest) {
  if (!isLoopbackAddress(clientAddress(request))) return apiError(404, "no_route", "Adresse inconnue.");
  const course = getCourse();
  return NextResponse.json({ ok: true, chapters: course.chapters.length }, { headers: NO_STORE });
}
