import type { LearnerWorkshop } from "./contract";
import { getWorkshopStore } from "./server";

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
