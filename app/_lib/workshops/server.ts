import "server-only";
import { cookies } from "next/headers";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { retryInFr } from "../limits/retry-in";
import { Refusal } from "../refusal";
import type { Workshop } from "./contract";
import { WORKSHOP_ID } from "./contract";
import { getWorkshopStore, trainerAccounts, trainerSessionKey } from "./registry";
import { openTrainerSession, TRAINER_COOKIE } from "./trainer-session";
import type { Trainer } from "./trainers";

const holder = globalThis as typeof globalThis & {
  __quaiWorkshopLimits?: { signIn: RateLimiterMemory; signInByName: RateLimiterMemory; join: RateLimiterMemory };
};

export { getWorkshopStore, trainerAccounts, trainerSessionKey, workshopClaims } from "./registry";

// Sign-in: 10 tries per address and 20 per account every 15 minutes (a
// trainer mistyping is never blocked; guessing a 16-character password is).
// Join codes: 20 wrong codes per address a minute, far too few to guess one
// of 2^40; a right code costs nothing, so a class behind one NAT joins at once.
function limits() {
  holder.__quaiWorkshopLimits ??= {
    signIn: new RateLimiterMemory({ points: 10, duration: 15 * 60 }),
    signInByName: new RateLimiterMemory({ points: 20, duration: 15 * 60 }),
    join: new RateLimiterMemory({ points: 20, duration: 60 }),
  };
  return holder.__quaiWorkshopLimits;
}

function refusal(res: RateLimiterRes, key: string, code: string, what: string): Refusal {
  const s = Math.ceil(res.msBeforeNext / 1000);
  return new Refusal(429, code, `${what} Réessayez ${retryInFr(s)}.`, `${code} for ${key}: retry in ${s} s`, s);
}

async function spend(limiter: RateLimiterMemory, key: string, code: string, what: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (rejected) {
    if (!(rejected instanceof RateLimiterRes)) throw rejected;
    throw refusal(rejected, key, code, what);
  }
}

const TOO_MANY_JOINS = ["too_many_joins", "Trop de codes essayés depuis votre réseau."] as const;

export async function spendSignIn(address: string, name: string): Promise<void> {
  await spend(limits().signIn, address, "too_many_sign_ins", "Trop de tentatives de connexion.");
  await spend(limits().signInByName, name.trim().toLowerCase(), "too_many_sign_ins", "Trop de tentatives de connexion pour cet identifiant.");
}

/** Before a join is looked at: refused while the address has used up its wrong codes. */
export async function joinAllowed(address: string): Promise<void> {
  const res = await limits().join.get(address);
  if (res && res.remainingPoints <= 0) throw refusal(res, address, ...TOO_MANY_JOINS);
}

/** A code that opens no workshop: it counts against the address's budget. */
export async function spendWrongCode(address: string): Promise<void> {
  await spend(limits().join, address, ...TOO_MANY_JOINS);
}

export const TRAINERS_ONLY_FR = "Cette page est réservée aux formateurs : connectez-vous sur /formateur.";

/** The trainer behind the request, or null (no session, or one that no longer holds). */
export async function trainerOrNull(): Promise<Trainer | null> {
  const value = (await cookies()).get(TRAINER_COOKIE)?.value;
  const claimed = await openTrainerSession(value, trainerSessionKey());
  return claimed ? trainerAccounts().get(claimed.name) : null;
}

/** The trainer behind an API request; a learner (or anyone else) gets a 403. */
export async function requireTrainer(): Promise<Trainer> {
  const trainer = await trainerOrNull();
  if (!trainer) throw new Refusal(403, "trainers_only", TRAINERS_ONLY_FR, "no valid trainer session");
  return trainer;
}

/** Whether the trainer may see and run the workshop: theirs, or any for the admin. */
export function mayRun(trainer: Trainer, workshop: Workshop): boolean {
  return trainer.admin || workshop.trainer === trainer.name;
}

/** The workshop `id` if this trainer may run it; 404 when it does not exist, 403 when it is another's. */
export async function workshopOf(trainer: Trainer, id: string): Promise<Workshop> {
  const workshop = WORKSHOP_ID.test(id) ? await getWorkshopStore().get(id) : undefined;
  if (!workshop) throw new Refusal(404, "unknown_workshop", "Cet atelier n'existe pas.", `no workshop ${JSON.stringify(id).slice(0, 80)}`);
  if (!mayRun(trainer, workshop)) throw new Refusal(403, "not_your_workshop", "Cet atelier est celui d'un autre formateur.", `${trainer.name} may not run ${id} (${workshop.trainer}'s)`);
  return workshop;
}
