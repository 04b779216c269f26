import "server-only";
import { exercisesOf } from "../content";
import { getChapter } from "../course";
import { Refusal } from "../refusal";
import { getRunnerClient } from "../runner";
import type { ReservationState, WorkbenchRunnerClient } from "../runner-client";
import { RunnerError } from "../runner-client";
import type { ChapterInfo, Dashboard, ExerciseInfo, Workshop, WorkshopAction } from "./contract";
import { buildDashboard } from "./dashboard";
import { workshopLive } from "./live";
import { getWorkshopStore, workshopClaims } from "./server";

/** How long a learner's sandbox end, read from the runner, is trusted: the roster refreshes often, the runner is asked at most this often per learner. */
const SANDBOX_INFO_TTL_MS = 10_000;
const holder = globalThis as typeof globalThis & { __quaiSandboxEnds?: Map<string, { at: number; expiresAt: number | null }> };
const sandboxEnds = (holder.__quaiSandboxEnds ??= new Map());

export function courseOf(workshop: Workshop): { chapters: ChapterInfo[]; exercises: ExerciseInfo[] } {
  const chapters: ChapterInfo[] = [];
  const exercises: ExerciseInfo[] = [];
  for (const slug of workshop.chapters) {
    const chapter = getChapter(slug);
    if (!chapter) continue;
    chapters.push({ slug, title: chapter.frontmatter.title });
    for (const block of exercisesOf(chapter)) exercises.push({ id: block.exercise.id, title: block.exercise.title, chapter: slug });
  }
  return { chapters, exercises };
}

async function refreshSandboxEnds(runner: WorkbenchRunnerClient, learnerIds: string[], now: number): Promise<void> {
  const stale = learnerIds.filter((id) => (sandboxEnds.get(id)?.at ?? 0) < now - SANDBOX_INFO_TTL_MS);
  await Promise.all(
    stale.map(async (id) => {
      try {
        const sb = await runner.sandboxOf(id);
        sandboxEnds.set(id, { at: now, expiresAt: sb ? sb.expiresAt : null });
      } catch (error) {
        // Remembered as unknown too: a runner that is down is not asked 40 times per roster update.
        sandboxEnds.set(id, { at: now, expiresAt: null });
        console.warn(`workshop roster: ${(error as Error).message}`);
      }
    }),
  );
}

function forgetSandboxEnd(learnerId: string): void {
  sandboxEnds.delete(learnerId);
}

/**
 * Holds the workshop's seats on the runner while it is open. The runner
 * saves its reservations and keeps them across a restart; the next dashboard
 * or join puts one back if it was lost all the same (its state file
 * unreadable), with no warm sandbox until the trainer asks again. Failing to
 * hold them is told to the trainer, not fatal.
 */
export async function ensureReservation(workshop: Workshop, warm?: number, runner = getRunnerClient()): Promise<ReservationState | null> {
  if (!getWorkshopStore().isOpen(workshop)) return null;
  const current = await runner.reservation(workshop.id);
  if (current && warm === undefined) return current;
  return runner.reserve(workshop.id, {
    seats: workshop.capacity,
    warm: Math.min(warm ?? current?.warm ?? 0, workshop.capacity),
    until: Math.min(Date.parse(workshop.endsAt), Date.now() + 14 * 24 * 3600_000 - 60_000),
    lifetimeMs: workshop.sandboxMinutes * 60_000,
  });
}

export async function loadDashboard(workshop: Workshop, runner = getRunnerClient()): Promise<Dashboard> {
  const store = getWorkshopStore();
  const live = workshopLive();
  const [members, attempts] = await Promise.all([store.members(workshop.id), store.attempts(workshop.id)]);
  const now = Date.now();
  await refreshSandboxEnds(runner, members.map((m) => m.learnerId), now);
  let reservation: Dashboard["reservation"] = null;
  try {
    const r = await ensureReservation(workshop, undefined, runner);
    reservation = r && { seats: r.seats, warm: r.warm, ready: r.ready, used: r.used };
  } catch (error) {
    console.warn(`workshop ${workshop.id}: reservation: ${(error as Error).message}`);
  }
  return buildDashboard({
    workshop,
    ...courseOf(workshop),
    members,
    attempts,
    connected: (id) => live.isConnected(id),
    watched: (id) => live.isWatched(id),
    control: (id) => live.controlOf(workshop.id, id),
    sandboxExpiresAt: (id) => sandboxEnds.get(id)?.expiresAt ?? null,
    reservation,
    claims: (await workshopClaims().pending(workshop.id)).map((c) => ({ id: c.id, name: c.name, member: c.member, at: c.at })),
    now,
  });
}

