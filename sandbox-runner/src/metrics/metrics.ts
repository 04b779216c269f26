import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ExecKind, ExecOutcome, LeaseSource, Sandbox, SandboxManager } from "../sandboxes/manager.js";
import type { WaitReason } from "../sandboxes/errors.js";

/**
 * The runner's Prometheus metrics. Gauges are read from the manager when
 * scraped (never kept in step by hand); counters and histograms listen to
 * the manager's events. One registry per runner, so that several runners in
 * one process (the integration tests) never share figures.
 */
export interface RunnerMetrics {
  registry: Registry;
  /** The text a scrape gets, and its content type. */
  render(): Promise<{ body: string; contentType: string }>;
  close(): void;
}

// Buckets tuned to what is measured here: a warm lease takes ~0.1 s, a cold
// start 0.7–3 s on a busy 2-core host, waking a sleeper ~1–2 s.
const START_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];
// A check is a short script (typically 0.1–2 s; 5 s is the classroom target); execs may run minutes.
const EXEC_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 120, 600];

export function createRunnerMetrics(manager: SandboxManager, opts: { processMetrics?: boolean } = {}): RunnerMetrics {
  const registry = new Registry();
  if (opts.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "quai_runner_" });

  new Gauge({
    name: "quai_sandboxes",
    help: "Sandboxes by state: leased (a learner's), warm (pool), reserved_warm (a workshop's pool), creating, asleep (stopped, disk kept).",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const s = manager.stats;
      this.set({ state: "leased" }, s.assigned);
      this.set({ state: "warm" }, s.warm);
      this.set({ state: "reserved_warm" }, manager.reservationsList().reduce((n, r) => n + r.ready, 0));
      this.set({ state: "creating" }, s.creating);
      this.set({ state: "asleep" }, s.sleeping);
    },
  });
  new Gauge({
    name: "quai_sandboxes_max",
    help: "The configured maximum of sandboxes (QUAI_SANDBOX_MAX).",
    registers: [registry],
    collect() {
      this.set(manager.o.maxSandboxes);
    },
  });
  new Gauge({
    name: "quai_pool_target",
    help: "Warm sandboxes the pool keeps ready (QUAI_WARM_POOL).",
    registers: [registry],
    collect() {
      this.set(manager.o.warmPool);
    },
  });
  new Gauge({
    name: "quai_admission_waiting",
    help: "Learners in the waiting line of a full runner.",
    registers: [registry],
    collect() {
      this.set(manager.stats.waiting);
    },
  });
  new Gauge({
    name: "quai_terminals",
    help: "Open shells over every sandbox.",
    registers: [registry],
    collect() {
      this.set(manager.terminalCounts().terminals);
    },
  });
  new Gauge({
    name: "quai_terminal_sockets",
    help: "WebSockets attached to shells, by role (writer: the learner typing; viewer: read-only, e.g. a trainer).",
    labelNames: ["role"],
    registers: [registry],
    collect() {
      const c = manager.terminalCounts();
      this.set({ role: "writer" }, c.writers);
      this.set({ role: "viewer" }, c.viewers);
    },
  });
  new Gauge({
    name: "quai_terminals_paused",
    help: "Shells whose output is paused because their sockets do not acknowledge it (slow clients).",
    registers: [registry],
    collect() {
      this.set(manager.terminalCounts().paused);
    },
  });

  const starts = new Histogram({
    name: "quai_sandbox_start_seconds",
    help: "Time to hand a learner a sandbox they did not have, by source: cold (created), warm (pool), reserved (a workshop's pool), woken (from sleep).",
    labelNames: ["source"],
    buckets: START_BUCKETS,
    registers: [registry],
  });
  const refused = new Counter({
    name: "quai_admissions_refused_total",
    help: "Sandbox requests answered with a place in the waiting line, by reason: full (every place taken) or busy (the host's load is past QUAI_ADMIT_MAX_LOAD).",
    labelNames: ["reason"],
    registers: [registry],
  });
  const execs = new Histogram({
    name: "quai_exec_duration_seconds",
    help: "Commands run in sandboxes (kind: check for a course exercise check, command otherwise), by outcome (ok, timeout, error).",
    labelNames: ["kind", "outcome"],
    buckets: EXEC_BUCKETS,
    registers: [registry],
  });
  const execErrors = new Counter({
    name: "quai_exec_errors_total",
    help: "Commands that could not run to the end: timeout, or error (the engine failed).",
    labelNames: ["kind", "reason"],
    registers: [registry],
  });
  const checks = new Counter({
    name: "quai_checks_total",
    help: "Exercise checks run, by result (pass: exit 0; fail: another exit code; error: timed out or did not run).",
    labelNames: ["result"],
    registers: [registry],
  });
  // Every label combination exists from the start: a scraper sees 0, not nothing, before the first event.
  for (const source of ["cold", "warm", "reserved", "woken"] satisfies LeaseSource[]) starts.zero({ source });
  for (const kind of ["check", "command"] satisfies ExecKind[]) for (const reason of ["timeout", "error"]) execErrors.inc({ kind, reason }, 0);
  for (const result of ["pass", "fail", "error"]) checks.inc({ result }, 0);
  for (const reason of ["full", "busy"] satisfies WaitReason[]) refused.inc({ reason }, 0);

  const onLease = (_sb: Sandbox, source: LeaseSource, ms: number) => starts.observe({ source }, ms / 1000);
  const onRefused = (_owner: string, _position: number, reason: WaitReason) => refused.inc({ reason });
  const onExec = (kind: ExecKind, ms: number, outcome: ExecOutcome, exitCode: number | null) => {
    execs.observe({ kind, outcome }, ms / 1000);
    if (outcome !== "ok") execErrors.inc({ kind, reason: outcome });
    if (kind === "check") checks.inc({ result: outcome !== "ok" ? "error" : exitCode === 0 ? "pass" : "fail" });
  };
  manager.on("lease", onLease);
  manager.on("refused", onRefused);
  manager.on("exec", onExec);

  return {
    registry,
    render: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
    close() {
      manager.off("lease", onLease);
      manager.off("refused", onRefused);
      manager.off("exec", onExec);
      registry.clear();
    },
  };
}
