import { totalmem } from "node:os";
import { resolve } from "node:path";
import { capacityWarnings } from "./capacity.js";
import { fileURLToPath } from "node:url";
import { loadConfig, type RunnerConfig } from "./config.js";
import { DockerDriver } from "./driver/docker-driver.js";
import { ensureHostFirewall } from "./driver/firewall.js";
import { createLogger } from "./log.js";
import { SandboxInspector } from "./inspect/inspector.js";
import { createRunnerMetrics } from "./metrics/metrics.js";
import { SandboxManager } from "./sandboxes/manager.js";
import { FileStateStore } from "./sandboxes/state-file.js";
import { createRunnerServer } from "./server/app.js";

/** Where the runner keeps its state: one file per instance, so two runners on one engine never share one. */
export function runnerStateFile(config: RunnerConfig): string {
  return resolve(config.QUAI_DATA_DIR, `runner-state-${config.QUAI_INSTANCE}.json`);
}

/** Builds a runner from a config; used by main and by the integration tests. */
export async function startRunner(config: RunnerConfig) {
  const log = createLogger(config.QUAI_LOG_LEVEL);
  const driver = new DockerDriver({
    socketPath: config.QUAI_DOCKER_SOCKET,
    instance: config.QUAI_INSTANCE,
    image: config.QUAI_SANDBOX_IMAGE,
    runtime: config.QUAI_SANDBOX_RUNTIME,
    memoryMb: config.QUAI_SANDBOX_MEMORY_MB,
    cpus: config.QUAI_SANDBOX_CPUS,
    pids: config.QUAI_SANDBOX_PIDS,
    logMax: config.QUAI_SANDBOX_LOG_MAX,
    diskGb: config.QUAI_SANDBOX_DISK_GB,
    apparmorProfile: config.QUAI_SANDBOX_APPARMOR,
    ioMbps: config.QUAI_SANDBOX_IO_MBPS,
    subnetPool: config.QUAI_SANDBOX_SUBNET_POOL,
    egress: config.QUAI_SANDBOX_EGRESS,
    readyTimeoutMs: config.QUAI_SANDBOX_READY_TIMEOUT_S * 1000,
    cache: { mode: config.QUAI_CACHE_MODE, image: config.QUAI_CACHE_IMAGE, volume: config.QUAI_CACHE_VOLUME, upstream: config.QUAI_CACHE_UPSTREAM },
  });
  await driver.ping();
  for (const warning of capacityWarnings(
    { maxSandboxes: config.QUAI_SANDBOX_MAX, memoryMb: config.QUAI_SANDBOX_MEMORY_MB, diskGb: config.QUAI_SANDBOX_DISK_GB, sleepDiskGb: config.QUAI_SLEEP_DISK_GB },
    { totalMemoryBytes: totalmem(), freeDiskBytes: await driver.freeDiskBytes() },
  ))
    log.warn(warning);
  if (config.QUAI_HOST_FIREWALL) await ensureHostFirewall(driver.docker, config.QUAI_SANDBOX_IMAGE);
  await driver.prepare();
  const manager = new SandboxManager(driver, log, {
    ttlMs: config.QUAI_SANDBOX_TTL_MIN * 60_000,
    idleMs: config.QUAI_SANDBOX_IDLE_MIN * 60_000,
    maxSandboxes: config.QUAI_SANDBOX_MAX,
    warmPool: config.QUAI_WARM_POOL,
    poolMaxAgeMs: config.QUAI_POOL_MAX_AGE_MIN * 60_000,
    poolRefillDelayMs: config.QUAI_POOL_REFILL_DELAY_S * 1000,
    terminalsPerSandbox: config.QUAI_TERMINALS_PER_SANDBOX,
    terminalGraceMs: config.QUAI_TERMINAL_GRACE_S * 1000,
    sleepMs: config.QUAI_SLEEP_DAYS * 24 * 3600_000,
    sleepBudgetBytes: config.QUAI_SLEEP_DISK_GB * 1024 ** 3,
    maxColdStarts: config.QUAI_COLD_STARTS_MAX,
    maxLoadPerCore: config.QUAI_ADMIT_MAX_LOAD,
  }, new FileStateStore(runnerStateFile(config), log));
  await manager.start();
  const inspector = new SandboxInspector(manager);
  const metrics = createRunnerMetrics(manager);
  const { server, close } = createRunnerServer({ config, manager, driver, inspector, metrics }, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.QUAI_RUNNER_PORT, config.QUAI_RUNNER_HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.QUAI_RUNNER_PORT;
  log.info({ host: config.QUAI_RUNNER_HOST, port }, "sandbox runner listening");
  return {
    port,
    manager,
    driver,
    log,
    metrics,
    stop: async () => {
      manager.stop();
      await manager.flush();
      await close();
      metrics.close();
    },
  };
}

async function main(): Promise<void> {
  let config: RunnerConfig;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  try {
    const runner = await startRunner(config);
    const shutdown = () => {
      runner.log.info("shutting down; sandboxes keep running and are adopted at next start");
      void runner.stop().then(() => process.exit(0));
    };
    process.on("SIGTERM", shutdown);
    process.on("SIGINT", shutdown);
  } catch (err) {
    console.error(`sandbox runner failed to start: ${(err as Error).message}`);
    process.exit(1);
  }
}

// Run when executed directly (node dist/main.js, tsx src/main.ts), not when imported by tests.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) void main();