async function memberOrRefuse(workshop: Workshop, learnerId: string): Promise<void> {
  if (!(await getWorkshopStore().member(workshop.id, learnerId))) throw new Refusal(404, "unknown_member", "Cette personne ne participe pas à cet atelier.", `${learnerId} is not in ${workshop.id}`);
}

const runnerGone = (error: unknown) => error instanceof RunnerError && error.status === 404;

/** Runs a trainer's action on the workshop; returns a French sentence saying what was done. */
export async function runAction(workshop: Workshop, action: WorkshopAction, runner = getRunnerClient()): Promise<string> {
  const store = getWorkshopStore();
  const live = workshopLive();
  if (action.type !== "resolve-help" && !store.isOpen(workshop)) throw new Refusal(409, "workshop_ended", "Cet atelier est terminé.", `${workshop.id} has ended`);
  switch (action.type) {
    case "prewarm": {
      const warm = (await ensureReservation(workshop, action.count, runner))?.warm ?? 0;
      return warm === 1 ? "1 bac à sable en préparation pour l'atelier." : `${warm} bacs à sable en préparation pour l'atelier.`;
    }
    case "extend": {
      const targets = action.learner ? [action.learner] : (await store.members(workshop.id)).map((m) => m.learnerId);
      if (action.learner) await memberOrRefuse(workshop, action.learner);
      let extended = 0;
      for (const learnerId of targets) {
        const sb = await runner.sandboxOf(learnerId);
        if (!sb) continue;
        try {
          await runner.extend(sb.id, action.minutes);
          extended++;
        } catch (error) {
          if (!runnerGone(error)) throw error;
        }
        forgetSandboxEnd(learnerId);
      }
      live.changed(workshop.id);
      if (extended === 0) return "Aucun bac à sable en marche à prolonger.";
      return extended === 1 ? `1 bac à sable prolongé de ${action.minutes} minutes.` : `${extended} bacs à sable prolongés de ${action.minutes} minutes.`;
    }
    case "reset": {
      await memberOrRefuse(workshop, action.learner);
      const sb = await runner.sandboxOf(action.learner);
      if (!sb) return "Cette personne n'a pas de bac à sable en marche : elle en aura un neuf en ouvrant un chapitre.";
      live.endControl(workshop.id, action.learner);
      await runner.destroy(sb.id);
      forgetSandboxEnd(action.learner);
      live.changed(workshop.id);
      return "Bac à sable supprimé : la personne en reçoit un neuf en rechargeant sa page.";
    }
    case "broadcast": {
      const message = action.message === "" ? null : action.message;
      await store.setBroadcast(workshop.id, message);
      const at = new Date().toISOString();
      for (const m of await store.members(workshop.id)) live.tell(m.learnerId, { type: "broadcast", message: message ?? "", at });
      return message ? "Message envoyé à toute la classe." : "Message retiré.";
    }
    case "resolve-help": {
      await memberOrRefuse(workshop, action.learner);
      if (await store.resolveHelp(workshop.id, action.learner)) live.tell(action.learner, { type: "help-resolved" });
      live.changed(workshop.id);
      return "Demande d'aide close.";
    }
    case "claim": {
      const claim = await workshopClaims().decide(workshop.id, action.claim, action.accept);
      if (!claim) throw new Refusal(404, "unknown_claim", "Cette demande n'existe plus (déjà traitée, ou trop ancienne).", `no pending claim ${action.claim} in ${workshop.id}`);
      live.changed(workshop.id);
      return action.accept ? `${claim.name} retrouve sa place sur son nouveau navigateur.` : `Demande refusée : la personne choisira un autre nom.`;
    }
    case "control": {
      await memberOrRefuse(workshop, action.learner);
      if (!action.take) return live.endControl(workshop.id, action.learner) ? "La personne a de nouveau la main sur son terminal." : "Vous n'aviez pas la main sur ce terminal.";
      if (!live.isWatched(action.learner)) throw new Refusal(409, "not_watching", "Ouvrez d'abord le terminal de la personne (« Voir le terminal »).", `${action.learner} is not watched`);
      live.askControl(workshop.id, action.learner);
      return "Demande envoyée : la personne doit l'accepter sur sa page.";
    }
    case "end": {
      await store.end(workshop.id);
      const members = await store.members(workshop.id);
      for (const m of members) {
        // Sleeping sandboxes too: none of the class's may wake after its end.
        live.endControl(workshop.id, m.learnerId);
        await runner.destroyOwned(m.learnerId);
        forgetSandboxEnd(m.learnerId);
        live.tell(m.learnerId, { type: "ended" });
      }
      await runner.release(workshop.id);
      live.changed(workshop.id);
      return "Atelier terminé : les bacs à sable sont supprimés, la progression est conservée.";
    }
  }
}
