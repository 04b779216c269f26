import type { IncomingMessage } from "node:http";
import { TERMINAL_ID_PATTERN, patternBody } from "@quai/sandbox-runner/protocol";
import type { AppConfig } from "../app/_lib/config";
import type { WorkbenchRunnerClient } from "../app/_lib/runner-client";
import { LEARNER_ID, WORKSHOP_ID } from "../app/_lib/workshops/contract";
import { workshopLive } from "../app/_lib/workshops/live";
import type { WorkshopStore } from "../app/_lib/workshops/store";
import { openTrainerSession, TRAINER_COOKIE } from "../app/_lib/workshops/trainer-session";
import type { TrainerAccounts } from "../app/_lib/workshops/trainers";
import { errorBody } from "./raw-answer";
import type { SpectatorGate } from "./terminal-proxy";

/** A trainer's read-only view of a learner's terminal: /ws/formateur/ateliers/:workshop/apprenants/:learner/terminaux/:terminal. */
export const SPECTATOR_PATH = new RegExp(`^/ws/formateur/ateliers/(${patternBody(WORKSHOP_ID)})/apprenants/(${patternBody(LEARNER_ID)})/terminaux/(${patternBody(TERMINAL_ID_PATTERN)})$`);

export interface SpectatorDeps {
  config: Pick<AppConfig, "trustProxy">;
  sessionKey: () => string;
  accounts: () => TrainerAccounts;
  store: () => WorkshopStore;
  runner: () => WorkbenchRunnerClient;
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

function sameOrigin(req: IncomingMessage, trustProxy: boolean): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const forwarded = trustProxy ? String(req.headers["x-forwarded-host"] ?? "").split(",")[0]?.trim() : "";
  try {
    return new URL(origin).host === (forwarded || req.headers.host);
  } catch {
    return false;
  }
}

const refuse = (status: number, code: string, messageFr: string) => ({ status, body: errorBody(code, messageFr) });

/**
 * Authorises a spectator socket on the upgrade, before any WebSocket exists:
 * same Origin, a trainer's sealed session, a workshop that trainer runs (or
 * the admin), a learner of that workshop with a running sandbox. The runner
 * then gets a viewer token: it never creates a shell for it and drops what
 * it types. While the socket lasts, the learner's page says so.
 */
export function createSpectatorGate(deps: SpectatorDeps): SpectatorGate {
  return {
    path: SPECTATOR_PATH,
    async authorize(req, match, url) {
      const [, workshopId = "", learnerId = "", terminalId = ""] = match;
      if (!sameOrigin(req, deps.config.trustProxy)) return refuse(403, "forbidden_origin", "Cette connexion ne vient pas du site Quai.");
      const claimed = await openTrainerSession(cookieOf(req, TRAINER_COOKIE), deps.sessionKey());
      const trainer = claimed && deps.accounts().get(claimed.name);
      if (!trainer) return refuse(403, "trainers_only", "Réservé aux formateurs : connectez-vous sur /formateur.");
      const workshop = await deps.store().get(workshopId);
      if (!workshop) return refuse(404, "unknown_workshop", "Cet atelier n'existe pas.");
      if (!trainer.admin && workshop.trainer !== trainer.name) return refuse(403, "not_your_workshop", "Cet atelier est celui d'un autre formateur.");
      if (!(await deps.store().member(workshopId, learnerId))) return refuse(403, "not_in_workshop", "Cette personne ne participe pas à cet atelier.");
      const runner = deps.runner();
      const sandbox = await runner.sandboxOf(learnerId);
      if (!sandbox) return refuse(404, "no_sandbox", "Cette personne n'a pas de bac à sable en marche.");
      if (!sandbox.terminals.includes(terminalId)) return refuse(404, "no_terminal", "Ce terminal n'est pas ouvert.");
      // « Prendre la main », once the learner accepted: a writer's token. Its size stays the learner's (no cols/rows).
      const live = workshopLive();
      const writer = live.controlOf(workshopId, learnerId) === "granted";
      const { token } = await runner.token(sandbox.id, writer ? "owner" : "viewer");
      const query = new URLSearchParams({ token });
      for (const name of writer ? ["offset"] : ["offset", "cols", "rows"]) {
        const value = url.searchParams.get(name);
        if (value !== null) query.set(name, value);
      }
      return {
        runnerPath: `/v1/sandboxes/${sandbox.id}/terminals/${terminalId}?${query}`,
        opened: (close) => {
          const stop = live.watchStarted(learnerId, close);
          live.changed(workshopId);
          return () => {
            stop();
            live.changed(workshopId);
          };
        },
      };
    },
  };
}
