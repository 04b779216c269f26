/**
 * The tail of a terminal's output, addressed by absolute byte offset.
 *
 * Chunks are kept as they arrive (no copy into a preallocated ring), so an idle
 * terminal costs only what it printed, and the oldest chunks are dropped once
 * more than `capacity` bytes are held.
 */
export class ReplayBuffer {
  private chunks: Uint8Array[] = [];
  private held = 0;
  /** Offset of the first byte still held. */
  private start = 0;

  /** `startOffset`: the offset of the first byte to come (a shell taken over from an earlier runner continues its count). */
  constructor(
    private readonly capacity: number,
    startOffset = 0,
  ) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`replay buffer capacity must be a positive integer, got ${capacity}`);
    if (!Number.isSafeInteger(startOffset) || startOffset < 0) throw new RangeError(`replay buffer start must be a non-negative integer, got ${startOffset}`);
    this.start = startOffset;
  }

  /** Offset one past the last byte ever appended. */
  get end(): number {
    return this.start + this.held;
  }

  /** Offset of the oldest byte still available. */
  get oldest(): number {
    return this.start;
  }

  get size(): number {
    return this.held;
  }

  append(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.chunks.push(data);
    this.held += data.byteLength;
    while (this.held > this.capacity && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.held - this.capacity;
      if (first.byteLength <= excess) {
        this.chunks.shift();
        this.held -= first.byteLength;
        this.start += first.byteLength;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.held -= excess;
        this.start += excess;
      }
    }
  }

  /**
   * Up to `max` bytes starting at `from` (clamped to what is held).
   * Returns the offset actually served, which is later than `from` when those
   * bytes were already dropped.
   */
  read(from: number, max: number): { offset: number; data: Uint8Array } {
    const offset = Math.max(from, this.start);
    if (offset >= this.end || max <= 0) return { offset, data: new Uint8Array(0) };
    const parts: Uint8Array[] = [];
    let skip = offset - this.start;
    let want = Math.min(max, this.end - offset);
    for (const chunk of this.chunks) {
      if (want === 0) break;
      if (skip >= chunk.byteLength) {
        skip -= chunk.byteLength;
        continue;
      }
      const piece = chunk.subarray(skip, skip + want);
      skip = 0;
      parts.push(piece);
      want -= piece.byteLength;
    }
    if (parts.length === 1) return { offset, data: parts[0]! };
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    const data = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.byteLength;
    }
    return { offset, data };
  }
}
