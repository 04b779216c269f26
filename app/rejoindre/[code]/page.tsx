import type { Metadata } from "next";
import { formatJoinCode, JOIN_CODE, normaliseJoinCode } from "../../_lib/workshops/contract";
import { JoinPage } from "../../_components/workshops/join-page";

export const metadata: Metadata = { title: "Rejoindre un atelier" };

/** /rejoindre/K7QM3XPA: the join link (and the QR code's target), the code filled in. */
export default async function Page({ params }: { params: Promise<{ code: string }> }) {
  const raw = normaliseJoinCode(decodeURIComponent((await params).code));
  return <JoinPage code={JOIN_CODE.test(raw) ? formatJoinCode(raw) : ""} />;
}
