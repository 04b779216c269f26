import type { Duplex } from "node:stream";

/**
 * The bytes of DETACH_KEYS (docker-exec.ts): ctrl-^ ctrl-@, three times.
 * Docker's exec stream detaches when they arrive in a row.
 */
export const DETACH_SEQUENCE = Uint8Array.from([0x1e, 0x00, 0x1e, 0x00, 0x1e, 0x00]);

/**
 * Removes from a learner's input the one byte that would complete the
 * exec's detach sequence, so that the runner's shell can never be detached
 * by what is typed or pasted. It follows the sequence as Docker's escape
 * proxy does (which resets on a mismatch without rechecking that byte), one
 * step ahead or level with it, never behind: the proxy never reaches the end.
 */
export class DetachGuard {
  private matched = 0;

  filter(input: Uint8Array): Uint8Array {
    const last = DETACH_SEQUENCE.length - 1;
    let out: number[] | null = null;
    for (let i = 0; i < input.length; i++) {
      const byte = input[i]!;
      if (this.matched === last && byte === DETACH_SEQUENCE[last]) {
        // Dropped; Docker is still waiting on the same byte, so are we.
        out ??= Array.from(input.subarray(0, i));
        continue;
      }
      if (byte === DETACH_SEQUENCE[this.matched]) this.matched++;
      else this.matched = byte === DETACH_SEQUENCE[0] ? 1 : 0;
      out?.push(byte);
    }
    return out ? Uint8Array.from(out) : input;
  }
}

/** Filters every write to the exec stream of a terminal through a DetachGuard. */
export function guardDetachKeys(stream: Duplex): Duplex {
  const guard = new DetachGuard();
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Uint8Array);
    return write(Buffer.from(guard.filter(bytes)), ...rest);
  }) as Duplex["write"];
  return stream;
}
