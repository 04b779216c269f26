import { workshopLive } from "./live";
import { getWorkshopStore } from "./server";

/** A learner's exercise check, also recorded under their open workshop (if any), and the trainer's roster told. */
export async function recordWorkshopAttempt(learnerId: string, exerciseId: string, passed: boolean): Promise<void> {
  const store = getWorkshopStore();
  const active = await store.activeOf(learnerId);
  if (!active) return;
  await store.recordAttempt(active.workshop.id, learnerId, exerciseId, passed);
  workshopLive().changed(active.workshop.id);
}
