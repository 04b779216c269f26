/**
 * What the configured capacity promises against what the host has, checked
 * once at start: a classroom should learn at 9 a.m. that the machine cannot
 * hold 40 sandboxes of 1.5 GB, not at 9:20 from the kernel's OOM killer.
 * Overcommitting is allowed (learners rarely use their whole limit at once);
 * the runner says so, in the log, with the figures.
 */
export interface CapacityPlan {
  maxSandboxes: number;
  memoryMb: number;
  diskGb: number;
  sleepDiskGb: number;
}

export interface HostFacts {
  totalMemoryBytes: number;
  /** Free space where Docker keeps volumes (the disks live there); null: unknown. */
  freeDiskBytes: number | null;
}

const GB = 1024 ** 3;

export function capacityWarnings(plan: CapacityPlan, host: HostFacts): string[] {
  const warnings: string[] = [];
  const memory = plan.maxSandboxes * plan.memoryMb * 1024 * 1024;
  if (memory > host.totalMemoryBytes) {
    warnings.push(
      `QUAI_SANDBOX_MAX (${plan.maxSandboxes}) × QUAI_SANDBOX_MEMORY_MB (${plan.memoryMb}) = ${(memory / GB).toFixed(1)} GB, ` +
        `more than this host's ${(host.totalMemoryBytes / GB).toFixed(1)} GB of memory: sandboxes may be killed for memory when many are busy`,
    );
  }
  if (host.freeDiskBytes !== null && plan.diskGb > 0) {
    const disk = (plan.maxSandboxes * plan.diskGb + plan.sleepDiskGb) * GB;
    if (disk > host.freeDiskBytes) {
      warnings.push(
        `QUAI_SANDBOX_MAX (${plan.maxSandboxes}) × QUAI_SANDBOX_DISK_GB (${plan.diskGb}) + QUAI_SLEEP_DISK_GB (${plan.sleepDiskGb}) = ${(disk / GB).toFixed(0)} GB, ` +
          `more than the ${(host.freeDiskBytes / GB).toFixed(0)} GB free for Docker: full disks are possible if every learner fills theirs`,
      );
    }
  }
  return warnings;
}
