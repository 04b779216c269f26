import type { Metadata } from "next";
import { JoinPage } from "../_components/workshops/join-page";

export const metadata: Metadata = { title: "Rejoindre un atelier" };

export default function Page() {
  return <JoinPage code="" />;
}
