import "server-only";
import { database } from "../progress";
import { siteKey } from "../site-secret";
import { getConfig } from "../config";
import { WorkshopClaims } from "./claims";
import { WorkshopStore } from "./store";
import { TrainerAccounts } from "./trainers";

/*
 * The process-wide pieces of the workshop feature, without Next: the site
 * server (site-server/spectators.ts) uses them before Next is loaded.
 */
const holder = globalThis as typeof globalThis & {
  __quaiWorkshops?: WorkshopStore;
  __quaiWorkshopClaims?: WorkshopClaims;
  __quaiTrainerAccounts?: TrainerAccounts;
};

export function getWorkshopStore(): WorkshopStore {
  holder.__quaiWorkshops ??= new WorkshopStore(database());
  return holder.__quaiWorkshops;
}

/** « C'est bien moi » requests, on the same database. */
export function workshopClaims(): WorkshopClaims {
  holder.__quaiWorkshopClaims ??= new WorkshopClaims(database());
  return holder.__quaiWorkshopClaims;
}

export function trainerAccounts(): TrainerAccounts {
  holder.__quaiTrainerAccounts ??= TrainerAccounts.fromConfig(getConfig());
  return holder.__quaiTrainerAccounts;
}

/** The key trainer sessions are sealed with. */
export function trainerSessionKey(): string {
  return siteKey("trainer-session");
}
