import type { Logger } from "pino";
import type { SandboxDriver } from "../driver/driver.js";
import { Terminal } from "../terminals/terminal.js";

/** The shell a warm sandbox starts before anyone asks (not a terminal id the site gives: those are `<chapter>-<n>`). */
export const SPARE_SHELL = "quai-spare";
/**
 * The width the spare shell starts at: its welcome text is folded to it. A
 * new terminal narrower than this starts a shell of its own (the text would
 * wrap mid-word); a wider one shows it folded a little short of its width.
 */
export const SPARE_SIZE = { cols: 64, rows: 24 } as const;

/**
 * One login shell started ahead in each warm sandbox, so that the learner's
 * first terminal finds its prompt already printed: a new shell (docker exec,
 * quai-term, dtach, nsenter, bash -l) takes 0.2–1 s on a busy machine, and
 * the first visit waits for it. The shell starts while the sandbox waits in
 * its pool; the first new terminal of its learner takes it, renamed, resized,
 * and aliased in the sandbox (`quai-term alias`) so that a runner restarted
 * later finds it under the terminal's id.
 */
export class SpareShells {
  private readonly spares = new Map<string, Promise<Terminal | null>>();

  constructor(
    private readonly driver: SandboxDriver,
    private readonly log: Logger,
  ) {}

  /**
   * Starts the spare shell of the warm sandbox `id`. `adopted`: the sandbox
   * was warm under an earlier runner, whose spare is ended first (what it
   * printed went to that runner; attached again, it would show nothing).
   */
  open(id: string, adopted = false): void {
    if (this.spares.has(id)) return;
    const started: Promise<Terminal | null> = (adopted ? this.driver.endShell(id, SPARE_SHELL) : Promise.resolve())
      .then(() => this.driver.openTerminal(id, SPARE_SIZE, { shell: SPARE_SHELL }))
      .then((proc) => {
        const t = new Terminal(SPARE_SHELL, proc);
        t.once("exit", () => this.forget(id, started));
        return t;
      })
      .catch((err: unknown) => {
        this.log.warn({ err, id }, "spare shell not started; the first terminal starts its own");
        this.forget(id, started);
        return null;
      });
    this.spares.set(id, started);
  }

  get size(): number {
    return this.spares.size;
  }

  /**
   * The spare shell of sandbox `id` as the new terminal `terminalId` of
   * `size`, or null when there is none to take (none started, it failed or
   * ended, or the terminal is narrower than SPARE_SIZE: that spare is ended).
   * Taken once: the next new terminal starts its own shell.
   */
  async take(id: string, terminalId: string, size: { cols: number; rows: number }): Promise<Terminal | null> {
    const spare = this.spares.get(id);
    if (!spare) return null;
    this.spares.delete(id);
    const t = await spare;
    if (!t) return null;
    if (t.ended || size.cols < SPARE_SIZE.cols) {
      this.end(id, t);
      return null;
    }
    try {
      await t.adopt(terminalId, size);
    } catch (err) {
      this.log.warn({ err, id }, "spare shell not resized; the terminal starts its own");
      this.end(id, t);
      return null;
    }
    if (terminalId !== SPARE_SHELL) {
      // Only a runner restarted later needs it (this one holds the Terminal): not waited for.
      this.driver.aliasShell(id, SPARE_SHELL, terminalId).catch((err: unknown) =>
        this.log.warn({ err, id, terminal: terminalId }, "spare shell not aliased: after a runner restart, this terminal starts a new shell"),
      );
    }
    return t;
  }

  /** Lets go of the spare of a sandbox that leaves (removed or asleep: its shell goes with the container). */
  drop(id: string): void {
    const spare = this.spares.get(id);
    if (!spare) return;
    this.spares.delete(id);
    void spare.then((t) => t?.close());
  }

  /** Closes every spare's stream; the shells stay in their sandboxes (the next runner ends and restarts them). */
  closeAll(): void {
    for (const id of [...this.spares.keys()]) this.drop(id);
  }

  private end(id: string, t: Terminal): void {
    t.close();
    this.driver.endShell(id, SPARE_SHELL).catch((err: unknown) => this.log.warn({ err, id }, "unused spare shell not ended"));
  }

  private forget(id: string, which: Promise<Terminal | null>): void {
    if (this.spares.get(id) === which) this.spares.delete(id);
  }
}
