import { describe, expect, it } from "vitest";
import { isLoopbackAddress } from "./loopback";

describe("isLoopbackAddress", () => {
  it("knows the machine's own addresses, IPv4, IPv6 and IPv4 seen through IPv6", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(a), a).toBe(true);
  });

  it("refuses every other address, and one it cannot read", () => {
    for (const a of ["10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "fe80::1", "1270.0.0.1", "127.0.0.1.evil", "unknown", ""]) expect(isLoopbackAddress(a), a).toBe(false);
  });
});
