import "server-only";
import { EventEmitter } from "node:events";
import { CloseCode } from "@quai/sandbox-runner/protocol";
import type { ControlState, LearnerEvent } from "./contract";

/** After the last view of a terminal under control closed, how long the trainer has to come back before the learner gets it back. */
export const CONTROL_GRACE_MS = 5_000;

/** A spectator socket, closed with this code when its role changes (it reconnects with the new one). */
type CloseSpectator = (code: number) => void;

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
  /** « Prendre la main »: per learner, the workshop whose trainer asked for or holds their terminal. */
  private readonly control = new Map<string, { workshopId: string; state: Exclude<ControlState, "none"> }>();
  private readonly spectators = new Map<string, Set<CloseSpectator>>();
  private readonly controlGrace = new Map<string, ReturnType<typeof setTimeout>>();

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

  /**
   * A trainer started watching the learner's terminal; returns what to call
   * when they stop. `close` ends that socket (when control is given or taken
   * back, so it reconnects as a viewer or a writer).
   */
  watchStarted(learnerId: string, close?: CloseSpectator): () => void {
    const n = (this.watchers.get(learnerId) ?? 0) + 1;
    this.watchers.set(learnerId, n);
    if (n === 1) this.tell(learnerId, { type: "watched", watching: true });
    const grace = this.controlGrace.get(learnerId);
    if (grace) {
      clearTimeout(grace);
      this.controlGrace.delete(learnerId);
    }
    if (close) {
      const set = this.spectators.get(learnerId) ?? new Set<CloseSpectator>();
      set.add(close);
      this.spectators.set(learnerId, set);
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (close) this.spectators.get(learnerId)?.delete(close);
      const left = (this.watchers.get(learnerId) ?? 1) - 1;
      if (left <= 0) {
        this.watchers.delete(learnerId);
        this.tell(learnerId, { type: "watched", watching: false });
        // Nobody looks any more: the request or the control ends, unless the view comes back at once (a reconnect).
        const held = this.control.get(learnerId);
        if (held) {
          this.controlGrace.set(
            learnerId,
            setTimeout(() => {
              this.controlGrace.delete(learnerId);
              if (!this.watchers.has(learnerId)) this.endControl(held.workshopId, learnerId);
            }, CONTROL_GRACE_MS).unref(),
          );
        }
      } else this.watchers.set(learnerId, left);
    };
  }

  /** Where « prendre la main » stands for this learner in this workshop. */
  controlOf(workshopId: string, learnerId: string): ControlState {
    const held = this.control.get(learnerId);
    return held && held.workshopId === workshopId ? held.state : "none";
  }

  /** The trainer asks to type in the learner's terminal; the learner answers on their page. */
  askControl(workshopId: string, learnerId: string): void {
    if (this.controlOf(workshopId, learnerId) !== "none") return;
    this.control.set(learnerId, { workshopId, state: "asked" });
    this.tell(learnerId, { type: "control", state: "asked" });
    this.changed(workshopId);
  }

  /** The learner's answer to a request; false when there was none to answer. */
  grantControl(workshopId: string, learnerId: string): boolean {
    if (this.controlOf(workshopId, learnerId) !== "asked") return false;
    this.control.set(learnerId, { workshopId, state: "granted" });
    this.tell(learnerId, { type: "control", state: "granted" });
    this.reconnectSpectators(learnerId);
    this.changed(workshopId);
    return true;
  }

  /** Either side ends it (refused, taken back, given back, or nobody watching any more); false when there was nothing to end. */
  endControl(workshopId: string, learnerId: string): boolean {
    const was = this.controlOf(workshopId, learnerId);
    if (was === "none") return false;
    this.control.delete(learnerId);
    this.tell(learnerId, { type: "control", state: "none" });
    if (was === "granted") this.reconnectSpectators(learnerId);
    this.changed(workshopId);
    return true;
  }

  private reconnectSpectators(learnerId: string): void {
    for (const close of [...(this.spectators.get(learnerId) ?? [])]) close(CloseCode.RoleChanged);
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
