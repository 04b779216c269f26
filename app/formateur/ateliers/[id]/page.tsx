import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import QRCode from "qrcode";
import { WorkshopDashboard } from "../../../_components/workshops/workshop-dashboard";
import { getConfig } from "../../../_lib/config";
import { Refusal } from "../../../_lib/refusal";
import { loadDashboard } from "../../../_lib/workshops/service";
import { trainerOrNull, workshopOf } from "../../../_lib/workshops/server";

export const metadata: Metadata = { title: "Tableau de bord de l'atelier" };
export const dynamic = "force-dynamic";

/** The join link as learners in the room reach the site: the address this trainer used. */
async function joinUrl(code: string): Promise<string> {
  const h = await headers();
  const trust = getConfig().trustProxy;
  const host = (trust ? h.get("x-forwarded-host")?.split(",")[0]?.trim() : null) || h.get("host") || "localhost";
  const proto = trust && h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}/rejoindre/${code}`;
}

export default async function WorkshopPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const trainer = await trainerOrNull();
  if (!trainer) redirect("/formateur");
  let workshop;
  try {
    workshop = await workshopOf(trainer, id);
  } catch (error) {
    if (error instanceof Refusal && error.status === 403) {
      return (
        <main id="contenu" className="mx-auto max-w-xl px-4 py-14">
          <h1 className="text-xl font-semibold">Accès refusé</h1>
          <p className="mt-2">{error.messageFr}</p>
        </main>
      );
    }
    notFound();
  }
  const url = await joinUrl(workshop.joinCode);
  const qrSvg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return (
    <main id="contenu" className="mx-auto max-w-[96rem] px-4 py-6 sm:px-6">
      <WorkshopDashboard initial={await loadDashboard(workshop)} joinUrl={url} qrSvg={qrSvg} />
    </main>
  );
}
