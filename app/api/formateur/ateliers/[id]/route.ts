import type { NextRequest } from "next/server";
import { trainerRoute } from "../../../../_lib/workshops/route";
import { loadDashboard } from "../../../../_lib/workshops/service";

export const dynamic = "force-dynamic";

/** GET /api/formateur/ateliers/:id: the workshop, its roster and its progress (the JSON export). */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return trainerRoute(request, `GET /api/formateur/ateliers/${id}`, id, async ({ workshop }) => loadDashboard(workshop!));
}
