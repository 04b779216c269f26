import "server-only";
import { EventEmitter } from "node:events";
import type { LearnerEvent } from "./contract";

/**
 * What happens live in a workshop, in this process: which learners have a
 * page open (connected), whose terminal a trainer watches, and the events
 * that make the trainer's roster and the learners' pages update. On
 * globalThis under a Symbol.for key, because Next's route handlers and the
 * site server (site-server/, bundled apart) must share one instance.
 */
export class WorkshopLive {
  private readonly emitter = new EventEmitter();
  private readonly pages = new Map<string, number>();
  private readonly watchers = new Map<string, number>();

  constructor() {
    // One listener per open dashboard and per learner page: 40 learners and a few trainers.
    this.emitter.setMaxListeners(0);
  }

  /** The roster of `workshopId` changed. */
  changed(workshopId: string): void {
    this.emitter.emit(`workshop:${workshopId}`);
  }

  onChange(workshopId: string, listener: () => void): () => void {
    this.emitter.on(`workshop:${workshopId}`, listener);
    return () => this.emitter.off(`workshop:${workshopId}`, listener);
  }

  tell(learnerId: string, event: LearnerEvent): void {
    this.emitter.emit(`learner:${learnerId}`, event);
  }

  onLearner(learnerId: string, listener: (event: LearnerEvent) => void): () => void {
    this.emitter.on(`learner:${learnerId}`, listener);
    return () => this.emitter.off(`learner:${learnerId}`, listener);
  }

  /** A learner's page opened its stream; returns what to call when it closes. */
  pageOpened(learnerId: string): () => void {
    this.pages.set(learnerId, (this.pages.get(learnerId) ?? 0) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const n = (this.pages.get(learnerId) ?? 1) - 1;
      if (n <= 0) this.pages.delete(learnerId);
      else this.pages.set(learnerId, n);
    };
  }

  isConnected(learnerId: string): boolean {
    return this.pages.has(learnerId);
  }

  /** A trainer started watching the learner's terminal; returns what to call when they stop. */
  watchStarted(learnerId: string): () => void {
    const n = (this.watchers.get(learnerId) ?? 0) + 1;
    this.watchers.set(learnerId, n);
    if (n === 1) this.tell(learnerId, { type: "watched", watching: true });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const left = (this.watchers.get(learnerId) ?? 1) - 1;
      if (left <= 0) {
        this.watchers.delete(learnerId);
        this.tell(learnerId, { type: "watched", watching: false });
      } else this.watchers.set(learnerId, left);
    };
  }

  isWatched(learnerId: string): boolean {
    return this.watchers.has(learnerId);
  }
}

const KEY = Symbol.for("quai.workshops.live");
const holder = globalThis as typeof globalThis & { [KEY]?: WorkshopLive };

export function workshopLive(): WorkshopLive {
  holder[KEY] ??= new WorkshopLive();
  return holder[KEY];
}
