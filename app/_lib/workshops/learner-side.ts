import { Refusal } from "../refusal";
import type { LearnerWorkshop, Workshop } from "./contract";
import { getWorkshopStore } from "./server";

/** The open workshop the learner is in; a 409 in French when there is none (the learner-side workshop APIs). */
export async function activeWorkshopOf(learnerId: string): Promise<Workshop> {
  const active = await getWorkshopStore().activeOf(learnerId);
  if (!active) throw new Refusal(409, "no_workshop", "Vous ne participez à aucun atelier en cours.", `${learnerId} is in no open workshop`);
  return active.workshop;
}

/** What the learner's pages show of their latest workshop (banner, broadcast, help). */
export async function learnerWorkshop(learnerId: string): Promise<LearnerWorkshop> {
  const store = getWorkshopStore();
  const latest = await store.latestOf(learnerId);
  if (!latest) return { workshop: null, name: null, help: null };
  const { workshop, member } = latest;
  const open = store.isOpen(workshop);
  return {
    workshop: { id: workshop.id, title: workshop.title, endsAt: workshop.endsAt, ended: !open, broadcast: open ? workshop.broadcast : null, broadcastAt: open ? workshop.broadcastAt : null },
    name: member.name,
    help: open ? member.help : null,
  };
}
