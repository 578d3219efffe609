/**
 * Copy accounting: every byte the library copies in JavaScript goes through
 * {@linkcode copyBytes} (or is reported with {@linkcode countCopy}), so tests and
 * benchmarks can assert that bulk payloads are never copied.
 *
 * The counters are plain number additions: cheap enough to stay on in production.
 *
 * @module
 */

/** What a copy carried: protocol headers, bulk payload, or an explicit flatten. */
export type CopyKind = "header" | "payload" | "flatten";

/** A snapshot of the process-wide copy counters. */
export interface CopyStats {
  /** Bytes of protocol headers copied (small, expected: coalescing, straddling values). */
  headerBytes: number;
  /** Bytes of bulk payload (READ/WRITE data) copied; 0 on the zero-copy paths. */
  payloadBytes: number;
  /** Bytes copied by explicit flattens such as `MbufChain.toBytes()`. */
  flattenBytes: number;
  /** Number of copy operations of any kind. */
  copies: number;
}

const counters: CopyStats = { headerBytes: 0, payloadBytes: 0, flattenBytes: 0, copies: 0 };

/**
 * Records that `n` bytes of the given kind were copied by code that could not use
 * {@linkcode copyBytes} (for example a copy made inside a platform API).
 *
 * @param kind What the bytes were.
 * @param n How many bytes were copied.
 */
export function countCopy(kind: CopyKind, n: number): void {
  if (n <= 0) return;
  counters.copies++;
  if (kind === "payload") counters.payloadBytes += n;
  else if (kind === "header") counters.headerBytes += n;
  else counters.flattenBytes += n;
}

/**
 * Copies `src` into `dest` at `destOffset` and counts the bytes.
 *
 * @param dest Where to copy to.
 * @param destOffset Offset in `dest`.
 * @param src The bytes to copy (all of them).
 * @param kind What the bytes are, for the counters.
 * @throws {RangeError} If `src` does not fit in `dest` at `destOffset`.
 */
export function copyBytes(
  dest: Uint8Array,
  destOffset: number,
  src: Uint8Array,
  kind: CopyKind,
): void {
  if (destOffset < 0 || destOffset + src.length > dest.length) {
    throw new RangeError(
      `Cannot copy ${src.length} bytes at offset ${destOffset}: destination holds ${dest.length}`,
    );
  }
  dest.set(src, destOffset);
  countCopy(kind, src.length);
}

/**
 * Returns a snapshot of the copy counters (process-wide, since start or the last reset).
 *
 * @returns A fresh object; later copies do not change it.
 */
export function copyStats(): CopyStats {
  return { ...counters };
}

/** Resets the copy counters to zero (tests and benchmarks). */
export function resetCopyStats(): void {
  counters.headerBytes = 0;
  counters.payloadBytes = 0;
  counters.flattenBytes = 0;
  counters.copies = 0;
}
