import { workshopLive } from "./live";
import { getWorkshopStore } from "./server";

/** A learner's exercise check, also recorded under their open workshop (if any), and the trainer's roster told. */
export function recordWorkshopAttempt(learnerId: string, exerciseId: string, passed: boolean): void {
  const store = getWorkshopStore();
  const active = store.activeOf(learnerId);
  if (!active) return;
  store.recordAttempt(active.workshop.id, learnerId, exerciseId, passed);
  workshopLive().changed(active.workshop.id);
}
