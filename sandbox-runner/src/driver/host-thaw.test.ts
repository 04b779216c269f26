import { describe, expect, it } from "vitest";
import { hostThawScript } from "./host-thaw.js";

describe("hostThawScript", () => {
  it("thaws both cgroup versions below the sandbox's full id only", () => {
    const id = "a".repeat(64);
    const script = hostThawScript(id);
    expect(script).toContain(`-path '*${id}*' -name freezer.state`);
    expect(script).toContain(`-path '*${id}*' -name cgroup.freeze`);
  });

  it("refuses anything but a full container id (the id goes into a shell script)", () => {
    for (const bad of ["", "abc", "a".repeat(63), `${"a".repeat(64)}' ; rm -rf / ; '`, "*"]) {
      expect(() => hostThawScript(bad)).toThrow(/not a full container id/);
    }
  });
});
