"use client";

import Link from "next/link";
import { ArrowRightIcon } from "../ui/icons";
import { useProgress } from "./progress-store";

/** « Commencer » for a newcomer, « Reprendre : <chapitre> » once exercises are done. */
export function ResumeLink({ chapters }: { chapters: Array<{ slug: string; title: string; exerciseIds: string[] }> }) {
  const progress = useProgress();
  const exercises = progress?.exercises ?? {};
  const started = Object.values(exercises).some((e) => e.attempts > 0);
  const first = chapters[0];
  const target = started ? (chapters.find((c) => c.exerciseIds.some((id) => !exercises[id]?.passed)) ?? first) : first;
  if (!target) return null;
  return (
    <Link href={`/cours/${target.slug}`} className="btn btn-primary btn-lg">
      {started ? `Reprendre : ${target.title}` : "Commencer le cours"}
      <ArrowRightIcon />
    </Link>
  );
}
