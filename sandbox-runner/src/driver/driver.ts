import type { Duplex } from "node:stream";
import type { ExecResult as ApiExecResult } from "../protocol/index.js";

/** What the runner knows about one sandbox; everything here is recoverable from Docker. */
export interface SandboxRecord {
  id: string;
  /** The learner it belongs to; null while it waits in the warm pool. */
  owner: string | null;
  createdAt: number;
  running: boolean;
  /** Address on its private network, for the port preview proxy. */
  ip: string | null;
  /** When it was stopped (asleep, or dead), for a sandbox that is not running. */
  stoppedAt?: number;
}

export interface CreateSpec {
  id: string;
  owner: string | null;
}

export interface ExecRequest {
  /** argv, run directly (no shell). */
  argv: string[];
  timeoutMs: number;
  workdir?: string;
  env?: Record<string, string>;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and `truncated` set. */
  maxOutputBytes: number;
}

/** What a command gave: the API's answer to an exec, as the driver returns it. */
export type ExecResult = ApiExecResult;

export interface FileEntry {
  /** Relative path, already validated. */
  path: string;
  content: Uint8Array;
}

/** A command to run on a TTY instead of the login shell (a job), from `workdir` on the learner's side. */
export interface TerminalCommand {
  argv: string[];
  workdir: string;
}

/**
 * What a terminal runs: the login shell `shell` (an id of [a-z0-9-]{1,36}),
 * which outlives the runner and is found again under that id after a
 * restart; or a job's command, which ends with its exec.
 */
export type TerminalTarget = { shell: string } | { job: TerminalCommand };

/** A shell (or a job's command) with a TTY inside a sandbox. */
export interface TerminalProcess {
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  /** Exit code once the stream has ended (null if unknown). */
  exitCode(): Promise<number | null>;
}

export type GoneListener = (id: string, reason: string) => void;

/**
 * The boundary between sandbox lifecycle logic and the container engine.
 * Every method is idempotent where that makes sense: destroying what is
 * already gone succeeds.
 */
export interface SandboxDriver {
  /** Starts (or adopts) the shared image cache; called once at start. */
  prepare(): Promise<void>;
  create(spec: CreateSpec): Promise<SandboxRecord>;
  assign(id: string, owner: string): Promise<void>;
  destroy(id: string): Promise<void>;
  /**
   * Stops a sandbox and keeps everything the learner made (its disk, its
   * name, its network) for `wake`: memory and CPU go back to the host.
   */
  sleep(id: string): Promise<void>;
  /** Starts a sleeping sandbox again for its owner, everything in place. */
  wake(id: string, owner: string): Promise<SandboxRecord>;
  /** Bytes each sandbox's disk takes on the host (sleeping ones included); absent: not known. */
  diskUsage(ids: string[]): Promise<Map<string, number>>;
  /** Every sandbox of this runner instance, running or not. */
  list(): Promise<SandboxRecord[]>;
  /** Removes networks and volumes that belong to no sandbox; returns how many. */
  removeOrphans(): Promise<number>;
  exec(id: string, request: ExecRequest): Promise<ExecResult>;
  /**
   * A TTY on the login shell `target.shell` (attached to it when it still
   * runs, started otherwise), or on a job's command (the process ends with it).
   */
  openTerminal(id: string, size: { cols: number; rows: number }, target: TerminalTarget): Promise<TerminalProcess>;
  /** The shells still running in a sandbox (they outlive a runner restart), by id. */
  terminalShells(id: string): Promise<string[]>;
  /** The running shell `shell` answers to `alias` from now on (open, end, exit code, the list of shells). */
  aliasShell(id: string, shell: string, alias: string): Promise<void>;
  /** Ends the shell `shell` and what runs in it (idempotent); an open TerminalProcess on it then ends. */
  endShell(id: string, shell: string): Promise<void>;
  putFiles(id: string, dir: string, files: FileEntry[]): Promise<void>;
  /** Calls back when a sandbox stops without the runner asking. Returns an unsubscribe. */
  watch(listener: GoneListener): () => void;
  ping(): Promise<void>;
}
