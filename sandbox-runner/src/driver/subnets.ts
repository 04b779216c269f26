/**
 * Each sandbox gets its own /28 bridge network carved from one /16 pool, so
 * sandboxes share no L2 segment and the pool holds 4096 of them (Docker's
 * default address pools would run out after ~30 networks).
 */
const SLOT_BITS = 4; // /28: 16 addresses — gateway, cache, sandbox, spare

function toInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function parseCidr(cidr: string): { base: number; size: number } {
  const [ip, bits] = cidr.split("/");
  const prefix = Number(bits);
  if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not a CIDR: ${cidr}`);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(toInt(ip) / size) * size, size };
}

export interface Slot {
  subnet: string;
  gateway: string;
}

/** The first /28 of `pool` that overlaps none of `used` (IPv4 CIDRs; others ignored). */
export function pickSubnet(pool: string, used: string[], skip = new Set<string>()): Slot {
  const { base, size } = parseCidr(pool);
  const taken = used.filter((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c)).map(parseCidr);
  const slot = 2 ** SLOT_BITS;
  // Slot 0 is left alone: a /28 at the pool's base is the one people pick by hand.
  for (let start = base + slot; start + slot <= base + size; start += slot) {
    const subnet = `${toIp(start)}/${32 - SLOT_BITS}`;
    if (skip.has(subnet)) continue;
    const overlaps = taken.some((t) => start < t.base + t.size && t.base < start + slot);
    if (!overlaps) return { subnet, gateway: toIp(start + 1) };
  }
  throw new Error(`no free /28 left in ${pool}`);
}
