import { describe, expect, it } from "vitest";
import { capacityWarnings } from "./capacity.js";

const GB = 1024 ** 3;

describe("capacityWarnings", () => {
  it("is quiet when the host holds what is configured", () => {
    expect(capacityWarnings({ maxSandboxes: 10, memoryMb: 1536, diskGb: 10, sleepDiskGb: 100 }, { totalMemoryBytes: 24 * GB, freeDiskBytes: 500 * GB })).toEqual([]);
  });

  it("says when memory or disk is overcommitted, with the figures", () => {
    const warnings = capacityWarnings({ maxSandboxes: 40, memoryMb: 1536, diskGb: 10, sleepDiskGb: 100 }, { totalMemoryBytes: 24 * GB, freeDiskBytes: 80 * GB });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain("60.0 GB, more than this host's 24.0 GB");
    expect(warnings[1]).toContain("= 500 GB, more than the 80 GB free");
  });

  it("says nothing of the disk when it is unknown or without quota", () => {
    expect(capacityWarnings({ maxSandboxes: 40, memoryMb: 256, diskGb: 10, sleepDiskGb: 100 }, { totalMemoryBytes: 24 * GB, freeDiskBytes: null })).toEqual([]);
    expect(capacityWarnings({ maxSandboxes: 40, memoryMb: 256, diskGb: 0, sleepDiskGb: 100 }, { totalMemoryBytes: 24 * GB, freeDiskBytes: 1 * GB })).toEqual([]);
  });
});
