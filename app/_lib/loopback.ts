import ipaddr from "ipaddr.js";

/**
 * Whether a client address (as settleForwardedHeaders set it) is this
 * machine's own loopback; IPv4 seen through an IPv6 socket counts as IPv4.
 */
export function isLoopbackAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}
