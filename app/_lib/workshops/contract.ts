import { z } from "zod";
import { CHAPTER_SLUG } from "@quai/sandbox-runner/protocol";

/**
 * The workshop API's shapes, once: the routes parse their input with these
 * schemas and the trainer's and learner's pages parse the answers with them.
 * Nothing here may import server code (the browser bundles this file).
 */

/** Workshop ids are also the runner's reservation keys ([a-z0-9-], see sandbox-runner RESERVATION_KEY). */
export const WORKSHOP_ID = /^w-[a-z0-9]{12}$/;
/** Join codes: 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L), shown as XXXX-XXXX. */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{8}$`);
export const LEARNER_ID = /^[a-f0-9]{32}$/;
export const CLAIM_ID = /^[a-f0-9]{16}$/;

/** What a person types as a code: spaces, dashes and case do not matter. */
export function normaliseJoinCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]+/g, "");
}

export function formatJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} est obligatoire.` })
    .trim()
    .min(1, `${what} est obligatoire.`)
    .max(max, `${what} ne doit pas dépasser ${max} caractères.`);

export const signInSchema = z.object({
  name: text(64, "L'identifiant"),
  password: z.string({ error: "Le mot de passe est obligatoire." }).min(1, "Le mot de passe est obligatoire.").max(256, "Mot de passe trop long."),
});

export const createWorkshopSchema = z
  .object({
    title: text(120, "Le titre"),
    chapters: z.array(z.string().regex(CHAPTER_SLUG, "Chapitre invalide.")).min(1, "Choisissez au moins un chapitre.").max(100),
    startsAt: z.iso.datetime({ offset: true, error: "Date de début invalide." }),
    endsAt: z.iso.datetime({ offset: true, error: "Date de fin invalide." }),
    capacity: z.number({ error: "Le nombre de places doit être un nombre." }).int("Le nombre de places doit être un nombre entier.").min(1, "Il faut au moins une place.").max(200, "200 places au plus."),
    sandboxMinutes: z.number({ error: "La durée doit être un nombre." }).int("La durée doit être un nombre entier de minutes.").min(15, "15 minutes au moins.").max(720, "12 heures au plus."),
  })
  .refine((w) => Date.parse(w.endsAt) > Date.parse(w.startsAt), { message: "La fin doit venir après le début.", path: ["endsAt"] })
  .refine((w) => Date.parse(w.endsAt) - Date.parse(w.startsAt) <= 13 * 24 * 3600_000, { message: "Un atelier dure 13 jours au plus.", path: ["endsAt"] });
export type CreateWorkshop = z.output<typeof createWorkshopSchema>;

export const joinSchema = z.object({
  code: z.string().max(32, "Code invalide.").transform(normaliseJoinCode).pipe(z.string().regex(JOIN_CODE, "Ce code ne ressemble pas à un code d'atelier (8 caractères, par exemple K7QM-3XPA).")),
  name: text(40, "Votre nom").refine((n) => !/[\p{Cc}]/u.test(n), "Votre nom contient des caractères invalides."),
});

export const helpSchema = z.object({ message: z.string().trim().max(280, "280 caractères au plus.").optional() });

export const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("prewarm"), count: z.number().int().min(0, "0 au moins.").max(200, "200 au plus.") }),
  z.object({ type: z.literal("extend"), learner: z.string().regex(LEARNER_ID).optional(), minutes: z.number().int().min(5, "5 minutes au moins.").max(240, "4 heures au plus.") }),
  z.object({ type: z.literal("reset"), learner: z.string().regex(LEARNER_ID) }),
  z.object({ type: z.literal("broadcast"), message: z.string().trim().max(280, "280 caractères au plus.") }),
  z.object({ type: z.literal("resolve-help"), learner: z.string().regex(LEARNER_ID) }),
  z.object({ type: z.literal("end") }),
  // « Prendre la main »: take = true asks the learner; false gives it back (or withdraws the request).
  z.object({ type: z.literal("control"), learner: z.string().regex(LEARNER_ID), take: z.boolean() }),
  // « C'est bien moi » from another browser: the trainer confirms (the browser becomes that learner) or refuses.
  z.object({ type: z.literal("claim"), claim: z.string().regex(CLAIM_ID), accept: z.boolean() }),
]);
export type WorkshopAction = z.output<typeof actionSchema>;

