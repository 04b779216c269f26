import type { QueuePlace } from "../protocol/index.js";

/**
 * Errors the runner's edges map to one HTTP status and one French sentence.
 * `detail` keeps the English context for logs.
 */
export class SandboxError extends Error {
  constructor(
    readonly code: "not_found" | "capacity" | "too_many_terminals" | "bad_request" | "conflict" | "unavailable" | "would_start",
    readonly status: number,
    readonly messageFr: string,
    detail: string,
    /** More for the client, beside code and message (e.g. a place in the waiting line). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "SandboxError";
  }
}

export const notFound = (id: string) =>
  new SandboxError("not_found", 404, "Ce bac à sable n'existe plus (il a expiré ou a été arrêté). Demandez-en un nouveau.", `sandbox ${id} not found`);

export const noSandboxOf = (owner: string) =>
  new SandboxError("not_found", 404, "Vous n'avez pas de bac à sable en marche : il a expiré, ou n'a pas encore démarré. Démarrez-en un nouveau.", `owner ${owner} has no sandbox`);

/** Why a learner waits: every place is taken, or the host is too busy to start one in time. */
export type WaitReason = NonNullable<QueuePlace["reason"]>;

export const noCapacity = (max: number, position: number, waiting: number, reason: WaitReason = "full") => {
  const state = reason === "busy" ? "La machine est très occupée pour le moment" : "Quai est complet pour le moment";
  return new SandboxError(
    "capacity",
    503,
    position > 0
      ? `${state} : vous êtes n° ${position} dans la file d'attente (${waiting} ${waiting > 1 ? "personnes" : "personne"}). Vous entrerez automatiquement dès qu'une place se libère.`
      : `${state}. Vous entrerez automatiquement dès qu'une place se libère.`,
    reason === "busy"
      ? `host too busy to start a sandbox (load per core above the limit); position ${position} of ${waiting}`
      : `capacity reached (${max} sandboxes); position ${position} of ${waiting}`,
    { queue: { position, waiting, reason } satisfies QueuePlace },
  );
};

/** A `noStart` acquire (api.ts's sandboxRequestSchema) that would have had to start a container. */
export const wouldStart = (owner: string, why: string) =>
  new SandboxError("would_start", 409, "Votre bac à sable doit être démarré : la page le demande dès qu'elle est chargée.", `no sandbox for ${owner} without starting a container (${why})`);

export const tooManyTerminals = (max: number) =>
  new SandboxError("too_many_terminals", 409, `Vous avez déjà ${max} terminaux ouverts sur ce bac à sable. Fermez-en un.`, `terminal limit ${max} reached`);

export const badRequest = (messageFr: string, detail: string) => new SandboxError("bad_request", 400, messageFr, detail);

export const conflict = (messageFr: string, detail: string) => new SandboxError("conflict", 409, messageFr, detail);
