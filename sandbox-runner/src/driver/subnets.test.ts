import { describe, expect, it } from "vitest";
import { pickSubnet } from "./subnets.js";

describe("pickSubnet", () => {
  it("skips the pool's first slot and every used or overlapping range", () => {
    expect(pickSubnet("10.213.0.0/16", [])).toEqual({ subnet: "10.213.0.16/28", gateway: "10.213.0.17" });
    expect(pickSubnet("10.213.0.0/16", ["10.213.0.16/28", "10.213.0.32/27", "fd00::/64"]).subnet).toBe("10.213.0.64/28");
  });

  it("honours an explicit skip list (a subnet Docker just refused)", () => {
    expect(pickSubnet("10.213.0.0/16", [], new Set(["10.213.0.16/28"])).subnet).toBe("10.213.0.32/28");
  });

  it("fails with the pool's name when it is full", () => {
    expect(() => pickSubnet("10.213.0.0/16", ["10.0.0.0/8"])).toThrow("no free /28 left in 10.213.0.0/16");
  });
});