export const workshopSchema = z.object({
  id: z.string().regex(WORKSHOP_ID),
  trainer: z.string(),
  title: z.string(),
  chapters: z.array(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().int(),
  sandboxMinutes: z.number().int(),
  joinCode: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  broadcast: z.string().nullable(),
  broadcastAt: z.string().nullable(),
});
export type Workshop = z.output<typeof workshopSchema>;

export const exerciseStatSchema = z.object({ attempts: z.number().int(), failures: z.number().int(), passedAt: z.string().nullable(), firstAttemptAt: z.string() });

export const rosterRowSchema = z.object({
  learnerId: z.string(),
  name: z.string(),
  joinedAt: z.string(),
  connected: z.boolean(),
  watched: z.boolean(),
  /** « Prendre la main »: asked (waiting for the learner's answer), granted, or none. */
  control: z.enum(["none", "asked", "granted"]),
  chapter: z.string().nullable(),
  lastActivityAt: z.string(),
  passed: z.number().int(),
  attempted: z.number().int(),
  failures: z.number().int(),
  exercises: z.record(z.string(), exerciseStatSchema),
  sandboxExpiresAt: z.number().nullable(),
  help: z.object({ at: z.string(), message: z.string().nullable() }).nullable(),
});
export type RosterRow = z.output<typeof rosterRowSchema>;

export const exerciseInfoSchema = z.object({ id: z.string(), title: z.string(), chapter: z.string() });
export const chapterInfoSchema = z.object({ slug: z.string(), title: z.string() });
export type ExerciseInfo = z.output<typeof exerciseInfoSchema>;
export type ChapterInfo = z.output<typeof chapterInfoSchema>;

export const reservationStateSchema = z.object({ seats: z.number().int(), warm: z.number().int(), ready: z.number().int(), used: z.number().int() }).nullable();

export const dashboardSchema = z.object({
  workshop: workshopSchema,
  chapters: z.array(chapterInfoSchema),
  exercises: z.array(exerciseInfoSchema),
  roster: z.array(rosterRowSchema),
  reservation: reservationStateSchema,
  /** Someone on another browser says they are this member: the trainer answers. */
  claims: z.array(z.object({ id: z.string(), name: z.string(), member: z.string(), at: z.number() })),
  at: z.number(),
});
export type Dashboard = z.output<typeof dashboardSchema>;

const joinedWorkshopSchema = z.object({ id: z.string(), title: z.string(), firstChapter: z.string().nullable() });

/** What a learner who got in is told of the workshop: where their course starts. */
export function joinedWorkshop(w: Pick<Workshop, "id" | "title" | "chapters">): z.output<typeof joinedWorkshopSchema> {
  return { id: w.id, title: w.title, firstChapter: w.chapters[0] ?? null };
}

/** The answer to a join: in, or waiting for the trainer to confirm that the name is theirs (202). */
export const joinResultSchema = z.union([z.object({ workshop: joinedWorkshopSchema }), z.object({ claim: z.object({ name: z.string() }) })]);

/** Where the browser's « c'est bien moi » request stands. */
export const claimStateSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("pending"), name: z.string() }),
  z.object({ status: z.literal("accepted"), name: z.string(), workshop: joinedWorkshopSchema }),
  z.object({ status: z.literal("refused"), name: z.string() }),
  z.object({ status: z.literal("none") }),
]);
export type ClaimState = z.output<typeof claimStateSchema>;

/** What a learner's page knows of their workshop. */
export const learnerWorkshopSchema = z.object({
  workshop: z.object({ id: z.string(), title: z.string(), endsAt: z.string(), ended: z.boolean(), broadcast: z.string().nullable(), broadcastAt: z.string().nullable() }).nullable(),
  name: z.string().nullable(),
  help: z.object({ at: z.string(), message: z.string().nullable() }).nullable(),
});
export type LearnerWorkshop = z.output<typeof learnerWorkshopSchema>;

/** Events on a learner's stream. */
export const learnerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("broadcast"), message: z.string(), at: z.string() }),
  z.object({ type: z.literal("watched"), watching: z.boolean() }),
  z.object({ type: z.literal("control"), state: z.enum(["none", "asked", "granted"]) }),
  z.object({ type: z.literal("help-resolved") }),
  z.object({ type: z.literal("ended") }),
]);
export type LearnerEvent = z.output<typeof learnerEventSchema>;
export type ControlState = RosterRow["control"];

/** The learner's answer to « prendre la main »: accept a request, or refuse it / take their terminal back. */
export const controlAnswerSchema = z.object({ accept: z.boolean() });

export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
