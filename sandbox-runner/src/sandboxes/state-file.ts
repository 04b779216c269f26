import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import { OWNER_PATTERN, RESERVATION_KEY, SANDBOX_ID_PATTERN, reservationFieldsSchema } from "../protocol/index.js";

/**
 * What the runner knows that the engine does not: a container's labels are
 * fixed at its creation, so a trainer's extension, the workshop a sandbox
 * holds a seat of (and so its lifetime) and the workshops' reservations with
 * their warm sandboxes would be forgotten by a crash. The manager saves them
 * here after each change and reads them back before adopting the sandboxes.
 */
const reservationKey = z.string().regex(RESERVATION_KEY);
const sandboxId = z.string().regex(SANDBOX_ID_PATTERN);

export const runnerStateSchema = z.object({
  version: z.literal(1),
  savedAt: z.number().int().nonnegative(),
  reservations: z
    .array(
      reservationFieldsSchema.extend({
        key: reservationKey,
        /** Its warm sandboxes (owner-less containers, told apart from the runner's own pool only by this list). */
        warmIds: z.array(sandboxId).max(1000),
      }),
    )
    .max(1000),
  sandboxes: z
    .array(
      z.object({
        id: sandboxId,
        owner: z.string().regex(OWNER_PATTERN),
        expiresAt: z.number().int().nonnegative(),
        reservation: reservationKey.optional(),
      }),
    )
    .max(10_000),
});

export type RunnerState = z.output<typeof runnerStateSchema>;

export const emptyRunnerState = (): RunnerState => ({ version: 1, savedAt: 0, reservations: [], sandboxes: [] });

/** Where the manager keeps its state; a file in production, memory in unit tests. */
export interface StateStore {
  /** The last saved state; an empty one when there is none or it cannot be used (never throws). */
  load(): Promise<RunnerState>;
  /** Saves `state` durably; resolves once it (or a later state) is on disk. */
  save(state: RunnerState): Promise<void>;
}

/** Far above any real state (10,000 sandboxes take about 1 MB): a bigger file is not ours. */
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * The state in one JSON file, replaced whole on each save: written and
 * flushed under a temporary name, renamed over the old one, then the folder
 * flushed, so a crash or a power cut leaves the previous state or the new
 * one, never half of one. Saves are serialised; a save asked while one is
 * being written is merged with any other asked meanwhile (the latest state
 * wins), so a burst of changes costs two writes, not one per change.
 *
 * Hand-written rather than write-file-atomic: that library does not flush
 * the folder after its rename, which is what makes the new name durable.
 */
export class FileStateStore implements StateStore {
  private latest: RunnerState | null = null;
  /** The save waiting behind the one being written, if any. */
  private queued: Promise<void> | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  async load(): Promise<RunnerState> {
    let text: string;
    try {
      const { size } = await stat(this.file);
      if (size > MAX_BYTES) return await this.unusable(new Error(`${size} bytes, more than the ${MAX_BYTES} a runner's state ever takes`));
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyRunnerState();
      return this.unusable(err);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return this.unusable(err);
    }
    const parsed = runnerStateSchema.safeParse(json);
    if (!parsed.success) return this.unusable(new Error(z.prettifyError(parsed.error)));
    return parsed.data;
  }

  /**
   * A file that cannot be read as a runner's state: said once, clearly, and
   * set aside for a person to look at (the next save would overwrite it);
   * the runner starts as if it had none, which costs only what follows.
   */
  private async unusable(err: unknown): Promise<RunnerState> {
    const aside = `${this.file}.unreadable`;
    const moved = await rename(this.file, aside).then(
      () => true,
      () => false,
    );
    this.log.error(
      { err, file: this.file, ...(moved ? { keptAs: aside } : {}) },
      "runner state unreadable, starting without it: adopted sandboxes get the default lifetime (extensions lost) and workshops' reservations and warm sandboxes come back when their trainer's dashboard or a learner's page asks the runner again",
    );
    return emptyRunnerState();
  }

  save(state: RunnerState): Promise<void> {
    this.latest = state;
    if (!this.queued) {
      const queued = this.tail.then(() => {
        this.queued = null;
        return this.write(this.latest!);
      });
      this.queued = queued;
      // The next save waits for this one, whether it failed or not.
      this.tail = queued.catch(() => undefined);
    }
    return this.queued;
  }

  private async write(state: RunnerState): Promise<void> {
    const dir = path.dirname(this.file);
    const temporary = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // "wx": a new file, never through a name someone else put there.
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(state)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.file);
      const folder = await open(dir, "r");
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    } catch (err) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new Error(`save runner state ${this.file}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** A store in memory, for unit tests of what the manager saves and restores. */
export class MemoryStateStore implements StateStore {
  saved: RunnerState = emptyRunnerState();
  saves = 0;

  async load(): Promise<RunnerState> {
    return runnerStateSchema.parse(structuredClone(this.saved));
  }

  async save(state: RunnerState): Promise<void> {
    this.saves++;
    this.saved = structuredClone(state);
  }
}
