import ipaddr from "ipaddr.js";

/**
 * Whom a per-address budget counts: an IPv4 address, or the /64 an IPv6
 * host is given (it may pick any address inside, so counting single IPv6
 * addresses would count nothing). IPv4 seen through an IPv6 socket
 * (`::ffff:192.0.2.1`) is the IPv4 address.
 */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(":")}::/64`;
}
